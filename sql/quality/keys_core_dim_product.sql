-- severity: error
-- core.dim_product keys: product_key present and unique, exactly one unknown member (-1), and every other product with unique versions and exactly one current version.
with products as (
  select product_key, source_system, product_id, valid_from, is_current, is_unknown,
         count(*) over (partition by product_key) as key_rows,
         count(*) over (partition by source_system, product_id, valid_from) as version_rows,
         count(*) filter (where is_current) over (partition by source_system, product_id) as current_versions,
         count(*) filter (where is_unknown) over () as unknown_members
  from core.dim_product
),

final as (
  select case
           when product_key is null then 'null product_key'
           when key_rows > 1 then 'duplicate product_key'
           when unknown_members <> 1 then unknown_members || ' unknown members'
           when not is_unknown and product_id is null then 'null product_id'
           when not is_unknown and version_rows > 1 then 'duplicate version'
           when not is_unknown and current_versions <> 1 then current_versions || ' current versions'
         end as problem,
         product_key, source_system, product_id, valid_from, is_current
  from products
)

select * from final where problem is not null
