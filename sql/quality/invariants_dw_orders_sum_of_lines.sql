-- severity: error
-- dw.tb_orders totals are the sums of their order lines (not deleted): line_count, units, items_gross, discount_total, items_net and tax_total, to the cent.
with orders as (
  select source_system, order_id, line_count, units, items_gross, discount_total, items_net, tax_total
  from dw.tb_orders
  where not is_deleted
),

line_sums as (
  select source_system, order_id, count(*) as line_count, sum(quantity)::bigint as units,
         sum(gross_amount) as items_gross, sum(discount_applied) as discount_total,
         sum(net_amount) as items_net, sum(tax_amount) as tax_total
  from dw.tb_order_items
  where not is_deleted
  group by source_system, order_id
),

compared as (
  select o.source_system, o.order_id,
         (o.line_count::bigint, o.units::bigint, o.items_gross, o.discount_total, o.items_net, o.tax_total) as stored,
         (coalesce(l.line_count, 0), coalesce(l.units, 0), coalesce(l.items_gross, 0), coalesce(l.discount_total, 0),
          coalesce(l.items_net, 0), coalesce(l.tax_total, 0)) as lines
  from orders o
  left join line_sums l on l.source_system = o.source_system and l.order_id = o.order_id
),

final as (
  select 'order totals <> sums of its lines' as problem, source_system, order_id,
         stored::text as order_totals, lines::text as line_sums
  from compared
  where stored is distinct from lines
)

select * from final
