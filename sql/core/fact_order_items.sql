-- grain: one row per live order line (dw.tb_order_items; neither the line nor its order deleted)
--
-- materialization: table, incremental by order line. Scope: the lines of the dw runs (of lines
-- or of their orders: a line takes its date, status and customer from the order) this model has
-- not built yet, plus the current run; the lines whose product or whose order's customer had its
-- versions changed in the dimensions since the last build (the point-in-time keys may move); and
-- every line still in the fact whose line or order is deleted (a delete flag may come without a
-- new run_id). The scope is recomputed from dw and compared with the fact: rows that are new, gone
-- or different are deleted and inserted, and their order dates and products (before and after)
-- recorded in ctl.build_changes. Full refresh (or an 'all' change of a dimension): truncate and
-- insert every line straight into the fact; the scope, the comparison and the temporary copy are
-- skipped (writing a million lines twice was most of a full build).

select ctl.truncate_if_full_build('core.fact_order_items', 'fact_order_items', '{dim_customer,dim_product}');

-- Decided once: ctl.mark_built below ends the full build that is_full_build reports.
create temporary table fact_order_items_build on commit drop as
select ctl.is_full_build('fact_order_items', '{dim_customer,dim_product}') as full_build;

-- A full build fills the emptied table: its secondary indexes are dropped here and built once at
-- the end, faster than maintained row by row (V12_2__deferred_indexes.sql).
select ctl.suspend_indexes('core.fact_order_items') from fact_order_items_build where full_build;

-- The lines an incremental build recomputes (none on a full build).
create temporary table fact_order_items_scope on commit drop as
with
full_build as (
  select full_build as yes from fact_order_items_build
),
pending_runs as (
  select r.run_id
  from ctl.pending_dw_runs('fact_order_items', array['dw.tb_order_items', 'dw.tb_orders']::regclass[]) as r(run_id)
),
changed_customers as (
  select distinct c.source_system, c.entity_id as customer_id
  from ctl.pending_changes('fact_order_items', '{dim_customer,dim_product}') c
  where c.kind = 'customer' and c.versions_changed
),
changed_products as (
  select distinct c.source_system, c.entity_id as product_id
  from ctl.pending_changes('fact_order_items', '{dim_customer,dim_product}') c
  where c.kind = 'product' and c.versions_changed
),
scope_orders as (
  select o.source_system, o.order_id
  from dw.tb_orders o
  where o.run_id in (select run_id from pending_runs)
  union
  select o.source_system, o.order_id
  from dw.tb_orders o
  join changed_customers c on c.source_system = o.source_system and c.customer_id = o.customer_id
)
select l.source_system, l.order_id, l.line_no
from dw.tb_order_items l
where not (select yes from full_build)
  and l.run_id in (select run_id from pending_runs)
union
select l.source_system, l.order_id, l.line_no
from dw.tb_order_items l
join scope_orders o on o.source_system = l.source_system and o.order_id = l.order_id
where not (select yes from full_build)
union
select l.source_system, l.order_id, l.line_no
from dw.tb_order_items l
join changed_products p on p.source_system = l.source_system and p.product_id = l.product_id
where not (select yes from full_build)
union
select l.source_system, l.order_id, l.line_no
from dw.tb_order_items l
where not (select yes from full_build)
  and l.is_deleted
  and exists (select 1 from core.fact_order_items f
              where f.source_system = l.source_system and f.order_id = l.order_id and f.line_no = l.line_no)
union
select f.source_system, f.order_id, f.line_no
from dw.tb_orders o
join core.fact_order_items f on f.source_system = o.source_system and f.order_id = o.order_id
where not (select yes from full_build)
  and o.is_deleted;

create unique index on fact_order_items_scope (source_system, order_id, line_no);
analyze fact_order_items_scope;

-- The model query: every live line (full build) or the scope's lines, as dw has them now. A
-- temporary view: it reads the temporary tables, so it is dropped with them at commit.
create temporary view fact_order_items_model as
with
-- import CTEs
full_build as (
  select full_build as yes from fact_order_items_build
),
order_lines as (
  select l.*
  from dw.tb_order_items l
  where not l.is_deleted
    and ((select yes from full_build)
         or (l.source_system, l.order_id, l.line_no) in (select s.source_system, s.order_id, s.line_no
                                                         from fact_order_items_scope s))
),
orders as (
  select o.source_system, o.order_id, o.customer_id, o.order_ts, o.order_date, o.status
  from dw.tb_orders o
  where not o.is_deleted
),
customer_versions as (
  select c.customer_key, c.source_system, c.customer_id, c.valid_from, c.valid_to
  from core.dim_customer c
  where not c.is_unknown
),
product_versions as (
  select p.product_key, p.source_system, p.product_id, p.valid_from, p.valid_to
  from core.dim_product p
  where not p.is_unknown
),
order_statuses as (
  select s.status, s.is_revenue
  from ref.order_statuses s
),
-- logic CTEs
lines_with_orders as (
  select l.*, o.customer_id, o.order_ts, o.order_date, o.status as order_status
  from order_lines l
  join orders o on o.source_system = l.source_system and o.order_id = l.order_id
),
with_versions as (
  -- Point-in-time: the product and customer versions valid when the order was placed.
  select l.*, pv.product_key, cv.customer_key
  from lines_with_orders l
  left join product_versions pv
    on pv.source_system = l.source_system
   and pv.product_id = l.product_id
   and pv.valid_from <= l.order_ts
   and l.order_ts < pv.valid_to
  left join customer_versions cv
    on cv.source_system = l.source_system
   and cv.customer_id = l.customer_id
   and cv.valid_from <= l.order_ts
   and l.order_ts < cv.valid_to
),
final as (
  select l.source_system,
         l.order_id,
         l.line_no,
         l.product_id,
         coalesce(l.product_key, -1) as product_key,
         l.customer_id,
         coalesce(l.customer_key, -1) as customer_key,
         to_char(l.order_date, 'YYYYMMDD')::int as order_date_key,
         l.order_date,
         date_trunc('month', l.order_date)::date as order_month,
         l.order_ts,
         l.order_status,
         coalesce(st.is_revenue, false) as is_revenue,
         l.quantity,
         l.unit_price,
         coalesce(l.discount_pct, 0) as discount_pct,
         coalesce(l.gross_amount, 0) as gross_amount,
         coalesce(l.discount_applied, 0) as discount_applied,
         coalesce(l.net_amount, 0) as net_amount,
         l.applied_tax_rate,
         coalesce(l.tax_amount, 0) as tax_amount,
         coalesce(l.line_total, 0) as line_total,
         l.unit_net_price,
         current_setting('martflow.run_id') as run_id
  from with_versions l
  left join order_statuses st on st.status = l.order_status
)
select * from final;

-- Incremental build: the scope's rows, to compare with the fact.
create temporary table fact_order_items_next (like core.fact_order_items including defaults) on commit drop;

insert into fact_order_items_next (
  source_system, order_id, line_no, product_id, product_key, customer_id, customer_key,
  order_date_key, order_date, order_month, order_ts, order_status, is_revenue, quantity,
  unit_price, discount_pct, gross_amount, discount_applied, net_amount, applied_tax_rate,
  tax_amount, line_total, unit_net_price, run_id)
select *
from fact_order_items_model
where not (select full_build from fact_order_items_build);

-- Rows that are new, gone or different (every column but the audit columns): only these are
-- rewritten, so run_id stays the run that last changed a row and the marts rebuild only what
-- really changed.
create temporary table fact_order_items_diff on commit drop as
select coalesce(n.source_system, o.source_system) as source_system,
       coalesce(n.order_id, o.order_id) as order_id,
       coalesce(n.line_no, o.line_no) as line_no
from fact_order_items_next n
full join (select f.*
           from core.fact_order_items f
           join fact_order_items_scope s
             on s.source_system = f.source_system and s.order_id = f.order_id and s.line_no = f.line_no) o
  on o.source_system = n.source_system and o.order_id = n.order_id and o.line_no = n.line_no
where n.source_system is null or o.source_system is null
   or (n.source_system, n.order_id, n.line_no, n.product_id, n.product_key, n.customer_id,
       n.customer_key, n.order_date_key, n.order_date, n.order_month, n.order_ts,
       n.order_status, n.is_revenue, n.quantity, n.unit_price, n.discount_pct, n.gross_amount,
       n.discount_applied, n.net_amount, n.applied_tax_rate, n.tax_amount, n.line_total,
       n.unit_net_price)
      is distinct from
      (o.source_system, o.order_id, o.line_no, o.product_id, o.product_key, o.customer_id,
       o.customer_key, o.order_date_key, o.order_date, o.order_month, o.order_ts,
       o.order_status, o.is_revenue, o.quantity, o.unit_price, o.discount_pct, o.gross_amount,
       o.discount_applied, o.net_amount, o.applied_tax_rate, o.tax_amount, o.line_total,
       o.unit_net_price);

-- What the marts must rebuild: order dates and products of the changed rows, before (core now)
-- and after (the new rows): a line whose order moved from one day to another changes both days.
insert into ctl.build_changes (run_id, model, kind, day, source_system, entity_id)
with touched as (
  select f.order_date, f.source_system, f.product_id as entity_id
  from core.fact_order_items f
  join fact_order_items_diff d
    on d.source_system = f.source_system and d.order_id = f.order_id and d.line_no = f.line_no
  union
  select n.order_date, n.source_system, n.product_id
  from fact_order_items_next n
  join fact_order_items_diff d
    on d.source_system = n.source_system and d.order_id = n.order_id and d.line_no = n.line_no
)
select distinct current_setting('martflow.run_id'), 'fact_order_items', k.kind, k.day, k.source_system,
       k.entity_id
from touched t
cross join lateral (values ('date', t.order_date, null::text, null::bigint),
                           ('product', null::date, t.source_system, t.entity_id))
  as k(kind, day, source_system, entity_id)
where not (select full_build from fact_order_items_build)
  and (k.day is not null or k.entity_id is not null)
union all
select current_setting('martflow.run_id'), 'fact_order_items', 'all', null, null, null
where (select full_build from fact_order_items_build);

delete from core.fact_order_items t
using fact_order_items_diff d
where t.source_system = d.source_system and t.order_id = d.order_id and t.line_no = d.line_no;

select ctl.mark_dw_runs_built('fact_order_items', array['dw.tb_order_items', 'dw.tb_orders']::regclass[]);

select ctl.mark_built('fact_order_items');

insert into core.fact_order_items (
  source_system, order_id, line_no, product_id, product_key, customer_id, customer_key,
  order_date_key, order_date, order_month, order_ts, order_status, is_revenue, quantity,
  unit_price, discount_pct, gross_amount, discount_applied, net_amount, applied_tax_rate,
  tax_amount, line_total, unit_net_price, run_id)
select n.source_system, n.order_id, n.line_no, n.product_id, n.product_key, n.customer_id,
       n.customer_key, n.order_date_key, n.order_date, n.order_month, n.order_ts, n.order_status,
       n.is_revenue, n.quantity, n.unit_price, n.discount_pct, n.gross_amount, n.discount_applied,
       n.net_amount, n.applied_tax_rate, n.tax_amount, n.line_total, n.unit_net_price, n.run_id
from fact_order_items_next n
join fact_order_items_diff d
  on d.source_system = n.source_system and d.order_id = n.order_id and d.line_no = n.line_no
union all
select m.*
from fact_order_items_model m
where (select full_build from fact_order_items_build);

select ctl.restore_indexes('core.fact_order_items');
