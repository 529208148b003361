-- grain: one row per product category and calendar month (revenue lines, inventory at month end)
--
-- materialization: table, recomputed whole and merged by difference. Why not incremental: a
-- product's re-versioning moves its stock and its past sales between categories in months no run
-- touched, and the latest month's days of cover follow the as-of date; the result is small
-- (categories x months), so the build recomputes it whenever core recorded an order date, product
-- or 'all' change since the last build, then deletes and inserts only the rows that differ (what
-- REFRESH MATERIALIZED VIEW CONCURRENTLY does: readers never wait, unchanged rows stay). Why not a
-- materialized view: see docs/marts.md "Materializations".
-- Sales: revenue lines, in the category of the product version valid at order time (deleted
-- products' sales included: they happened). Inventory: the product versions valid at the end of
-- the month (the first instant of the next month in the business time zone; for the latest
-- month, the current versions) that are neither deleted nor discontinued, in their category.

select ctl.truncate_if_full_build('mart.category_performance', 'category_performance',
                                  '{fact_orders,fact_order_items,dim_product}');

-- Recompute when core changed what this mart reads since its last build (or on a full build).
create temporary table category_performance_build on commit drop as
select ctl.is_full_build('category_performance', '{fact_orders,fact_order_items,dim_product}')
       or exists (select 1
                  from ctl.pending_changes('category_performance', '{fact_orders,fact_order_items,dim_product}') c
                  where c.kind in ('all', 'date', 'product')) as recompute;

create temporary table category_performance_next (like mart.category_performance including defaults) on commit drop;

insert into category_performance_next (
  category, month_start, department, orders, customers, units_sold, gross_sales, discounts,
  net_revenue, active_products, out_of_stock_products, low_stock_products, stock_on_hand,
  days_in_period, avg_daily_units, days_of_cover, run_id)
with
-- import CTEs
order_lines as (
  select l.source_system, l.order_id, l.customer_id, l.product_key, l.order_month, l.quantity,
         l.gross_amount, l.discount_applied, l.net_amount, l.is_revenue
  from core.fact_order_items l
),
orders as (
  select o.order_date, o.order_month
  from core.fact_orders o
),
product_versions as (
  select p.product_key, p.source_system, p.product_id, p.category, p.availability, p.stock_qty,
         p.is_discontinued, p.is_deleted, p.is_unknown, p.valid_from, p.valid_to
  from core.dim_product p
),
categories as (
  select c.category, min(c.department) as department
  from ref.categories c
  group by c.category
),
settings as (
  select s.value as business_time_zone
  from ref.settings s
  where s.key = 'business_time_zone'
),
-- logic CTEs
span as (
  select min(order_month) as first_month, max(order_month) as last_month, max(order_date) as as_of_date
  from orders
),
months as (
  -- Inventory is read at the end of each month (the first instant of the next month in the
  -- business time zone): for the latest month that is in the future, i.e. the current versions.
  select m.month_start,
         (((m.month_start + interval '1 month')::date)::timestamp at time zone st.business_time_zone) as snapshot_at,
         case when m.month_start = sp.last_month then extract(day from sp.as_of_date)::int
              else extract(day from (m.month_start + interval '1 month' - interval '1 day'))::int
         end as days_in_period
  from span sp
  cross join settings st
  cross join lateral (
    select g::date as month_start
    from generate_series(sp.first_month::timestamp, sp.last_month::timestamp, interval '1 month') g
  ) m
),
revenue_lines as materialized (
  -- Category of the product version valid at order time (the fact's product_key).
  select l.order_month as month_start, p.category, l.source_system, l.order_id, l.customer_id,
         l.quantity, l.gross_amount, l.discount_applied, l.net_amount
  from order_lines l
  join product_versions p on p.product_key = l.product_key
  where l.is_revenue
),
-- Distinct orders and customers by hashing plain columns: count(distinct (a, b)) over a million
-- lines sorted row values on disk and took most of this model's time.
sales_orders as (
  select d.month_start, d.category, count(*) as orders
  from (select distinct month_start, category, source_system, order_id from revenue_lines) d
  group by d.month_start, d.category
),
sales_customers as (
  select d.month_start, d.category, count(*) as customers
  from (select distinct month_start, category, source_system, customer_id from revenue_lines) d
  group by d.month_start, d.category
),
sales as (
  select a.month_start,
         a.category,
         o.orders,
         c.customers,
         a.units_sold,
         a.gross_sales,
         a.discounts,
         a.net_revenue
  from (select month_start, category, sum(quantity) as units_sold, sum(gross_amount) as gross_sales,
               sum(discount_applied) as discounts, sum(net_amount) as net_revenue
        from revenue_lines
        group by month_start, category) a
  join sales_orders o on o.month_start = a.month_start and o.category = a.category
  join sales_customers c on c.month_start = a.month_start and c.category = a.category
),
inventory as (
  -- Products live at the snapshot: the version valid then is neither deleted (a delete opens a
  -- deleted version, so months before it still count the product) nor discontinued. stock_qty
  -- is type 1 in dw: a closed version keeps the last stock it had.
  select m.month_start,
         p.category,
         count(*) as active_products,
         count(*) filter (where p.availability = 'out_of_stock') as out_of_stock_products,
         count(*) filter (where p.availability = 'low_stock') as low_stock_products,
         sum(greatest(coalesce(p.stock_qty, 0), 0)) as stock_on_hand
  from months m
  join product_versions p on p.valid_from <= m.snapshot_at and m.snapshot_at < p.valid_to
  where not p.is_unknown
    and not p.is_deleted
    and not p.is_discontinued
  group by m.month_start, p.category
),
category_months as (
  select month_start, category from sales
  union
  select month_start, category from inventory
),
final as (
  select cm.category,
         cm.month_start,
         c.department,
         coalesce(s.orders, 0)::int as orders,
         coalesce(s.customers, 0)::int as customers,
         coalesce(s.units_sold, 0)::bigint as units_sold,
         coalesce(s.gross_sales, 0)::numeric(16,2) as gross_sales,
         coalesce(s.discounts, 0)::numeric(16,2) as discounts,
         coalesce(s.net_revenue, 0)::numeric(16,2) as net_revenue,
         coalesce(i.active_products, 0)::int as active_products,
         coalesce(i.out_of_stock_products, 0)::int as out_of_stock_products,
         coalesce(i.low_stock_products, 0)::int as low_stock_products,
         coalesce(i.stock_on_hand, 0)::bigint as stock_on_hand,
         m.days_in_period,
         round(coalesce(s.units_sold, 0)::numeric / m.days_in_period, 2)::numeric(12,2) as avg_daily_units,
         case when coalesce(s.units_sold, 0) > 0
              then round(coalesce(i.stock_on_hand, 0) / (s.units_sold::numeric / m.days_in_period), 1)
         end::numeric(12,1) as days_of_cover,
         current_setting('martflow.run_id') as run_id
  from category_months cm
  join months m on m.month_start = cm.month_start
  left join sales s on s.month_start = cm.month_start and s.category = cm.category
  left join inventory i on i.month_start = cm.month_start and i.category = cm.category
  left join categories c on c.category = cm.category
)
select * from final
where (select recompute from category_performance_build);

-- Rows that are new, gone or different (every column but the audit columns).
create temporary table category_performance_diff on commit drop as
select coalesce(n.category, o.category) as category,
       coalesce(n.month_start, o.month_start) as month_start
from category_performance_next n
full join mart.category_performance o on o.category = n.category and o.month_start = n.month_start
where (select recompute from category_performance_build)
  and (n.category is null or o.category is null
       or (n.category, n.month_start, n.department, n.orders, n.customers, n.units_sold,
           n.gross_sales, n.discounts, n.net_revenue, n.active_products, n.out_of_stock_products,
           n.low_stock_products, n.stock_on_hand, n.days_in_period, n.avg_daily_units,
           n.days_of_cover)
          is distinct from
          (o.category, o.month_start, o.department, o.orders, o.customers, o.units_sold,
           o.gross_sales, o.discounts, o.net_revenue, o.active_products, o.out_of_stock_products,
           o.low_stock_products, o.stock_on_hand, o.days_in_period, o.avg_daily_units,
           o.days_of_cover));

delete from mart.category_performance t
using category_performance_diff d
where t.category = d.category and t.month_start = d.month_start;

select ctl.mark_built('category_performance');

insert into mart.category_performance (
  category, month_start, department, orders, customers, units_sold, gross_sales, discounts,
  net_revenue, active_products, out_of_stock_products, low_stock_products, stock_on_hand,
  days_in_period, avg_daily_units, days_of_cover, run_id)
select n.category, n.month_start, n.department, n.orders, n.customers, n.units_sold, n.gross_sales,
       n.discounts, n.net_revenue, n.active_products, n.out_of_stock_products, n.low_stock_products,
       n.stock_on_hand, n.days_in_period, n.avg_daily_units, n.days_of_cover, n.run_id
from category_performance_next n
join category_performance_diff d on d.category = n.category and d.month_start = n.month_start;
