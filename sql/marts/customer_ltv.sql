-- grain: one row per live customer (current version not deleted), known to dw or seen on a live order
--
-- materialization: table, incremental by customer: the customers whose orders (before and after
-- values) or dimension rows changed since this model's last build (ctl.build_changes) are deleted
-- and recomputed over their whole history. Full refresh: truncate and recompute every customer.

select ctl.truncate_if_full_build('mart.customer_ltv', 'customer_ltv', '{fact_orders,dim_customer}');

create temporary table customer_ltv_scope on commit drop as
select distinct c.source_system, c.entity_id as customer_id
from ctl.pending_changes('customer_ltv', '{fact_orders,dim_customer}') c
where c.kind = 'customer'
union
select d.source_system, d.customer_id
from core.dim_customer d
where d.is_current and not d.is_unknown and (select ctl.is_full_build('customer_ltv', '{fact_orders,dim_customer}'))
union
select distinct f.source_system, f.customer_id
from core.fact_orders f
where f.customer_id is not null and (select ctl.is_full_build('customer_ltv', '{fact_orders,dim_customer}'));

create unique index on customer_ltv_scope (source_system, customer_id);
analyze customer_ltv_scope;

delete from mart.customer_ltv m
using customer_ltv_scope s
where m.source_system = s.source_system and m.customer_id = s.customer_id;

select ctl.mark_built('customer_ltv');

insert into mart.customer_ltv (
  source_system, customer_id, customer_key, country, region, age_band, customer_created_at,
  first_order_date, last_order_date, orders, revenue_orders, failed_orders, units, gross_sales,
  discounts, net_revenue, tax, shipping, total_spent, avg_order_value, lifetime_days, run_id)
with
-- import CTEs
customers as (
  select c.*
  from core.dim_customer c
  join customer_ltv_scope s on s.source_system = c.source_system and s.customer_id = c.customer_id
  where c.is_current
),
orders as (
  select f.*
  from core.fact_orders f
  join customer_ltv_scope s on s.source_system = f.source_system and s.customer_id = f.customer_id
),
-- logic CTEs
order_stats as (
  select o.source_system,
         o.customer_id,
         min(o.order_date) filter (where o.is_revenue) as first_order_date,
         max(o.order_date) filter (where o.is_revenue) as last_order_date,
         count(*) as orders,
         count(*) filter (where o.is_revenue) as revenue_orders,
         count(*) filter (where o.is_failed) as failed_orders,
         coalesce(sum(o.units) filter (where o.is_revenue), 0) as units,
         coalesce(sum(o.items_gross) filter (where o.is_revenue), 0) as gross_sales,
         coalesce(sum(o.discount_total) filter (where o.is_revenue), 0) as discounts,
         coalesce(sum(o.items_net) filter (where o.is_revenue), 0) as net_revenue,
         coalesce(sum(o.tax_total) filter (where o.is_revenue), 0) as tax,
         coalesce(sum(o.shipping_fee) filter (where o.is_revenue), 0) as shipping,
         coalesce(sum(o.order_total) filter (where o.is_revenue), 0) as total_spent
  from orders o
  group by o.source_system, o.customer_id
),
live_customers as (
  -- Known to dw or seen on an order; a customer whose current version is deleted is left out.
  -- (The customers of the orders are those of order_stats: one row each, not one per order.)
  select source_system, customer_id from customers
  union
  select source_system, customer_id from order_stats
  except
  select source_system, customer_id from customers where is_deleted
),
final as (
  select l.source_system,
         l.customer_id,
         coalesce(c.customer_key, -1) as customer_key,
         c.country,
         c.region,
         c.age_band,
         c.customer_created_at,
         s.first_order_date,
         s.last_order_date,
         coalesce(s.orders, 0) as orders,
         coalesce(s.revenue_orders, 0) as revenue_orders,
         coalesce(s.failed_orders, 0) as failed_orders,
         coalesce(s.units, 0) as units,
         coalesce(s.gross_sales, 0) as gross_sales,
         coalesce(s.discounts, 0) as discounts,
         coalesce(s.net_revenue, 0) as net_revenue,
         coalesce(s.tax, 0) as tax,
         coalesce(s.shipping, 0) as shipping,
         coalesce(s.total_spent, 0) as total_spent,
         round(s.net_revenue / nullif(s.revenue_orders, 0), 2) as avg_order_value,
         s.last_order_date - s.first_order_date as lifetime_days,
         current_setting('martflow.run_id') as run_id
  from live_customers l
  left join customers c on c.source_system = l.source_system and c.customer_id = l.customer_id
  left join order_stats s on s.source_system = l.source_system and s.customer_id = l.customer_id
)
select * from final;
