-- severity: error
-- facts -> dimensions: every key of core.fact_orders and core.fact_order_items finds its row in core.dim_customer, core.dim_product (the unknown member -1 included) and core.dim_date, every line's order is in core.fact_orders, and a customer or product key is a version of the fact's own customer or product.
with orders as (
  select source_system, order_id, customer_id, customer_key, order_date_key
  from core.fact_orders
),

lines as (
  select source_system, order_id, line_no, product_id, product_key, customer_key, order_date_key
  from core.fact_order_items
),

customers as (
  select customer_key, source_system, customer_id, is_unknown
  from core.dim_customer
),

products as (
  select product_key, source_system, product_id, is_unknown
  from core.dim_product
),

dates as (
  select date_key
  from core.dim_date
),

problems as (
  select 'fact_orders.customer_key not in dim_customer' as problem, o.source_system, o.order_id,
         null::int as line_no, o.customer_key as dimension_key
  from orders o left join customers c on c.customer_key = o.customer_key
  where c.customer_key is null
  union all
  select 'fact_orders.customer_key is a version of another customer', o.source_system, o.order_id,
         null, o.customer_key
  from orders o join customers c on c.customer_key = o.customer_key
  where not c.is_unknown and (c.source_system, c.customer_id) is distinct from (o.source_system, o.customer_id)
  union all
  select 'fact_orders.order_date_key not in dim_date', o.source_system, o.order_id, null, o.order_date_key
  from orders o left join dates d on d.date_key = o.order_date_key
  where d.date_key is null
  union all
  select 'fact_order_items.product_key not in dim_product', l.source_system, l.order_id, l.line_no, l.product_key
  from lines l left join products p on p.product_key = l.product_key
  where p.product_key is null
  union all
  select 'fact_order_items.product_key is a version of another product', l.source_system, l.order_id, l.line_no,
         l.product_key
  from lines l join products p on p.product_key = l.product_key
  where not p.is_unknown and (p.source_system, p.product_id) is distinct from (l.source_system, l.product_id)
  union all
  select 'fact_order_items.customer_key not in dim_customer', l.source_system, l.order_id, l.line_no,
         l.customer_key
  from lines l left join customers c on c.customer_key = l.customer_key
  where c.customer_key is null
  union all
  select 'fact_order_items.order_date_key not in dim_date', l.source_system, l.order_id, l.line_no,
         l.order_date_key
  from lines l left join dates d on d.date_key = l.order_date_key
  where d.date_key is null
  union all
  select 'order line without its order in fact_orders', l.source_system, l.order_id, l.line_no, null
  from lines l left join orders o on o.source_system = l.source_system and o.order_id = l.order_id
  where o.order_id is null
),

final as (
  select * from problems
)

select * from final
