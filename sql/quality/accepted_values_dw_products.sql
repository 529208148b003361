-- severity: error
-- dw.tb_products accepted values: availability in_stock, low_stock or out_of_stock and, on the current version, the one its stock gives; (department, category, subcategory) from ref.categories, or 'Uncategorized' flagged with no department or subcategory.
with products as (
  select source_system, product_id, product_sk, department, category, subcategory, is_uncategorized,
         availability, stock_qty, reorder_level, is_current
  from dw.tb_products
),

categories as (
  select department, category, subcategory
  from ref.categories
),

settings as (
  select value::int as low_stock_default
  from ref.settings
  where key = 'low_stock_default'
),

checked as (
  select p.source_system, p.product_id, p.product_sk, v.problem, v.value
  from products p
  cross join settings s
  cross join lateral (values
    (case when p.availability is null or p.availability not in ('in_stock', 'low_stock', 'out_of_stock')
          then 'availability not accepted' end, p.availability),
    (case when p.is_current and p.availability is distinct from
               case when coalesce(p.stock_qty, 0) <= 0 then 'out_of_stock'
                    when p.stock_qty < coalesce(p.reorder_level, s.low_stock_default) then 'low_stock'
                    else 'in_stock' end
          then 'availability disagrees with stock' end,
     p.availability || ' at stock ' || coalesce(p.stock_qty::text, 'null')),
    (case when p.category = 'Uncategorized'
               and (p.is_uncategorized is not true or p.department is not null or p.subcategory is not null)
          then 'Uncategorized with a department, subcategory or without the flag' end, p.category),
    (case when p.category is distinct from 'Uncategorized' and p.is_uncategorized is not false
          then 'is_uncategorized on a known category' end, p.category),
    (case when p.category is distinct from 'Uncategorized'
               and not exists (select 1 from categories c
                               where c.category = p.category and c.department = p.department
                                 and (p.subcategory is null or c.subcategory = p.subcategory))
          then 'category not in ref.categories' end,
     concat_ws(' > ', p.department, p.category, p.subcategory))
  ) as v(problem, value)
),

final as (
  select problem, source_system, product_id, product_sk, value
  from checked
  where problem is not null
)

select * from final
