-- severity: error
-- dw.tb_customers accepted values: country a code of ref.countries with its region and name, age_band one of ref.age_bands, email lower-case and trimmed with is_email_valid and email_domain agreeing, phone in E.164 with is_phone_valid agreeing.
with customers as (
  select source_system, customer_id, customer_sk, email, email_domain, is_email_valid, phone, is_phone_valid,
         country, country_name, region, age_band
  from dw.tb_customers
),

countries as (
  select code, name, region
  from ref.countries
),

bands as (
  select band
  from ref.age_bands
),

checked as (
  select c.source_system, c.customer_id, c.customer_sk, v.problem, v.value
  from customers c
  left join countries k on k.code = c.country
  cross join lateral (values
    (case when c.country is not null and k.code is null then 'country not in ref.countries' end, c.country),
    (case when k.code is not null and (c.region is distinct from k.region or c.country_name is distinct from k.name)
          then 'region or country_name is not the country''s' end, c.country || ' ' || coalesce(c.region, 'null')),
    (case when c.country is null and (c.region is not null or c.country_name is not null)
          then 'region or country_name without a country' end, c.region),
    (case when c.age_band is not null and c.age_band not in (select band from bands)
          then 'age_band not in ref.age_bands' end, c.age_band),
    (case when c.email is not null and (c.email <> lower(btrim(c.email)) or c.email !~ '^[^@[:space:]]+@[^@[:space:]]+$')
          then 'email not normalized' end, c.email),
    (case when c.is_email_valid is distinct from (c.email is not null)
          then 'is_email_valid disagrees with email' end, c.email),
    (case when c.email_domain is distinct from nullif(split_part(c.email, '@', 2), '')
          then 'email_domain is not the email''s' end, c.email_domain),
    (case when c.phone is not null and c.phone !~ '^\+[1-9][0-9]{1,14}$'
          then 'phone not in E.164' end, c.phone),
    (case when c.is_phone_valid is distinct from (c.phone is not null)
          then 'is_phone_valid disagrees with phone' end, c.phone)
  ) as v(problem, value)
),

final as (
  select problem, source_system, customer_id, customer_sk, value
  from checked
  where problem is not null
)

select * from final
