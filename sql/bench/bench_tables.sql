-- Scratch tables of `martflow bench`, in its own schema of the bench database.
drop schema if exists bench cascade;
create schema bench;

-- Target of the in-database baseline: the shape of stage.tmp_order_items.
create table bench.order_items_in_database (like stage.tmp_order_items including defaults);
alter table bench.order_items_in_database drop column run_id;
-- The stage table has a primary key; so has the baseline's target, for the same index upkeep.
alter table bench.order_items_in_database add primary key (source_system, order_id, line_no);

-- Target of the COPY floor: the source rows, moved out and back in unchanged.
create table bench.order_items_copy (like shop.order_items);
