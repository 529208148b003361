-- Publish the run's staged customers into dw.tb_customers as SCD type 2.
-- Runs in one transaction; the runner sets martflow.run_id. Publishing the same rows again
-- changes nothing. A staged row older than the current version (an old window re-run) is ignored.

create temporary table publish_customers on commit drop as
select s.*,
       md5(row(s.email, s.first_name, s.last_name, s.phone, s.country, s.state, s.city, s.postal_code,
               s.birth_date, coalesce(s.is_deleted, false))::text) as row_hash
from stage.tmp_customers s
where s.run_id = current_setting('martflow.run_id');

-- Same tracked attributes: refresh the type-1 attributes of the current version in place.
update dw.tb_customers d
set age_band   = p.age_band,
    created_at = p.created_at,
    updated_at = p.updated_at
from publish_customers p
where d.source_system = p.source_system and d.customer_id = p.customer_id and d.is_current
  and d.row_hash = p.row_hash
  and p.updated_at >= d.updated_at
  and (d.age_band, d.created_at, d.updated_at) is distinct from (p.age_band, p.created_at, p.updated_at);

-- Changed tracked attributes, and newer: close the current version where the new one starts.
update dw.tb_customers d
set valid_to = p.updated_at, is_current = false
from publish_customers p
where d.source_system = p.source_system and d.customer_id = p.customer_id and d.is_current
  and d.row_hash <> p.row_hash
  and p.updated_at > d.valid_from;

-- New keys (valid since they were created) and the new versions of the keys closed above.
insert into dw.tb_customers (
  customer_sk, source_system, customer_id, email, first_name, last_name, phone, country, state, city,
  postal_code, birth_date, created_at, updated_at, is_deleted, is_email_valid, email_domain,
  is_phone_valid, country_name, region, age_band, valid_from, valid_to, is_current, row_hash, run_id)
select dw.surrogate_key(v.source_system || '|' || v.customer_id || '|' || extract(epoch from v.valid_from)),
       v.source_system, v.customer_id, v.email, v.first_name, v.last_name, v.phone, v.country, v.state, v.city,
       v.postal_code, v.birth_date, v.created_at, v.updated_at, coalesce(v.is_deleted, false), v.is_email_valid,
       v.email_domain, v.is_phone_valid, v.country_name, v.region, v.age_band, v.valid_from, 'infinity', true,
       v.row_hash, current_setting('martflow.run_id')
from (
  select p.*,
         case when exists (select 1 from dw.tb_customers h
                           where h.source_system = p.source_system and h.customer_id = p.customer_id)
              then p.updated_at
              else coalesce(least(p.created_at, p.updated_at), '-infinity')
         end as valid_from
  from publish_customers p
  where not exists (select 1 from dw.tb_customers d
                    where d.source_system = p.source_system and d.customer_id = p.customer_id and d.is_current)
) v;

-- Full refresh only: current customers that the source no longer has (the run read every row and
-- neither staged nor rejected this key) were deleted there. Their version closes at the run's
-- as-of time and a deleted version opens, so history keeps what was true before.
create temporary table publish_customers_gone on commit drop as
select d.*
from dw.tb_customers d
where current_setting('martflow.full_refresh') = 'true'
  and d.is_current and not d.is_deleted
  and d.valid_from < current_setting('martflow.as_of')::timestamptz
  and d.source_system in (select source_system from publish_customers
                          union select source_system from ctl.rejects
                                where run_id = current_setting('martflow.run_id') and domain = 'customers')
  and not exists (select 1 from publish_customers p
                  where p.source_system = d.source_system and p.customer_id = d.customer_id)
  and not exists (select 1 from ctl.rejects r
                  where r.run_id = current_setting('martflow.run_id') and r.domain = 'customers'
                    and r.source_system = d.source_system and r.record_key = d.customer_id::text);

update dw.tb_customers d
set valid_to = current_setting('martflow.as_of')::timestamptz, is_current = false
from publish_customers_gone g
where d.customer_sk = g.customer_sk;

insert into dw.tb_customers (customer_sk, source_system, customer_id, email, first_name, last_name, phone, country, state, city,
  postal_code, birth_date, created_at, updated_at, is_deleted, is_email_valid, email_domain,
  is_phone_valid, country_name, region, age_band, valid_from, valid_to, is_current, row_hash, run_id)
select dw.surrogate_key(g.source_system || '|' || g.customer_id || '|'
                        || extract(epoch from current_setting('martflow.as_of')::timestamptz)),
       g.source_system, g.customer_id, g.email, g.first_name, g.last_name, g.phone, g.country,
       g.state, g.city, g.postal_code, g.birth_date, g.created_at, g.updated_at, true,
       g.is_email_valid, g.email_domain, g.is_phone_valid, g.country_name, g.region, g.age_band,
       current_setting('martflow.as_of')::timestamptz, 'infinity', true, md5('deleted'),
       current_setting('martflow.run_id')
from publish_customers_gone g;
