-- grain: one row per acquisition month (the last 12 of mart.cohort_retention) and months since:
-- buyers of the cohort active that month and their share of the cohort.
with cohorts as (
  select distinct cohort_month
  from mart.cohort_retention
  order by cohort_month desc
  limit 12
),

final as (
  select r.cohort_month, r.cohort_size, r.months_since, r.active_customers as customers,
         r.retention_rate as retention
  from mart.cohort_retention r
  join cohorts c on c.cohort_month = r.cohort_month
)

select * from final order by cohort_month, months_since
