-- grain: one row per live product (current version not deleted), known to dw or sold on a live line
--
-- materialization: table, incremental by product: the products whose lines (before and after
-- values) or dimension rows changed since this model's last build (ctl.build_changes) are deleted
-- and recomputed over their whole history. Full refresh: truncate and recompute every product.

select ctl.truncate_if_full_build('mart.product_performance', 'product_performance',
                                  '{fact_order_items,dim_product}');

create temporary table product_performance_scope on commit drop as
select distinct c.source_system, c.entity_id as product_id
from ctl.pending_changes('product_performance', '{fact_order_items,dim_product}') c
where c.kind = 'product'
union
select p.source_system, p.product_id
from core.dim_product p
where p.is_current and not p.is_unknown
  and (select ctl.is_full_build('product_performance', '{fact_order_items,dim_product}'))
union
select distinct l.source_system, l.product_id
from core.fact_order_items l
where l.product_id is not null
  and (select ctl.is_full_build('product_performance', '{fact_order_items,dim_product}'));

create unique index on product_performance_scope (source_system, product_id);
analyze product_performance_scope;

delete from mart.product_performance m
using product_performance_scope s
where m.source_system = s.source_system and m.product_id = s.product_id;

select ctl.mark_built('product_performance');

insert into mart.product_performance (
  source_system, product_id, product_key, sku, name, brand, department, category, subcategory,
  list_price, cost, margin_pct, availability, stock_qty, is_discontinued, orders, customers,
  units_sold, gross_sales, discounts, net_revenue, avg_unit_net_price, non_revenue_units,
  first_sold_date, last_sold_date, run_id)
with
-- import CTEs
products as (
  select p.*
  from core.dim_product p
  join product_performance_scope s on s.source_system = p.source_system and s.product_id = p.product_id
  where p.is_current
),
order_lines as materialized (
  -- Only the columns the sales need: read three times below (each sale is on a line).
  select l.source_system, l.product_id, l.order_id, l.customer_id, l.is_revenue, l.quantity,
         l.gross_amount, l.discount_applied, l.net_amount, l.order_date
  from core.fact_order_items l
  join product_performance_scope s on s.source_system = l.source_system and s.product_id = l.product_id
),
-- logic CTEs
-- Distinct orders and customers by hashing plain columns: count(distinct ...) per product sorted
-- every line on disk and took most of this model's time (as in category_performance).
sales_orders as (
  select d.source_system, d.product_id, count(*) as orders
  from (select distinct source_system, product_id, order_id from order_lines where is_revenue) d
  group by d.source_system, d.product_id
),
sales_customers as (
  select d.source_system, d.product_id, count(*) as customers
  from (select distinct source_system, product_id, customer_id from order_lines
        where is_revenue and customer_id is not null) d
  group by d.source_system, d.product_id
),
sales as (
  select a.source_system,
         a.product_id,
         coalesce(o.orders, 0) as orders,
         coalesce(c.customers, 0) as customers,
         a.units_sold,
         a.gross_sales,
         a.discounts,
         a.net_revenue,
         a.non_revenue_units,
         a.first_sold_date,
         a.last_sold_date
  from (select l.source_system,
               l.product_id,
               coalesce(sum(l.quantity) filter (where l.is_revenue), 0) as units_sold,
               coalesce(sum(l.gross_amount) filter (where l.is_revenue), 0) as gross_sales,
               coalesce(sum(l.discount_applied) filter (where l.is_revenue), 0) as discounts,
               coalesce(sum(l.net_amount) filter (where l.is_revenue), 0) as net_revenue,
               coalesce(sum(l.quantity) filter (where not l.is_revenue), 0) as non_revenue_units,
               min(l.order_date) filter (where l.is_revenue) as first_sold_date,
               max(l.order_date) filter (where l.is_revenue) as last_sold_date
        from order_lines l
        group by l.source_system, l.product_id) a
  left join sales_orders o on o.source_system = a.source_system and o.product_id = a.product_id
  left join sales_customers c on c.source_system = a.source_system and c.product_id = a.product_id
),
live_products as (
  -- Known to dw or sold; a product whose current version is deleted is left out.
  select source_system, product_id from products
  union
  select source_system, product_id from sales
  except
  select source_system, product_id from products where is_deleted
),
final as (
  select lp.source_system,
         lp.product_id,
         coalesce(p.product_key, -1) as product_key,
         p.sku,
         p.name,
         p.brand,
         p.department,
         p.category,
         p.subcategory,
         p.list_price,
         p.cost,
         p.margin_pct,
         p.availability,
         p.stock_qty,
         p.is_discontinued,
         coalesce(s.orders, 0) as orders,
         coalesce(s.customers, 0) as customers,
         coalesce(s.units_sold, 0) as units_sold,
         coalesce(s.gross_sales, 0) as gross_sales,
         coalesce(s.discounts, 0) as discounts,
         coalesce(s.net_revenue, 0) as net_revenue,
         round(s.net_revenue / nullif(s.units_sold, 0), 4) as avg_unit_net_price,
         coalesce(s.non_revenue_units, 0) as non_revenue_units,
         s.first_sold_date,
         s.last_sold_date,
         current_setting('martflow.run_id') as run_id
  from live_products lp
  left join products p on p.source_system = lp.source_system and p.product_id = lp.product_id
  left join sales s on s.source_system = lp.source_system and s.product_id = lp.product_id
)
select * from final;
