-- severity: error
-- dw.tb_orders amounts: order_total = items_net + tax_total + shipping_fee, items_net = items_gross - discount_total, every amount present and not negative, counts not negative.
with orders as (
  select source_system, order_id, items_gross, discount_total, items_net, tax_total, shipping_fee, order_total,
         line_count, units
  from dw.tb_orders
  where not is_deleted
    -- rows of runs this check already passed are sound (V12_1__quality_passed_runs.sql)
    and run_id not in (select ctl.passed_runs())
),

checked as (
  select o.source_system, o.order_id, v.problem, v.stored, v.expected
  from orders o
  cross join lateral (values
    (case when o.order_total is distinct from o.items_net + o.tax_total + o.shipping_fee
          then 'order_total <> items_net + tax_total + shipping_fee' end,
     o.order_total, o.items_net + o.tax_total + o.shipping_fee),
    (case when o.items_net is distinct from o.items_gross - o.discount_total
          then 'items_net <> items_gross - discount_total' end,
     o.items_net, o.items_gross - o.discount_total),
    (case when least(o.items_gross, o.discount_total, o.items_net, o.tax_total, o.shipping_fee, o.order_total) < 0
               or num_nulls(o.items_gross, o.discount_total, o.items_net, o.tax_total, o.shipping_fee,
                            o.order_total) > 0
          then 'amount missing or negative' end,
     least(o.items_gross, o.discount_total, o.items_net, o.tax_total, o.shipping_fee, o.order_total), null::numeric),
    (case when o.line_count < 0 or o.units < 0 or o.line_count is null or o.units is null
          then 'line_count or units missing or negative' end,
     least(o.line_count, o.units)::numeric, null)
  ) as v(problem, stored, expected)
),

final as (
  select problem, source_system, order_id, stored, expected
  from checked
  where problem is not null
)

select * from final
