-- severity: error
-- dw.tb_customers keys: customer_sk and (source_system, customer_id, valid_from) present and unique; each customer has exactly one current version, the one valid to infinity, and its versions neither overlap nor leave gaps.
with customers as (
  select customer_sk, source_system, customer_id, valid_from, valid_to, is_current
  from dw.tb_customers
),

versions as (
  select c.*,
         lead(valid_from) over (partition by source_system, customer_id order by valid_from) as next_valid_from,
         count(*) over (partition by customer_sk) as sk_rows,
         count(*) over (partition by source_system, customer_id, valid_from) as version_rows,
         count(*) filter (where is_current) over (partition by source_system, customer_id) as current_versions
  from customers c
),

final as (
  select case
           when customer_sk is null or source_system is null or customer_id is null or valid_from is null
             then 'null key'
           when sk_rows > 1 then 'duplicate customer_sk'
           when version_rows > 1 then 'duplicate version (source_system, customer_id, valid_from)'
           when current_versions <> 1 then current_versions || ' current versions'
           when is_current <> (valid_to = 'infinity') then 'is_current disagrees with valid_to'
           when next_valid_from < valid_to then 'overlaps the next version'
           when next_valid_from > valid_to then 'gap before the next version'
         end as problem,
         source_system, customer_id, customer_sk, valid_from, valid_to, is_current
  from versions
)

select * from final where problem is not null
