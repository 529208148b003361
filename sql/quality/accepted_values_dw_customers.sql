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

-- The rules a customer row breaks, by number, in one pass; only those rows are expanded to a row
-- per broken rule below (as in invariants_dw_order_items).
judged as (
  select c.*,
         array_remove(array[
           case when c.country is not null and k.code is null then 1 end,
           case when k.code is not null and (c.region is distinct from k.region or c.country_name is distinct from k.name)
                then 2 end,
           case when c.country is null and (c.region is not null or c.country_name is not null) then 3 end,
           case when c.age_band is not null and c.age_band not in (select band from bands) then 4 end,
           case when c.email is not null and (c.email <> lower(btrim(c.email)) or c.email !~ '^[^@[:space:]]+@[^@[:space:]]+$')
                then 5 end,
           case when c.is_email_valid is distinct from (c.email is not null) then 6 end,
           case when c.email_domain is distinct from nullif(split_part(c.email, '@', 2), '') then 7 end,
           case when c.phone is not null and c.phone !~ '^\+[1-9][0-9]{1,14}$' then 8 end,
           case when c.is_phone_valid is distinct from (c.phone is not null) then 9 end
         ], null) as broken
  from customers c
  left join countries k on k.code = c.country
),

checked as (
  select j.source_system, j.customer_id, j.customer_sk, v.problem, v.value
  from judged j
  cross join lateral (values
    (1, 'country not in ref.countries', j.country),
    (2, 'region or country_name is not the country''s', j.country || ' ' || coalesce(j.region, 'null')),
    (3, 'region or country_name without a country', j.region),
    (4, 'age_band not in ref.age_bands', j.age_band),
    (5, 'email not normalized', j.email),
    (6, 'is_email_valid disagrees with email', j.email),
    (7, 'email_domain is not the email''s', j.email_domain),
    (8, 'phone not in E.164', j.phone),
    (9, 'is_phone_valid disagrees with phone', j.phone)
  ) as v(rule, problem, value)
  where j.broken <> '{}' and v.rule = any (j.broken)
),

final as (
  select problem, source_system, customer_id, customer_sk, value
  from checked
  where problem is not null
)

select * from final
