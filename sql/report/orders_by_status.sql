-- grain: one row per order status: orders (not deleted) in that status now.
select status, count(*) as orders
from dw.tb_orders
where not is_deleted
group by status
order by orders desc, status
