-- severity: error
-- dw.tb_orders keys: (source_system, order_id) present and unique.
with orders as (
  select source_system, order_id,
         count(*) over (partition by source_system, order_id) as key_rows
  from dw.tb_orders
),

final as (
  select case
           when source_system is null or order_id is null then 'null key'
           when key_rows > 1 then 'duplicate key'
         end as problem,
         source_system, order_id, key_rows
  from orders
)

select * from final where problem is not null
