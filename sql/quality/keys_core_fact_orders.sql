-- severity: error
-- core.fact_orders keys: (source_system, order_id) present and unique; customer_key and order_date_key present.
with orders as (
  select source_system, order_id, customer_key, order_date_key,
         count(*) over (partition by source_system, order_id) as key_rows
  from core.fact_orders
),

final as (
  select case
           when source_system is null or order_id is null then 'null key'
           when key_rows > 1 then 'duplicate key'
           when customer_key is null or order_date_key is null then 'null dimension key'
         end as problem,
         source_system, order_id, customer_key, order_date_key
  from orders
)

select * from final where problem is not null
