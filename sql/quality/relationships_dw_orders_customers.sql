-- severity: warn
-- dw.tb_orders -> dw.tb_customers: every order (not deleted) names a customer that dw.tb_customers has (a customer rejected at load, e.g. NO_CONTACT, leaves its orders without one).
with orders as (
  select source_system, order_id, customer_id, order_date
  from dw.tb_orders
  where not is_deleted
),

customers as (
  select distinct source_system, customer_id
  from dw.tb_customers
),

final as (
  select 'customer not in dw.tb_customers' as problem, o.source_system, o.order_id, o.customer_id, o.order_date
  from orders o
  left join customers c on c.source_system = o.source_system and c.customer_id = o.customer_id
  where c.customer_id is null
)

select * from final
