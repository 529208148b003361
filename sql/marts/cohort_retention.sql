-- grain: one row per acquisition month (first revenue order) and months since acquisition
--
-- materialization: table, recomputed whole and merged by difference. Why not incremental: one
-- late or deleted order moves a customer between cohorts, changing a cohort no run date names,
-- and every rate divides by a cohort size; the result is tiny (months x months), so the build
-- recomputes it whenever core recorded an order date, customer or 'all' change since the last
-- build, then deletes and inserts only the rows that differ (what REFRESH MATERIALIZED VIEW
-- CONCURRENTLY does). Why not a materialized view: see docs/marts.md "Materializations".
-- Buyers: live customers (current version not deleted) with a revenue order.

select ctl.truncate_if_full_build('mart.cohort_retention', 'cohort_retention', '{fact_orders,dim_customer}');

-- Recompute when core changed what this mart reads since its last build (or on a full build).
create temporary table cohort_retention_build on commit drop as
select ctl.is_full_build('cohort_retention', '{fact_orders,dim_customer}')
       or exists (select 1 from ctl.pending_changes('cohort_retention', '{fact_orders,dim_customer}') c
                  where c.kind in ('all', 'date', 'customer')) as recompute;

create temporary table cohort_retention_next (like mart.cohort_retention including defaults) on commit drop;

insert into cohort_retention_next (
  cohort_month, months_since, activity_month, cohort_size, active_customers, retention_rate,
  revenue_orders, net_revenue, run_id)
with
-- import CTEs
orders as (
  select o.source_system, o.customer_id, o.order_month, o.items_net, o.is_revenue
  from core.fact_orders o
),
deleted_customers as (
  select c.source_system, c.customer_id
  from core.dim_customer c
  where c.is_current and c.is_deleted
),
-- logic CTEs
span as (
  select max(order_month) as last_month
  from orders
),
buyer_months as (
  select o.source_system, o.customer_id, o.order_month,
         count(*) as revenue_orders, sum(o.items_net) as net_revenue
  from orders o
  where o.is_revenue
    and o.customer_id is not null
    and not exists (select 1 from deleted_customers d
                    where d.source_system = o.source_system and d.customer_id = o.customer_id)
  group by o.source_system, o.customer_id, o.order_month
),
cohorts as (
  select source_system, customer_id, min(order_month) as cohort_month
  from buyer_months
  group by source_system, customer_id
),
cohort_sizes as (
  select cohort_month, count(*) as cohort_size
  from cohorts
  group by cohort_month
),
grid as (
  select cs.cohort_month, n.months_since, cs.cohort_size
  from cohort_sizes cs
  cross join span sp
  cross join lateral generate_series(0,
      ((extract(year from sp.last_month) - extract(year from cs.cohort_month)) * 12
       + extract(month from sp.last_month) - extract(month from cs.cohort_month))::int) as n(months_since)
),
activity as (
  select c.cohort_month,
         ((extract(year from b.order_month) - extract(year from c.cohort_month)) * 12
          + extract(month from b.order_month) - extract(month from c.cohort_month))::int as months_since,
         count(*) as active_customers,
         sum(b.revenue_orders) as revenue_orders,
         sum(b.net_revenue) as net_revenue
  from buyer_months b
  join cohorts c on c.source_system = b.source_system and c.customer_id = b.customer_id
  group by 1, 2
),
final as (
  select g.cohort_month,
         g.months_since,
         (g.cohort_month + make_interval(months => g.months_since))::date as activity_month,
         g.cohort_size::int as cohort_size,
         coalesce(a.active_customers, 0)::int as active_customers,
         round(coalesce(a.active_customers, 0)::numeric / g.cohort_size, 4)::numeric(7,4) as retention_rate,
         coalesce(a.revenue_orders, 0)::int as revenue_orders,
         coalesce(a.net_revenue, 0)::numeric(16,2) as net_revenue,
         current_setting('martflow.run_id') as run_id
  from grid g
  left join activity a on a.cohort_month = g.cohort_month and a.months_since = g.months_since
)
select * from final
where (select recompute from cohort_retention_build);

-- Rows that are new, gone or different (every column but the audit columns).
create temporary table cohort_retention_diff on commit drop as
select coalesce(n.cohort_month, o.cohort_month) as cohort_month,
       coalesce(n.months_since, o.months_since) as months_since
from cohort_retention_next n
full join mart.cohort_retention o on o.cohort_month = n.cohort_month and o.months_since = n.months_since
where (select recompute from cohort_retention_build)
  and (n.cohort_month is null or o.cohort_month is null
       or (n.cohort_month, n.months_since, n.activity_month, n.cohort_size, n.active_customers,
           n.retention_rate, n.revenue_orders, n.net_revenue)
          is distinct from
          (o.cohort_month, o.months_since, o.activity_month, o.cohort_size, o.active_customers,
           o.retention_rate, o.revenue_orders, o.net_revenue));

delete from mart.cohort_retention t
using cohort_retention_diff d
where t.cohort_month = d.cohort_month and t.months_since = d.months_since;

select ctl.mark_built('cohort_retention');

insert into mart.cohort_retention (
  cohort_month, months_since, activity_month, cohort_size, active_customers, retention_rate,
  revenue_orders, net_revenue, run_id)
select n.cohort_month, n.months_since, n.activity_month, n.cohort_size, n.active_customers,
       n.retention_rate, n.revenue_orders, n.net_revenue, n.run_id
from cohort_retention_next n
join cohort_retention_diff d on d.cohort_month = n.cohort_month and d.months_since = n.months_since;
