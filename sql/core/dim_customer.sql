-- grain: one row per customer version of dw.tb_customers, plus the unknown member (customer_key -1)
--
-- materialization: table, merged by difference. The model query (dim_customer_next) is the whole
-- dimension as dw has it now; the build deletes and re-inserts only the versions that differ from
-- core.dim_customer and records their customers in ctl.build_changes (versions_changed when a
-- version was added, removed or re-dated, so the facts re-point their keys). Comparing instead of
-- following run_id is deliberate: publish updates type-1 attributes (age_band, created_at) in
-- place without re-tagging the row, and a dimension is small enough to compare on every build.
-- Full refresh: truncate, insert everything, record one 'all' change.

select ctl.truncate_if_full_build('core.dim_customer', 'dim_customer', '{}');

create temporary table dim_customer_next on commit drop as
with
-- import CTEs
customers as (
  select c.customer_sk, c.source_system, c.customer_id, c.email, c.email_domain, c.is_email_valid,
         c.first_name, c.last_name, c.phone, c.is_phone_valid, c.country, c.country_name, c.region,
         c.state, c.city, c.postal_code, c.birth_date, c.age_band, c.created_at, c.is_deleted,
         c.valid_from, c.valid_to, c.is_current
  from dw.tb_customers c
),
-- logic CTEs
versions as (
  select c.customer_sk as customer_key,
         c.source_system,
         c.customer_id,
         c.email,
         c.email_domain,
         c.is_email_valid,
         c.first_name,
         c.last_name,
         nullif(concat_ws(' ', c.first_name, c.last_name), '') as full_name,
         c.phone,
         c.is_phone_valid,
         c.country,
         c.country_name,
         c.region,
         c.state,
         c.city,
         c.postal_code,
         c.birth_date,
         c.age_band,
         c.created_at as customer_created_at,
         c.is_deleted,
         false as is_unknown,
         c.valid_from,
         c.valid_to,
         c.is_current
  from customers c
),
unknown_member as (
  select -1::bigint as customer_key, 'unknown'::text as source_system, null::bigint as customer_id,
         null::text as email, null::text as email_domain, null::boolean as is_email_valid,
         null::text as first_name, null::text as last_name, 'Unknown'::text as full_name,
         null::text as phone, null::boolean as is_phone_valid, null::text as country,
         null::text as country_name, null::text as region, null::text as state, null::text as city,
         null::text as postal_code, null::date as birth_date, null::text as age_band,
         null::timestamptz as customer_created_at, false as is_deleted, true as is_unknown,
         '-infinity'::timestamptz as valid_from, 'infinity'::timestamptz as valid_to, true as is_current
),
final as (
  select * from versions
  union all
  select * from unknown_member
)
select * from final;

-- Versions that are new, gone or different (every column but the audit columns).
create temporary table dim_customer_diff on commit drop as
select coalesce(n.customer_key, o.customer_key) as customer_key,
       coalesce(n.source_system, o.source_system) as source_system,
       coalesce(n.customer_id, o.customer_id) as customer_id,
       n.customer_key is null or o.customer_key is null
         or (n.valid_from, n.valid_to) is distinct from (o.valid_from, o.valid_to) as versions_changed
from dim_customer_next n
full join core.dim_customer o on o.customer_key = n.customer_key
where n.customer_key is null
   or o.customer_key is null
   or (n.customer_key, n.source_system, n.customer_id, n.email, n.email_domain,
       n.is_email_valid, n.first_name, n.last_name, n.full_name, n.phone, n.is_phone_valid,
       n.country, n.country_name, n.region, n.state, n.city, n.postal_code, n.birth_date,
       n.age_band, n.customer_created_at, n.is_deleted, n.is_unknown, n.valid_from, n.valid_to,
       n.is_current)
      is distinct from
      (o.customer_key, o.source_system, o.customer_id, o.email, o.email_domain,
       o.is_email_valid, o.first_name, o.last_name, o.full_name, o.phone, o.is_phone_valid,
       o.country, o.country_name, o.region, o.state, o.city, o.postal_code, o.birth_date,
       o.age_band, o.customer_created_at, o.is_deleted, o.is_unknown, o.valid_from, o.valid_to,
       o.is_current);

insert into ctl.build_changes (run_id, model, kind, versions_changed, source_system, entity_id)
select current_setting('martflow.run_id'), 'dim_customer', 'customer', bool_or(d.versions_changed),
       d.source_system, d.customer_id
from dim_customer_diff d
where d.customer_id is not null
  and not (select ctl.is_full_build('dim_customer', '{}'))
group by d.source_system, d.customer_id
union all
select current_setting('martflow.run_id'), 'dim_customer', 'all', true, null, null
where (select ctl.is_full_build('dim_customer', '{}'));

delete from core.dim_customer d
using dim_customer_diff x
where d.customer_key = x.customer_key;

select ctl.mark_built('dim_customer');

insert into core.dim_customer (
  customer_key, source_system, customer_id, email, email_domain, is_email_valid, first_name,
  last_name, full_name, phone, is_phone_valid, country, country_name, region, state, city,
  postal_code, birth_date, age_band, customer_created_at, is_deleted, is_unknown, valid_from,
  valid_to, is_current, run_id)
select n.customer_key, n.source_system, n.customer_id, n.email, n.email_domain, n.is_email_valid,
       n.first_name, n.last_name, n.full_name, n.phone, n.is_phone_valid, n.country, n.country_name,
       n.region, n.state, n.city, n.postal_code, n.birth_date, n.age_band, n.customer_created_at,
       n.is_deleted, n.is_unknown, n.valid_from, n.valid_to, n.is_current,
       current_setting('martflow.run_id')
from dim_customer_next n
join dim_customer_diff x on x.customer_key = n.customer_key;
