-- The two marts that are materialized views (docs/marts.md "Materializations"). Both are small
-- results of a computation over the whole history whose rows can change outside the dates and
-- customers a run touched, so a full recompute is the simple correct build; REFRESH MATERIALIZED
-- VIEW CONCURRENTLY then writes only the rows that differ and never blocks analysts' reads. Their
-- models (sql/marts/<name>.sql) refresh them when core changed since their last build.
--
-- Ownership: only a materialized view's owner may refresh it, and martflow_loader, which runs the
-- models, may create nothing (V2_5). So the migration creates each view and hands it to
-- martflow_loader. The loader can therefore also drop or alter these two views; that is the price
-- of refreshing them without superuser rights. A later migration that redefines one must run as a
-- role that is martflow_loader or a member of it (a superuser is).
--
-- PostgreSQL 17 refreshes with search_path = pg_catalog, pg_temp: every name below is qualified.
-- The refresh runs the query as the owner, which reads core and ref (V2_5 grants).
-- CONCURRENTLY needs a unique index without a WHERE clause on plain columns: one per view.

-------------------------------------------------------------------------------------------------
-- mart.category_performance
-- grain: one row per product category and calendar month, from the first to the latest month
-- with a live order, for every category with revenue lines or live products in that month.
-------------------------------------------------------------------------------------------------
create materialized view mart.category_performance as
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
         p.is_discontinued, p.is_unknown, p.valid_from, p.valid_to
  from core.dim_product p
),
deleted_products as (
  select p.source_system, p.product_id
  from core.dim_product p
  where p.is_current and p.is_deleted
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
sales as (
  -- Category of the product version valid at order time (the fact's product_key).
  select l.order_month as month_start,
         p.category,
         count(distinct (l.source_system, l.order_id)) as orders,
         count(distinct (l.source_system, l.customer_id)) as customers,
         sum(l.quantity) as units_sold,
         sum(l.gross_amount) as gross_sales,
         sum(l.discount_applied) as discounts,
         sum(l.net_amount) as net_revenue
  from order_lines l
  join product_versions p on p.product_key = l.product_key
  where l.is_revenue
  group by l.order_month, p.category
),
inventory as (
  -- Live (not deleted), not discontinued products, in the category of their version valid at
  -- the snapshot. stock_qty is type 1 in dw: a closed version keeps the last stock it had.
  select m.month_start,
         p.category,
         count(*) as active_products,
         count(*) filter (where p.availability = 'out_of_stock') as out_of_stock_products,
         count(*) filter (where p.availability = 'low_stock') as low_stock_products,
         sum(greatest(coalesce(p.stock_qty, 0), 0)) as stock_on_hand
  from months m
  join product_versions p on p.valid_from <= m.snapshot_at and m.snapshot_at < p.valid_to
  where not p.is_unknown
    and not p.is_discontinued
    and not exists (select 1 from deleted_products d
                    where d.source_system = p.source_system and d.product_id = p.product_id)
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
         end::numeric(12,1) as days_of_cover
  from category_months cm
  join months m on m.month_start = cm.month_start
  left join sales s on s.month_start = cm.month_start and s.category = cm.category
  left join inventory i on i.month_start = cm.month_start and i.category = cm.category
  left join categories c on c.category = cm.category
)
select * from final;

comment on materialized view mart.category_performance is
  'Per category and month: revenue lines (category at order time) and inventory at month end (out-of-stock, low-stock, days of cover)';
create unique index category_performance_key on mart.category_performance (category, month_start);
create index category_performance_month_idx on mart.category_performance (month_start);

-------------------------------------------------------------------------------------------------
-- mart.cohort_retention
-- grain: one row per acquisition month (month of a customer's first revenue order) and months
-- since acquisition, from 0 up to the latest month with a live order.
-------------------------------------------------------------------------------------------------
create materialized view mart.cohort_retention as
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
         coalesce(a.net_revenue, 0)::numeric(16,2) as net_revenue
  from grid g
  left join activity a on a.cohort_month = g.cohort_month and a.months_since = g.months_since
)
select * from final;

comment on materialized view mart.cohort_retention is
  'Per acquisition month and months since: cohort size, active buyers, retention rate, revenue';
create unique index cohort_retention_key on mart.cohort_retention (cohort_month, months_since);

-------------------------------------------------------------------------------------------------
-- Hand both views to the loader (see the top of this file) and make sure analysts can read them
-- whatever the default privileges: the refresh keeps grants.
-------------------------------------------------------------------------------------------------
-- ALTER ... OWNER TO needs the migrating role to be able to SET ROLE martflow_loader (a superuser
-- can); a warehouse owner that created the role but is not a member becomes one here.
do $$
begin
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user)
     and not pg_catalog.pg_has_role(current_user, 'martflow_loader', 'SET') then
    execute 'grant martflow_loader to ' || pg_catalog.quote_ident(current_user);
  end if;
end
$$;
alter materialized view mart.category_performance owner to martflow_loader;
alter materialized view mart.cohort_retention owner to martflow_loader;
grant select on mart.category_performance, mart.cohort_retention to martflow_reader;
