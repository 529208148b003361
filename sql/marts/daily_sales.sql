-- grain: one row per order date with at least one live order
--
-- materialization: table, incremental by day: the order dates core.fact_orders changed (before and
-- after values, from ctl.build_changes) since this model's last build are deleted and recomputed.
-- Full refresh: truncate and recompute every day. Revenue measures count revenue orders only
-- (core.fact_orders.is_revenue, from ref.order_statuses).

select ctl.truncate_if_full_build('mart.daily_sales', 'daily_sales', '{fact_orders}');

create temporary table daily_sales_scope on commit drop as
select distinct c.day as order_date
from ctl.pending_changes('daily_sales', '{fact_orders}') c
where c.kind = 'date'
union
select distinct f.order_date
from core.fact_orders f
where (select ctl.is_full_build('daily_sales', '{fact_orders}'));

delete from mart.daily_sales d
using daily_sales_scope s
where d.order_date = s.order_date;

select ctl.mark_built('daily_sales');

insert into mart.daily_sales (
  order_date, date_key, year, month, iso_week, day_of_week, day_name, is_weekend, orders,
  revenue_orders, failed_orders, cancelled_orders, returned_orders, customers, units, gross_sales,
  discounts, net_revenue, tax, shipping, total_sales, avg_order_value, run_id)
with
-- import CTEs
orders as (
  select f.*
  from core.fact_orders f
  where f.order_date in (select order_date from daily_sales_scope)
),
days as (
  select d.*
  from core.dim_date d
  where d.date_day in (select order_date from daily_sales_scope)
),
-- logic CTEs
daily as (
  select o.order_date,
         count(*) as orders,
         count(*) filter (where o.is_revenue) as revenue_orders,
         count(*) filter (where o.is_failed) as failed_orders,
         count(*) filter (where o.status = 'cancelled') as cancelled_orders,
         count(*) filter (where o.status in ('returned', 'refunded')) as returned_orders,
         count(distinct (o.source_system, o.customer_id)) filter (where o.is_revenue) as customers,
         coalesce(sum(o.units) filter (where o.is_revenue), 0) as units,
         coalesce(sum(o.items_gross) filter (where o.is_revenue), 0) as gross_sales,
         coalesce(sum(o.discount_total) filter (where o.is_revenue), 0) as discounts,
         coalesce(sum(o.items_net) filter (where o.is_revenue), 0) as net_revenue,
         coalesce(sum(o.tax_total) filter (where o.is_revenue), 0) as tax,
         coalesce(sum(o.shipping_fee) filter (where o.is_revenue), 0) as shipping,
         coalesce(sum(o.order_total) filter (where o.is_revenue), 0) as total_sales
  from orders o
  group by o.order_date
),
final as (
  select a.order_date,
         d.date_key,
         d.year,
         d.month,
         d.iso_week,
         d.day_of_week,
         d.day_name,
         d.is_weekend,
         a.orders,
         a.revenue_orders,
         a.failed_orders,
         a.cancelled_orders,
         a.returned_orders,
         a.customers,
         a.units,
         a.gross_sales,
         a.discounts,
         a.net_revenue,
         a.tax,
         a.shipping,
         a.total_sales,
         round(a.net_revenue / nullif(a.revenue_orders, 0), 2) as avg_order_value,
         current_setting('martflow.run_id') as run_id
  from daily a
  join days d on d.date_day = a.order_date
)
select * from final;
