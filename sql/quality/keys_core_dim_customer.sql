-- severity: error
-- core.dim_customer keys: customer_key present and unique, exactly one unknown member (-1), and every other customer with unique versions and exactly one current version.
with customers as (
  select customer_key, source_system, customer_id, valid_from, is_current, is_unknown,
         count(*) over (partition by customer_key) as key_rows,
         count(*) over (partition by source_system, customer_id, valid_from) as version_rows,
         count(*) filter (where is_current) over (partition by source_system, customer_id) as current_versions,
         count(*) filter (where is_unknown) over () as unknown_members
  from core.dim_customer
),

final as (
  select case
           when customer_key is null then 'null customer_key'
           when key_rows > 1 then 'duplicate customer_key'
           when unknown_members <> 1 then unknown_members || ' unknown members'
           when not is_unknown and customer_id is null then 'null customer_id'
           when not is_unknown and version_rows > 1 then 'duplicate version'
           when not is_unknown and current_versions <> 1 then current_versions || ' current versions'
         end as problem,
         customer_key, source_system, customer_id, valid_from, is_current
  from customers
)

select * from final where problem is not null
