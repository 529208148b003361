-- severity: error
-- dw.tb_orders accepted values: status one of the nine canonical statuses, failure_reason a code of ref.failure_reasons, ship_country a code of ref.countries, payment_failed orders flagged is_failed and only payment_failed or cancelled ones, order_ts and order_date present and not before 2000-01-01.
with orders as (
  select source_system, order_id, status, failure_reason, is_failed, ship_country, order_ts, order_date
  from dw.tb_orders
  where not is_deleted
    -- rows of runs this check already passed are sound (V12_1__quality_passed_runs.sql)
    and run_id not in (select ctl.passed_runs())
),

-- The rules a row breaks, by number, in one pass; only those rows are expanded to a row per
-- broken rule below (as in invariants_dw_order_items).
judged as (
  select o.*,
         array_remove(array[
           case when o.status is null
                     or o.status not in ('pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled',
                                         'returned', 'refunded', 'payment_failed') then 1 end,
           case when o.failure_reason is not null
                and o.failure_reason not in (select reason_code from ref.failure_reasons) then 2 end,
           case when o.ship_country is not null and o.ship_country not in (select code from ref.countries) then 3 end,
           case when o.status = 'payment_failed' and o.is_failed is not true then 4 end,
           case when o.is_failed and o.status not in ('payment_failed', 'cancelled') then 5 end,
           case when o.order_ts is null or o.order_date is null or o.order_date < date '2000-01-01' then 6 end
         ], null) as broken
  from orders o
),

checked as (
  select j.source_system, j.order_id, v.problem, v.value
  from judged j
  cross join lateral (values
    (1, 'status not accepted', j.status),
    (2, 'failure_reason not in ref.failure_reasons', j.failure_reason),
    (3, 'ship_country not in ref.countries', j.ship_country),
    (4, 'payment_failed but not is_failed', j.status),
    (5, 'is_failed on a ' || j.status || ' order', j.status),
    (6, 'order_ts or order_date missing or before 2000', j.order_date::text)
  ) as v(rule, problem, value)
  where j.broken <> '{}' and v.rule = any (j.broken)
),

final as (
  select problem, source_system, order_id, value
  from checked
  where problem is not null
)

select * from final
