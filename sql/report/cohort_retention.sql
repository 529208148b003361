-- grain: one row per acquisition month (first order, last 12 cohorts) and months since: customers
-- of the cohort who ordered in that month, and their share of the cohort.
with orders as (
  select customer_id, date_trunc('month', order_date)::date as order_month
  from dw.tb_orders
  where not is_deleted and customer_id is not null and order_date is not null and not coalesce(is_failed, false)
),

firsts as (
  select customer_id, min(order_month) as cohort_month
  from orders
  group by customer_id
),

cohorts as (
  select cohort_month, count(*) as cohort_size
  from firsts
  group by cohort_month
  order by cohort_month desc
  limit 12
),

activity as (
  select f.cohort_month,
         ((extract(year from o.order_month) - extract(year from f.cohort_month)) * 12
           + extract(month from o.order_month) - extract(month from f.cohort_month))::int as months_since,
         count(distinct o.customer_id) as customers
  from orders o
  join firsts f on f.customer_id = o.customer_id
  group by 1, 2
),

final as (
  select c.cohort_month, c.cohort_size, a.months_since, a.customers,
         round(a.customers::numeric / c.cohort_size, 4) as retention
  from cohorts c
  join activity a on a.cohort_month = c.cohort_month
)

select * from final order by cohort_month, months_since
