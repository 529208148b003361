-- grain: one row per customer segment (VIP, High, Medium, Low): customers in it. Reads
-- mart.customer_segments, built by the marts (the chart says so when it is not built yet).
select segment, count(*) as customers
from mart.customer_segments
group by segment
order by case segment when 'VIP' then 1 when 'High' then 2 when 'Medium' then 3 when 'Low' then 4 else 5 end
