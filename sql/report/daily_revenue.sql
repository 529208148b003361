-- grain: one row per order date of the last 90 days with orders: net revenue (items_net of paid,
-- processing, shipped and delivered orders) and orders placed.
with orders as (
  select order_date, status, items_net
  from dw.tb_orders
  where not is_deleted and order_date is not null
),

last_day as (
  select max(order_date) as day from orders
),

final as (
  select o.order_date as day,
         coalesce(sum(o.items_net) filter (where o.status in ('paid', 'processing', 'shipped', 'delivered')), 0)
           as revenue,
         count(*) as orders
  from orders o
  cross join last_day d
  where o.order_date > d.day - 90
  group by o.order_date
)

select * from final order by day
