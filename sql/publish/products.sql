-- Publish the run's staged products into dw.tb_products as SCD type 2 on list price, category,
-- availability and discontinuation; the other attributes are type 1 on the current version.
-- Runs in one transaction; the runner sets martflow.run_id. Idempotent; stale rows are ignored.

create temporary table publish_products on commit drop as
select s.*,
       md5(row(s.list_price, s.department, s.category, s.subcategory, s.availability,
               coalesce(s.is_discontinued, false))::text) as row_hash
from stage.tmp_products s
where s.run_id = current_setting('martflow.run_id');

update dw.tb_products d
set sku = p.sku, name = p.name, brand = p.brand, cost = p.cost, stock_qty = p.stock_qty,
    reorder_level = p.reorder_level, is_active = p.is_active, discontinued_at = p.discontinued_at,
    created_at = p.created_at, updated_at = p.updated_at, is_uncategorized = p.is_uncategorized,
    margin = p.margin, margin_pct = p.margin_pct
from publish_products p
where d.source_system = p.source_system and d.product_id = p.product_id and d.is_current
  and d.row_hash = p.row_hash
  and p.updated_at >= d.updated_at
  and (d.sku, d.name, d.brand, d.cost, d.stock_qty, d.reorder_level, d.is_active, d.discontinued_at,
       d.created_at, d.updated_at, d.is_uncategorized, d.margin, d.margin_pct)
      is distinct from
      (p.sku, p.name, p.brand, p.cost, p.stock_qty, p.reorder_level, p.is_active, p.discontinued_at,
       p.created_at, p.updated_at, p.is_uncategorized, p.margin, p.margin_pct);

update dw.tb_products d
set valid_to = p.updated_at, is_current = false
from publish_products p
where d.source_system = p.source_system and d.product_id = p.product_id and d.is_current
  and d.row_hash <> p.row_hash
  and p.updated_at > d.valid_from;

insert into dw.tb_products (
  product_sk, source_system, product_id, sku, name, category, subcategory, brand, list_price, cost,
  stock_qty, reorder_level, is_active, discontinued_at, created_at, updated_at, department,
  is_uncategorized, availability, is_discontinued, margin, margin_pct, valid_from, valid_to, is_current,
  row_hash, run_id)
select dw.surrogate_key(v.source_system || '|' || v.product_id || '|' || extract(epoch from v.valid_from)),
       v.source_system, v.product_id, v.sku, v.name, v.category, v.subcategory, v.brand, v.list_price, v.cost,
       v.stock_qty, v.reorder_level, v.is_active, v.discontinued_at, v.created_at, v.updated_at, v.department,
       v.is_uncategorized, v.availability, coalesce(v.is_discontinued, false), v.margin, v.margin_pct,
       v.valid_from, 'infinity', true, v.row_hash, current_setting('martflow.run_id')
from (
  select p.*,
         case when exists (select 1 from dw.tb_products h
                           where h.source_system = p.source_system and h.product_id = p.product_id)
              then p.updated_at
              else coalesce(least(p.created_at, p.updated_at), '-infinity')
         end as valid_from
  from publish_products p
  where not exists (select 1 from dw.tb_products d
                    where d.source_system = p.source_system and d.product_id = p.product_id and d.is_current)
) v;

-- Full refresh only: current products that the source no longer has (the run read every row and
-- neither staged nor rejected this key) were deleted there. Their version closes at the run's
-- as-of time and a deleted version opens, so history keeps what was true before.
create temporary table publish_products_gone on commit drop as
select d.*
from dw.tb_products d
where current_setting('martflow.full_refresh') = 'true'
  and d.is_current and not d.is_deleted
  and d.valid_from < current_setting('martflow.as_of')::timestamptz
  and d.source_system in (select source_system from publish_products
                          union select source_system from ctl.rejects
                                where run_id = current_setting('martflow.run_id') and domain = 'products')
  and not exists (select 1 from publish_products p
                  where p.source_system = d.source_system and p.product_id = d.product_id)
  and not exists (select 1 from ctl.rejects r
                  where r.run_id = current_setting('martflow.run_id') and r.domain = 'products'
                    and r.source_system = d.source_system and r.record_key = d.product_id::text);

update dw.tb_products d
set valid_to = current_setting('martflow.as_of')::timestamptz, is_current = false
from publish_products_gone g
where d.product_sk = g.product_sk;

insert into dw.tb_products (product_sk, source_system, product_id, sku, name, category, subcategory, brand, list_price, cost, stock_qty,
  reorder_level, is_active, discontinued_at, created_at, updated_at, department, is_uncategorized,
  availability, is_discontinued, margin, margin_pct, is_deleted, valid_from, valid_to, is_current, row_hash, run_id)
select dw.surrogate_key(g.source_system || '|' || g.product_id || '|'
                        || extract(epoch from current_setting('martflow.as_of')::timestamptz)),
       g.source_system, g.product_id, g.sku, g.name, g.category, g.subcategory, g.brand,
       g.list_price, g.cost, g.stock_qty, g.reorder_level, g.is_active, g.discontinued_at,
       g.created_at, g.updated_at, g.department, g.is_uncategorized, g.availability,
       g.is_discontinued, g.margin, g.margin_pct, true,
       current_setting('martflow.as_of')::timestamptz, 'infinity', true, md5('deleted'),
       current_setting('martflow.run_id')
from publish_products_gone g;
