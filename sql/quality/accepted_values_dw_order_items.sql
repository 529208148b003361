-- severity: error
-- dw.tb_order_items accepted values: category a category of ref.categories or 'Uncategorized' (or missing), ship_country a code of ref.countries (or missing).
with lines as (
  select source_system, order_id, line_no, category, ship_country
  from dw.tb_order_items
  where not is_deleted
    -- rows of runs this check already passed are sound (V12_1__quality_passed_runs.sql)
    and run_id not in (select ctl.passed_runs())
),

checked as (
  select l.source_system, l.order_id, l.line_no, v.problem, v.value
  from lines l
  cross join lateral (values
    (case when l.category is not null and l.category <> 'Uncategorized'
               and l.category not in (select category from ref.categories)
          then 'category not in ref.categories' end, l.category),
    (case when l.ship_country is not null and l.ship_country not in (select code from ref.countries)
          then 'ship_country not in ref.countries' end, l.ship_country)
  ) as v(problem, value)
),

final as (
  select problem, source_system, order_id, line_no, value
  from checked
  where problem is not null
)

select * from final
