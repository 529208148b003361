-- grain: one row per order date of the last 90 days in mart.daily_sales: net revenue of revenue
-- orders and orders placed.
with days as (
  select order_date, net_revenue, orders
  from mart.daily_sales
),

last_day as (
  select max(order_date) as day from days
),

final as (
  select d.order_date as day, d.net_revenue as revenue, d.orders
  from days d
  cross join last_day l
  where d.order_date > l.day - 90
)

select * from final order by day
