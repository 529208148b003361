-- severity: error
-- dw.tb_products keys: product_sk and (source_system, product_id, valid_from) present and unique; each product has exactly one current version, the one valid to infinity, and its versions neither overlap nor leave gaps.
with products as (
  select product_sk, source_system, product_id, valid_from, valid_to, is_current
  from dw.tb_products
),

versions as (
  select c.*,
         lead(valid_from) over (partition by source_system, product_id order by valid_from) as next_valid_from,
         count(*) over (partition by product_sk) as sk_rows,
         count(*) over (partition by source_system, product_id, valid_from) as version_rows,
         count(*) filter (where is_current) over (partition by source_system, product_id) as current_versions
  from products c
),

final as (
  select case
           when product_sk is null or source_system is null or product_id is null or valid_from is null
             then 'null key'
           when sk_rows > 1 then 'duplicate product_sk'
           when version_rows > 1 then 'duplicate version (source_system, product_id, valid_from)'
           when current_versions <> 1 then current_versions || ' current versions'
           when is_current <> (valid_to = 'infinity') then 'is_current disagrees with valid_to'
           when next_valid_from < valid_to then 'overlaps the next version'
           when next_valid_from > valid_to then 'gap before the next version'
         end as problem,
         source_system, product_id, product_sk, valid_from, valid_to, is_current
  from versions
)

select * from final where problem is not null
