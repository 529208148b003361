-- grain: one row per calendar month with at least one live order
--
-- materialization: table, incremental by month: the months of the order dates core.fact_orders
-- changed since this model's last build, and the month after each (its growth compares with
-- them), are deleted and recomputed. Full refresh: truncate and recompute every month.

select ctl.truncate_if_full_build('mart.monthly_sales', 'monthly_sales', '{fact_orders}');

create temporary table monthly_sales_scope on commit drop as
with changed_months as (
  select distinct date_trunc('month', c.day)::date as month_start
  from ctl.pending_changes('monthly_sales', '{fact_orders}') c
  where c.kind = 'date'
)
select month_start from changed_months
union
select (month_start + interval '1 month')::date from changed_months
union
select distinct f.order_month
from core.fact_orders f
where (select ctl.is_full_build('monthly_sales', '{fact_orders}'));

delete from mart.monthly_sales m
using monthly_sales_scope s
where m.month_start = s.month_start;

select ctl.mark_built('monthly_sales');

insert into mart.monthly_sales (
  month_start, year, quarter, month, year_month, days_with_orders, orders, revenue_orders,
  failed_orders, cancelled_orders, returned_orders, customers, units, gross_sales, discounts,
  net_revenue, tax, shipping, total_sales, avg_order_value, prev_month_net_revenue,
  net_revenue_growth_pct, run_id)
with
-- import CTEs
orders as (
  -- The scope's months and the month before each (for the growth).
  select f.*
  from core.fact_orders f
  where f.order_month in (select month_start from monthly_sales_scope
                          union
                          select (month_start - interval '1 month')::date from monthly_sales_scope)
),
months as (
  select d.date_day as month_start, d.year, d.quarter, d.month, d.year_month
  from core.dim_date d
  where d.day_of_month = 1
),
-- logic CTEs
monthly as (
  select o.order_month as month_start,
         count(distinct o.order_date) as days_with_orders,
         count(*) as orders,
         count(*) filter (where o.is_revenue) as revenue_orders,
         count(*) filter (where o.is_failed) as failed_orders,
         count(*) filter (where o.status = 'cancelled') as cancelled_orders,
         count(*) filter (where o.status in ('returned', 'refunded')) as returned_orders,
         coalesce(sum(o.units) filter (where o.is_revenue), 0) as units,
         coalesce(sum(o.items_gross) filter (where o.is_revenue), 0) as gross_sales,
         coalesce(sum(o.discount_total) filter (where o.is_revenue), 0) as discounts,
         coalesce(sum(o.items_net) filter (where o.is_revenue), 0) as net_revenue,
         coalesce(sum(o.tax_total) filter (where o.is_revenue), 0) as tax,
         coalesce(sum(o.shipping_fee) filter (where o.is_revenue), 0) as shipping,
         coalesce(sum(o.order_total) filter (where o.is_revenue), 0) as total_sales
  from orders o
  group by o.order_month
),
-- Distinct buyers by hashing plain columns: count(distinct (source_system, customer_id)) sorted a
-- row value per order (on disk at a million orders). DISTINCT keeps one row for a missing
-- customer id, as the row value did.
monthly_customers as (
  select d.month_start, count(*) as customers
  from (select distinct o.order_month as month_start, o.source_system, o.customer_id
        from orders o
        where o.is_revenue) d
  group by d.month_start
),
final as (
  select a.month_start,
         m.year,
         m.quarter,
         m.month,
         m.year_month,
         a.days_with_orders,
         a.orders,
         a.revenue_orders,
         a.failed_orders,
         a.cancelled_orders,
         a.returned_orders,
         coalesce(c.customers, 0) as customers,
         a.units,
         a.gross_sales,
         a.discounts,
         a.net_revenue,
         a.tax,
         a.shipping,
         a.total_sales,
         round(a.net_revenue / nullif(a.revenue_orders, 0), 2) as avg_order_value,
         p.net_revenue as prev_month_net_revenue,
         round((a.net_revenue - p.net_revenue) * 100 / nullif(p.net_revenue, 0), 2) as net_revenue_growth_pct,
         current_setting('martflow.run_id') as run_id
  from monthly a
  join months m on m.month_start = a.month_start
  left join monthly_customers c on c.month_start = a.month_start
  left join monthly p on p.month_start = (a.month_start - interval '1 month')::date
  where a.month_start in (select month_start from monthly_sales_scope)
)
select * from final;
