-- grain: one row per live order (dw.tb_orders with is_deleted = false)
--
-- materialization: table, incremental by order. Scope: the orders of the dw runs this model has
-- not built yet (plus the current run: an Airflow retry rebuilds), the orders of customers whose
-- versions changed in core.dim_customer since its last build (the point-in-time key may move),
-- and every deleted order still in the fact (a delete flag may come without a new run_id). The
-- scope is recomputed from dw and compared with the fact: rows that are new, gone or different are
-- deleted and inserted, and their order dates and customers (before and after) recorded in
-- ctl.build_changes for the marts. Deleted orders drop out. Full refresh (or an 'all' change of
-- the dimension): truncate and insert every order straight into the fact; the scope, the
-- comparison and the temporary copy are skipped.

select ctl.truncate_if_full_build('core.fact_orders', 'fact_orders', '{dim_customer}');

-- Decided once: ctl.mark_built below ends the full build that is_full_build reports.
create temporary table fact_orders_build on commit drop as
select ctl.is_full_build('fact_orders', '{dim_customer}') as full_build;

-- A full build fills the emptied table: its secondary indexes are dropped here and built once at
-- the end, faster than maintained row by row (V12_2__deferred_indexes.sql).
select ctl.suspend_indexes('core.fact_orders') from fact_orders_build where full_build;

-- The orders an incremental build recomputes (none on a full build).
create temporary table fact_orders_scope on commit drop as
with
full_build as (
  select full_build as yes from fact_orders_build
),
pending_runs as (
  select r.run_id from ctl.pending_dw_runs('fact_orders', array['dw.tb_orders']::regclass[]) as r(run_id)
),
changed_customers as (
  select distinct c.source_system, c.entity_id as customer_id
  from ctl.pending_changes('fact_orders', '{dim_customer}') c
  where c.kind = 'customer' and c.versions_changed
)
select o.source_system, o.order_id
from dw.tb_orders o
where not (select yes from full_build)
  and o.run_id in (select run_id from pending_runs)
union
select o.source_system, o.order_id
from dw.tb_orders o
join changed_customers c on c.source_system = o.source_system and c.customer_id = o.customer_id
where not (select yes from full_build)
union
select o.source_system, o.order_id
from dw.tb_orders o
where not (select yes from full_build)
  and o.is_deleted
  and exists (select 1 from core.fact_orders f where f.source_system = o.source_system and f.order_id = o.order_id);

create unique index on fact_orders_scope (source_system, order_id);
analyze fact_orders_scope;

-- The model query: every live order (full build) or the scope's orders, as dw has them now. A
-- temporary view: it reads the temporary tables, so it is dropped with them at commit.
create temporary view fact_orders_model as
with
-- import CTEs
full_build as (
  select full_build as yes from fact_orders_build
),
orders as (
  select o.*
  from dw.tb_orders o
  where not o.is_deleted
    and ((select yes from full_build)
         or (o.source_system, o.order_id) in (select s.source_system, s.order_id from fact_orders_scope s))
),
customer_versions as (
  select c.customer_key, c.source_system, c.customer_id, c.valid_from, c.valid_to
  from core.dim_customer c
  where not c.is_unknown
),
order_statuses as (
  select s.status, s.is_revenue
  from ref.order_statuses s
),
-- logic CTEs
with_customer_version as (
  -- Point-in-time: the customer version valid when the order was placed.
  select o.*, cv.customer_key
  from orders o
  left join customer_versions cv
    on cv.source_system = o.source_system
   and cv.customer_id = o.customer_id
   and cv.valid_from <= o.order_ts
   and o.order_ts < cv.valid_to
),
final as (
  select o.source_system,
         o.order_id,
         o.customer_id,
         coalesce(o.customer_key, -1) as customer_key,
         to_char(o.order_date, 'YYYYMMDD')::int as order_date_key,
         o.order_date,
         date_trunc('month', o.order_date)::date as order_month,
         o.order_ts,
         o.status,
         coalesce(st.is_revenue, false) as is_revenue,
         coalesce(o.is_failed, false) as is_failed,
         o.failure_reason,
         o.shipping_method,
         o.ship_country,
         o.promo_code,
         coalesce(o.line_count, 0) as line_count,
         coalesce(o.units, 0) as units,
         coalesce(o.items_gross, 0) as items_gross,
         coalesce(o.discount_total, 0) as discount_total,
         coalesce(o.items_net, 0) as items_net,
         coalesce(o.tax_total, 0) as tax_total,
         coalesce(o.shipping_fee, 0) as shipping_fee,
         coalesce(o.order_total, 0) as order_total,
         o.estimated_delivery_date,
         o.delivered_at,
         o.delivery_days,
         o.is_late,
         current_setting('martflow.run_id') as run_id
  from with_customer_version o
  left join order_statuses st on st.status = o.status
)
select * from final;

-- Incremental build: the scope's rows, to compare with the fact.
create temporary table fact_orders_next (like core.fact_orders including defaults) on commit drop;

insert into fact_orders_next (
  source_system, order_id, customer_id, customer_key, order_date_key, order_date, order_month,
  order_ts, status, is_revenue, is_failed, failure_reason, shipping_method, ship_country,
  promo_code, line_count, units, items_gross, discount_total, items_net, tax_total, shipping_fee,
  order_total, estimated_delivery_date, delivered_at, delivery_days, is_late, run_id)
select *
from fact_orders_model
where not (select full_build from fact_orders_build);

-- Rows that are new, gone or different (every column but the audit columns): only these are
-- rewritten, so run_id stays the run that last changed a row and the marts rebuild only what
-- really changed.
create temporary table fact_orders_diff on commit drop as
select coalesce(n.source_system, o.source_system) as source_system,
       coalesce(n.order_id, o.order_id) as order_id
from fact_orders_next n
full join (select f.*
           from core.fact_orders f
           join fact_orders_scope s on s.source_system = f.source_system and s.order_id = f.order_id) o
  on o.source_system = n.source_system and o.order_id = n.order_id
where n.source_system is null or o.source_system is null
   or (n.source_system, n.order_id, n.customer_id, n.customer_key, n.order_date_key,
       n.order_date, n.order_month, n.order_ts, n.status, n.is_revenue, n.is_failed,
       n.failure_reason, n.shipping_method, n.ship_country, n.promo_code, n.line_count, n.units,
       n.items_gross, n.discount_total, n.items_net, n.tax_total, n.shipping_fee, n.order_total,
       n.estimated_delivery_date, n.delivered_at, n.delivery_days, n.is_late)
      is distinct from
      (o.source_system, o.order_id, o.customer_id, o.customer_key, o.order_date_key,
       o.order_date, o.order_month, o.order_ts, o.status, o.is_revenue, o.is_failed,
       o.failure_reason, o.shipping_method, o.ship_country, o.promo_code, o.line_count, o.units,
       o.items_gross, o.discount_total, o.items_net, o.tax_total, o.shipping_fee, o.order_total,
       o.estimated_delivery_date, o.delivered_at, o.delivery_days, o.is_late);

-- What the marts must rebuild: order dates and customers of the changed rows, before (core now)
-- and after (the new rows): an order moved from one day to another changes both days.
insert into ctl.build_changes (run_id, model, kind, day, source_system, entity_id)
with touched as (
  select f.order_date, f.source_system, f.customer_id as entity_id
  from core.fact_orders f
  join fact_orders_diff d on d.source_system = f.source_system and d.order_id = f.order_id
  union
  select n.order_date, n.source_system, n.customer_id
  from fact_orders_next n
  join fact_orders_diff d on d.source_system = n.source_system and d.order_id = n.order_id
)
select distinct current_setting('martflow.run_id'), 'fact_orders', k.kind, k.day, k.source_system,
       k.entity_id
from touched t
cross join lateral (values ('date', t.order_date, null::text, null::bigint),
                           ('customer', null::date, t.source_system, t.entity_id))
  as k(kind, day, source_system, entity_id)
where not (select full_build from fact_orders_build)
  and (k.day is not null or k.entity_id is not null)
union all
select current_setting('martflow.run_id'), 'fact_orders', 'all', null, null, null
where (select full_build from fact_orders_build);

delete from core.fact_orders t
using fact_orders_diff d
where t.source_system = d.source_system and t.order_id = d.order_id;

select ctl.mark_dw_runs_built('fact_orders', array['dw.tb_orders']::regclass[]);

select ctl.mark_built('fact_orders');

insert into core.fact_orders (
  source_system, order_id, customer_id, customer_key, order_date_key, order_date, order_month,
  order_ts, status, is_revenue, is_failed, failure_reason, shipping_method, ship_country,
  promo_code, line_count, units, items_gross, discount_total, items_net, tax_total, shipping_fee,
  order_total, estimated_delivery_date, delivered_at, delivery_days, is_late, run_id)
select n.source_system, n.order_id, n.customer_id, n.customer_key, n.order_date_key, n.order_date,
       n.order_month, n.order_ts, n.status, n.is_revenue, n.is_failed, n.failure_reason,
       n.shipping_method, n.ship_country, n.promo_code, n.line_count, n.units, n.items_gross,
       n.discount_total, n.items_net, n.tax_total, n.shipping_fee, n.order_total,
       n.estimated_delivery_date, n.delivered_at, n.delivery_days, n.is_late, n.run_id
from fact_orders_next n
join fact_orders_diff d on d.source_system = n.source_system and d.order_id = n.order_id
union all
select m.*
from fact_orders_model m
where (select full_build from fact_orders_build);

select ctl.restore_indexes('core.fact_orders');
