-- severity: error
-- dw.tb_products amounts: list_price and cost not negative, margin = list_price - cost, margin_pct = margin / list_price x 100 (2 decimals HALF_UP; null without a price, a cost or at price 0).
with products as (
  select source_system, product_id, product_sk, list_price, cost, margin, margin_pct
  from dw.tb_products
),

checked as (
  select p.source_system, p.product_id, p.product_sk, v.problem, v.stored, v.expected
  from products p
  cross join lateral (values
    (case when p.list_price < 0 or p.cost < 0 then 'list_price or cost negative' end,
     least(p.list_price, p.cost), null::numeric),
    (case when p.margin is distinct from p.list_price - p.cost then 'margin <> list_price - cost' end,
     p.margin, p.list_price - p.cost),
    (case when p.margin_pct is not null
               and p.margin_pct is distinct from round((p.list_price - p.cost) / nullif(p.list_price, 0) * 100, 2)
          then 'margin_pct <> margin / list_price x 100' end,
     p.margin_pct, round((p.list_price - p.cost) / nullif(p.list_price, 0) * 100, 2))
  ) as v(problem, stored, expected)
),

final as (
  select problem, source_system, product_id, product_sk, stored, expected
  from checked
  where problem is not null
)

select * from final
