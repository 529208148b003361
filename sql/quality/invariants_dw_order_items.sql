-- severity: error
-- dw.tb_order_items amounts: quantity > 0, unit_price >= 0, gross = unit_price x quantity, discount within 0..gross and as priced, net = gross - discount, tax rate in [0, 1), tax = net x rate, line_total = net + tax, unit_net_price = net / quantity (cents and 4 decimals HALF_UP).
with lines as (
  select source_system, order_id, line_no, quantity, unit_price, discount_pct, discount_amount, gross_amount,
         discount_applied, net_amount, applied_tax_rate, tax_amount, line_total, unit_net_price
  from dw.tb_order_items
  where not is_deleted
    -- rows of runs this check already passed are sound (V12_1__quality_passed_runs.sql)
    and run_id not in (select ctl.passed_runs())
),

checked as (
  select l.source_system, l.order_id, l.line_no, v.problem, v.stored, v.expected
  from lines l
  cross join lateral (values
    (case when l.quantity is null or l.quantity <= 0 then 'quantity not positive' end,
     l.quantity::numeric, null::numeric),
    (case when l.unit_price is null or l.unit_price < 0 then 'unit_price missing or negative' end,
     l.unit_price, null),
    (case when l.gross_amount is distinct from round(l.unit_price * l.quantity, 2)
          then 'gross_amount <> unit_price x quantity' end,
     l.gross_amount, round(l.unit_price * l.quantity, 2)),
    (case when l.discount_applied is distinct from
               least(l.gross_amount, case when l.discount_amount > 0 then l.discount_amount
                                          else round(l.gross_amount * coalesce(l.discount_pct, 0) / 100, 2) end)
               or l.discount_applied < 0
          then 'discount_applied not the priced discount (0..gross)' end,
     l.discount_applied,
     least(l.gross_amount, case when l.discount_amount > 0 then l.discount_amount
                                else round(l.gross_amount * coalesce(l.discount_pct, 0) / 100, 2) end)),
    (case when l.net_amount is distinct from l.gross_amount - l.discount_applied
          then 'net_amount <> gross - discount' end,
     l.net_amount, l.gross_amount - l.discount_applied),
    (case when l.applied_tax_rate is null or l.applied_tax_rate < 0 or l.applied_tax_rate >= 1
          then 'applied_tax_rate outside [0, 1)' end,
     l.applied_tax_rate, null),
    (case when l.tax_amount is distinct from round(l.net_amount * l.applied_tax_rate, 2)
          then 'tax_amount <> net x rate' end,
     l.tax_amount, round(l.net_amount * l.applied_tax_rate, 2)),
    (case when l.line_total is distinct from l.net_amount + l.tax_amount
          then 'line_total <> net + tax' end,
     l.line_total, l.net_amount + l.tax_amount),
    (case when l.quantity > 0 and l.unit_net_price is distinct from round(l.net_amount / l.quantity, 4)
          then 'unit_net_price <> net / quantity' end,
     l.unit_net_price, round(l.net_amount / nullif(l.quantity, 0), 4))
  ) as v(problem, stored, expected)
),

final as (
  select problem, source_system, order_id, line_no, stored, expected
  from checked
  where problem is not null
)

select * from final
