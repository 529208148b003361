-- severity: error
-- dw.tb_order_items -> dw.tb_orders: every order line (not deleted) belongs to an order of dw.tb_orders that is not deleted.
with lines as (
  select source_system, order_id, line_no
  from dw.tb_order_items
  where not is_deleted
),

orders as (
  select source_system, order_id, is_deleted
  from dw.tb_orders
),

final as (
  select case when o.order_id is null then 'order not in dw.tb_orders' else 'order is deleted' end as problem,
         l.source_system, l.order_id, l.line_no
  from lines l
  left join orders o on o.source_system = l.source_system and o.order_id = l.order_id
  where o.order_id is null or o.is_deleted
)

select * from final
