-- severity: error
-- dw.tb_order_items keys: (source_system, order_id, line_no) present and unique.
with lines as (
  select source_system, order_id, line_no,
         count(*) over (partition by source_system, order_id, line_no) as key_rows
  from dw.tb_order_items
),

final as (
  select case
           when source_system is null or order_id is null or line_no is null then 'null key'
           when key_rows > 1 then 'duplicate key'
         end as problem,
         source_system, order_id, line_no, key_rows
  from lines
)

select * from final where problem is not null
