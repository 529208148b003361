-- Reference data read once per run by the pipelines (side inputs) and by the SQL models.
-- Values are seeded by V2_4; users extend them with plain inserts.

-- Runtime settings that are business data rather than deployment configuration.
create table ref.settings (
  key         text primary key,
  value       text not null,
  description text not null
);

create table ref.countries (
  code        char(2) primary key check (code ~ '^[A-Z]{2}$'),  -- ISO-3166 alpha-2
  alpha3      char(3) not null unique check (alpha3 ~ '^[A-Z]{3}$'),
  name        text not null,
  region      text not null,       -- e.g. Europe, North America, Asia Pacific
  subregion   text
);

-- Other ways sources write a country: native names, other languages, abbreviations.
-- Matching ignores case, accents, punctuation and repeated whitespace.
create table ref.country_aliases (
  alias       text primary key,
  code        char(2) not null references ref.countries (code),
  language    text                 -- ISO-639-1 of the alias when it is a language's name for the country
);

-- department > category > subcategory; a product matches (category, subcategory) case-insensitively.
create table ref.categories (
  department  text not null,
  category    text not null,
  subcategory text not null,
  primary key (category, subcategory)
);

-- Tax rate as a fraction. category '*' means any category of that country.
-- The default for countries not listed is ref.settings 'default_tax_rate'.
create table ref.tax_rates (
  country_code char(2) not null references ref.countries (code),
  category     text not null default '*',
  rate         numeric(7,4) not null check (rate >= 0 and rate < 1),
  primary key (country_code, category)
);

-- zone is 'domestic' (ship country = ref.settings 'home_country') or 'international'.
create table ref.shipping_rates (
  method             text not null,
  zone               text not null check (zone in ('domestic', 'international')),
  fee                numeric(12,2) not null check (fee >= 0),
  free_threshold     numeric(12,2) check (free_threshold > 0),  -- items_net at or above it ships free; null: never free
  sla_business_days  int not null check (sla_business_days > 0),
  primary key (method, zone)
);

-- Source status text -> canonical status. raw_status is stored normalized:
-- lower case, trimmed, inner whitespace, '-' and '_' collapsed to one space.
create table ref.status_map (
  raw_status  text primary key,
  status      text not null check (status in ('pending', 'paid', 'processing', 'shipped', 'delivered',
                                              'cancelled', 'returned', 'refunded', 'payment_failed')),
  language    text
);

-- Source failure text -> canonical failure reason; raw_reason normalized like ref.status_map.
create table ref.failure_reasons (
  raw_reason  text primary key,
  reason_code text not null,
  description text not null
);

-- Age bands for customers, by completed years at the run date.
create table ref.age_bands (
  band     text primary key,
  min_age  int not null,
  max_age  int,                    -- inclusive; null: no upper bound
  check (max_age is null or max_age >= min_age)
);
