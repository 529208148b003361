-- severity: error
-- dw.tb_products amounts: list_price and cost not negative, margin = list_price - cost, margin_pct = margin / list_price x 100 (2 decimals HALF_UP; null without a price, a cost or at price 0).
with products as (
  select source_system, product_id, product_sk, list_price, cost, margin, margin_pct
  from dw.tb_products
),

-- The rules a row breaks, by number, in one pass; only those rows are expanded to a row per
-- broken rule below (as in invariants_dw_order_items).
judged as (
  select p.*,
         array_remove(array[
           case when p.list_price < 0 or p.cost < 0 then 1 end,
           case when p.margin is distinct from p.list_price - p.cost then 2 end,
           case when p.margin_pct is not null
                and p.margin_pct is distinct from round((p.list_price - p.cost) / nullif(p.list_price, 0) * 100, 2) then 3 end
         ], null) as broken
  from products p
),

checked as (
  select j.source_system, j.product_id, j.product_sk, v.problem, v.stored, v.expected
  from judged j
  cross join lateral (values
    (1, 'list_price or cost negative', least(j.list_price, j.cost), null::numeric),
    (2, 'margin <> list_price - cost', j.margin, j.list_price - j.cost),
    (3, 'margin_pct <> margin / list_price x 100', j.margin_pct,
     round((j.list_price - j.cost) / nullif(j.list_price, 0) * 100, 2))
  ) as v(rule, problem, stored, expected)
  where j.broken <> '{}' and v.rule = any (j.broken)
),

final as (
  select problem, source_system, product_id, product_sk, stored, expected
  from checked
  where problem is not null
)

select * from final
