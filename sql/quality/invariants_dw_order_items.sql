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

-- The rules a line breaks, by number, in one pass; only those lines are expanded to a row per
-- broken rule below. (Expanding every line into its nine rules first cost nine evaluations per
-- line: 71 s over five million lines.)
judged as (
  select l.*,
         array_remove(array[
           case when l.quantity is null or l.quantity <= 0 then 1 end,
           case when l.unit_price is null or l.unit_price < 0 then 2 end,
           case when l.gross_amount is distinct from round(l.unit_price * l.quantity, 2) then 3 end,
           case when l.discount_applied is distinct from
                       least(l.gross_amount, case when l.discount_amount > 0 then l.discount_amount
                                                  else round(l.gross_amount * coalesce(l.discount_pct, 0) / 100, 2) end)
                     or l.discount_applied < 0 then 4 end,
           case when l.net_amount is distinct from l.gross_amount - l.discount_applied then 5 end,
           case when l.applied_tax_rate is null or l.applied_tax_rate < 0 or l.applied_tax_rate >= 1 then 6 end,
           case when l.tax_amount is distinct from round(l.net_amount * l.applied_tax_rate, 2) then 7 end,
           case when l.line_total is distinct from l.net_amount + l.tax_amount then 8 end,
           case when l.quantity > 0 and l.unit_net_price is distinct from round(l.net_amount / l.quantity, 4)
                then 9 end
         ], null) as broken
  from lines l
),

checked as (
  select j.source_system, j.order_id, j.line_no, v.problem, v.stored, v.expected
  from judged j
  cross join lateral (values
    (1, 'quantity not positive', j.quantity::numeric, null::numeric),
    (2, 'unit_price missing or negative', j.unit_price, null),
    (3, 'gross_amount <> unit_price x quantity', j.gross_amount, round(j.unit_price * j.quantity, 2)),
    (4, 'discount_applied not the priced discount (0..gross)', j.discount_applied,
     least(j.gross_amount, case when j.discount_amount > 0 then j.discount_amount
                                else round(j.gross_amount * coalesce(j.discount_pct, 0) / 100, 2) end)),
    (5, 'net_amount <> gross - discount', j.net_amount, j.gross_amount - j.discount_applied),
    (6, 'applied_tax_rate outside [0, 1)', j.applied_tax_rate, null),
    (7, 'tax_amount <> net x rate', j.tax_amount, round(j.net_amount * j.applied_tax_rate, 2)),
    (8, 'line_total <> net + tax', j.line_total, j.net_amount + j.tax_amount),
    (9, 'unit_net_price <> net / quantity', j.unit_net_price, round(j.net_amount / nullif(j.quantity, 0), 4))
  ) as v(rule, problem, stored, expected)
  where j.broken <> '{}' and v.rule = any (j.broken)
),

final as (
  select problem, source_system, order_id, line_no, stored, expected
  from checked
  where problem is not null
)

select * from final
