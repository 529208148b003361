-- grain: one row per order status: live orders (core.fact_orders) in that status now.
select status, count(*) as orders
from core.fact_orders
group by status
order by orders desc, status
