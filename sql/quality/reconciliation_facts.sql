-- severity: error
-- facts = published: core.fact_orders has exactly the live orders of dw.tb_orders and core.fact_order_items exactly the live lines of dw.tb_order_items, with the same amounts.
with dw_orders as (
  select source_system, order_id, order_total
  from dw.tb_orders
  where not is_deleted
),

fact_orders as (
  select source_system, order_id, order_total
  from core.fact_orders
),

dw_lines as (
  select source_system, order_id, line_no, line_total
  from dw.tb_order_items
  where not is_deleted
),

fact_lines as (
  select source_system, order_id, line_no, line_total
  from core.fact_order_items
),

problems as (
  select case when f.order_id is null then 'live dw order missing from core.fact_orders'
              when d.order_id is null then 'core.fact_orders row not a live dw order'
              else 'order_total differs from dw' end as problem,
         'orders' as fact, coalesce(d.source_system, f.source_system) as source_system,
         coalesce(d.order_id, f.order_id) as order_id, null::int as line_no,
         d.order_total as dw_amount, f.order_total as fact_amount
  from dw_orders d
  full join fact_orders f on f.source_system = d.source_system and f.order_id = d.order_id
  where f.order_id is null or d.order_id is null or f.order_total is distinct from d.order_total
  union all
  select case when f.order_id is null then 'live dw line missing from core.fact_order_items'
              when d.order_id is null then 'core.fact_order_items row not a live dw line'
              else 'line_total differs from dw' end,
         'order_items', coalesce(d.source_system, f.source_system), coalesce(d.order_id, f.order_id),
         coalesce(d.line_no, f.line_no), d.line_total, f.line_total
  from dw_lines d
  full join fact_lines f on f.source_system = d.source_system and f.order_id = d.order_id and f.line_no = d.line_no
  where f.order_id is null or d.order_id is null or f.line_total is distinct from d.line_total
),

final as (
  select * from problems
)

select * from final
