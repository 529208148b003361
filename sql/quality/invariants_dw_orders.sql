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

-- The rules an order breaks, by number, in one pass; only those orders are expanded to a row per
-- broken rule below (as in invariants_dw_order_items).
judged as (
  select o.*,
         array_remove(array[
           case when o.order_total is distinct from o.items_net + o.tax_total + o.shipping_fee then 1 end,
           case when o.items_net is distinct from o.items_gross - o.discount_total then 2 end,
           case when least(o.items_gross, o.discount_total, o.items_net, o.tax_total, o.shipping_fee, o.order_total) < 0
                     or num_nulls(o.items_gross, o.discount_total, o.items_net, o.tax_total, o.shipping_fee,
                                  o.order_total) > 0 then 3 end,
           case when o.line_count < 0 or o.units < 0 or o.line_count is null or o.units is null then 4 end
         ], null) as broken
  from orders o
),

checked as (
  select j.source_system, j.order_id, v.problem, v.stored, v.expected
  from judged j
  cross join lateral (values
    (1, 'order_total <> items_net + tax_total + shipping_fee', j.order_total,
     j.items_net + j.tax_total + j.shipping_fee),
    (2, 'items_net <> items_gross - discount_total', j.items_net, j.items_gross - j.discount_total),
    (3, 'amount missing or negative',
     least(j.items_gross, j.discount_total, j.items_net, j.tax_total, j.shipping_fee, j.order_total), null::numeric),
    (4, 'line_count or units missing or negative', least(j.line_count, j.units)::numeric, null)
  ) as v(rule, problem, stored, expected)
  where j.broken <> '{}' and v.rule = any (j.broken)
),

final as (
  select problem, source_system, order_id, stored, expected
  from checked
  where problem is not null
)

select * from final
