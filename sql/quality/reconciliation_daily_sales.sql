-- severity: error
-- marts = facts: mart.daily_sales has one row per order date of core.fact_orders with the same order count and net revenue (items_net of revenue orders).
with facts as (
  select order_date, count(*) as orders,
         coalesce(sum(items_net) filter (where is_revenue), 0) as net_revenue
  from core.fact_orders
  group by order_date
),

mart as (
  select order_date, orders, net_revenue
  from mart.daily_sales
),

final as (
  select case when m.order_date is null then 'order date missing from mart.daily_sales'
              when f.order_date is null then 'mart.daily_sales date without orders'
              else 'orders or net_revenue differ from core.fact_orders' end as problem,
         coalesce(f.order_date, m.order_date) as order_date, f.orders as fact_orders, m.orders as mart_orders,
         f.net_revenue as fact_net_revenue, m.net_revenue as mart_net_revenue
  from facts f
  full join mart m on m.order_date = f.order_date
  where m.order_date is null or f.order_date is null or m.orders <> f.orders or m.net_revenue <> f.net_revenue
)

select * from final
