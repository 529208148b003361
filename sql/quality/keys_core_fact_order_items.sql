-- severity: error
-- core.fact_order_items keys: (source_system, order_id, line_no) present and unique; customer_key, product_key and order_date_key present.
with lines as (
  select source_system, order_id, line_no, customer_key, product_key, order_date_key,
         count(*) over (partition by source_system, order_id, line_no) as key_rows
  from core.fact_order_items
),

final as (
  select case
           when source_system is null or order_id is null or line_no is null then 'null key'
           when key_rows > 1 then 'duplicate key'
           when customer_key is null or product_key is null or order_date_key is null then 'null dimension key'
         end as problem,
         source_system, order_id, line_no, customer_key, product_key, order_date_key
  from lines
)

select * from final where problem is not null
