-- severity: warn
-- dw.tb_order_items -> dw.tb_products: every order line (not deleted) names a product that dw.tb_products has (a product rejected at load, e.g. NEGATIVE_PRICE, leaves its lines without one).
with lines as (
  select source_system, order_id, line_no, product_id
  from dw.tb_order_items
  where not is_deleted
),

products as (
  select distinct source_system, product_id
  from dw.tb_products
),

final as (
  select 'product not in dw.tb_products' as problem, l.source_system, l.order_id, l.line_no, l.product_id
  from lines l
  left join products p on p.source_system = l.source_system and p.product_id = l.product_id
  where p.product_id is null
)

select * from final
