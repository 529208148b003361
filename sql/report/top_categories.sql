-- grain: one row per product category, the 10 with the most net revenue (lines of paid, processing,
-- shipped and delivered orders).
with lines as (
  select coalesce(i.category, 'Unknown') as category, i.net_amount, i.quantity
  from dw.tb_order_items i
  join dw.tb_orders o on o.source_system = i.source_system and o.order_id = i.order_id
  where not i.is_deleted and not o.is_deleted and o.status in ('paid', 'processing', 'shipped', 'delivered')
),

final as (
  select category, sum(net_amount) as revenue, sum(quantity) as units
  from lines
  group by category
)

select * from final order by revenue desc, category limit 10
