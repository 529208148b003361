-- grain: one row per product category, the 10 with the most net revenue over every month of
-- mart.category_performance (category at order time, revenue lines).
with months as (
  select category, net_revenue, units_sold
  from mart.category_performance
),

final as (
  select category, sum(net_revenue) as revenue, sum(units_sold) as units
  from months
  group by category
  having sum(net_revenue) > 0
)

select * from final order by revenue desc, category limit 10
