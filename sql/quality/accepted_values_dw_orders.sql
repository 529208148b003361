-- severity: error
-- dw.tb_orders accepted values: status one of the nine canonical statuses, failure_reason a code of ref.failure_reasons, ship_country a code of ref.countries, payment_failed orders flagged is_failed and only payment_failed or cancelled ones, order_ts and order_date present and not before 2000-01-01.
with orders as (
  select source_system, order_id, status, failure_reason, is_failed, ship_country, order_ts, order_date
  from dw.tb_orders
  where not is_deleted
    -- rows of runs this check already passed are sound (V12_1__quality_passed_runs.sql)
    and run_id not in (select ctl.passed_runs())
),

checked as (
  select o.source_system, o.order_id, v.problem, v.value
  from orders o
  cross join lateral (values
    (case when o.status is null or o.status not in ('pending', 'paid', 'processing', 'shipped', 'delivered',
                                                     'cancelled', 'returned', 'refunded', 'payment_failed')
          then 'status not accepted' end, o.status),
    (case when o.failure_reason is not null
               and o.failure_reason not in (select reason_code from ref.failure_reasons)
          then 'failure_reason not in ref.failure_reasons' end, o.failure_reason),
    (case when o.ship_country is not null and o.ship_country not in (select code from ref.countries)
          then 'ship_country not in ref.countries' end, o.ship_country),
    (case when o.status = 'payment_failed' and o.is_failed is not true
          then 'payment_failed but not is_failed' end, o.status),
    (case when o.is_failed and o.status not in ('payment_failed', 'cancelled')
          then 'is_failed on a ' || o.status || ' order' end, o.status),
    (case when o.order_ts is null or o.order_date is null or o.order_date < date '2000-01-01'
          then 'order_ts or order_date missing or before 2000' end, o.order_date::text)
  ) as v(problem, value)
),

final as (
  select problem, source_system, order_id, value
  from checked
  where problem is not null
)

select * from final
