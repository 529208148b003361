-- Staging and warehouse tables of the four domains.
--
-- stage.tmp_<domain> mirrors beam-pipelines/src/main/avro/<Record>.avsc column for column (a test
-- checks it): the pipelines COPY their cleaned records here, tagged with run_id, and rows stay per
-- run for audit. The primary key (run_id, natural key) makes retried COPY chunks idempotent.
--
-- dw.tb_<domain> is the published state: customers and products versioned as SCD type 2,
-- orders and order items upserted by key. Audit columns (run_id, loaded_at) say which run wrote a row.

create table stage.tmp_customers (
  run_id text not null,
  source_system text not null,
  customer_id bigint not null,
  email text,
  first_name text,
  last_name text,
  phone text,
  country text,
  state text,
  city text,
  postal_code text,
  birth_date date,
  created_at timestamptz,
  updated_at timestamptz,
  is_deleted boolean,
  is_email_valid boolean,
  email_domain text,
  is_phone_valid boolean,
  country_name text,
  region text,
  age_band text,
  staged_at timestamptz not null default now(),
  primary key (run_id, source_system, customer_id)
);

create table stage.tmp_products (
  run_id text not null,
  source_system text not null,
  product_id bigint not null,
  sku text,
  name text,
  category text,
  subcategory text,
  brand text,
  list_price numeric(14,2),
  cost numeric(14,2),
  stock_qty integer,
  reorder_level integer,
  is_active boolean,
  discontinued_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  department text,
  is_uncategorized boolean,
  availability text,
  is_discontinued boolean,
  margin numeric(14,2),
  margin_pct numeric(7,2),
  staged_at timestamptz not null default now(),
  primary key (run_id, source_system, product_id)
);

create table stage.tmp_orders (
  run_id text not null,
  source_system text not null,
  order_id bigint not null,
  customer_id bigint,
  order_ts timestamptz,
  status text,
  failure_reason text,
  shipping_method text,
  ship_country text,
  ship_state text,
  ship_city text,
  ship_postal_code text,
  promo_code text,
  shipping_fee numeric(14,2),
  delivered_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  order_date date,
  is_failed boolean,
  line_count integer,
  units integer,
  items_gross numeric(14,2),
  discount_total numeric(14,2),
  items_net numeric(14,2),
  tax_total numeric(14,2),
  order_total numeric(14,2),
  estimated_delivery_date date,
  is_late boolean,
  delivery_days integer,
  staged_at timestamptz not null default now(),
  primary key (run_id, source_system, order_id)
);

create table stage.tmp_order_items (
  run_id text not null,
  source_system text not null,
  order_id bigint not null,
  line_no integer not null,
  product_id bigint,
  quantity integer,
  unit_price numeric(14,2),
  discount_pct numeric(5,2),
  discount_amount numeric(14,2),
  tax_rate numeric(7,4),
  created_at timestamptz,
  updated_at timestamptz,
  ship_country text,
  category text,
  gross_amount numeric(14,2),
  discount_applied numeric(14,2),
  net_amount numeric(14,2),
  applied_tax_rate numeric(7,4),
  tax_amount numeric(14,2),
  line_total numeric(14,2),
  unit_net_price numeric(14,4),
  staged_at timestamptz not null default now(),
  primary key (run_id, source_system, order_id, line_no)
);
-- A stable surrogate key from a natural key text: re-runs and backfills assign the same keys,
-- so dimensions and facts compare equal however the history was loaded.
create function dw.surrogate_key(natural_key text) returns bigint
  language sql immutable parallel safe
  return ('x' || left(md5(natural_key), 15))::bit(60)::bigint;

comment on function dw.surrogate_key(text) is
  'Deterministic positive 60-bit key from md5 of a natural key text (source_system|id|valid_from epoch).';

-- Customers, SCD type 2. Tracked attributes (a change makes a new version): email, names, phone,
-- address, birth date, is_deleted. Derived attributes follow them; age_band is type 1 (updated in place).
create table dw.tb_customers (
  customer_sk     bigint primary key,
  source_system   text not null,
  customer_id     bigint not null,
  email           text,
  first_name      text,
  last_name       text,
  phone           text,
  country         text,
  state           text,
  city            text,
  postal_code     text,
  birth_date      date,
  created_at      timestamptz,
  updated_at      timestamptz,
  is_deleted      boolean not null default false,
  is_email_valid  boolean,
  email_domain    text,
  is_phone_valid  boolean,
  country_name    text,
  region          text,
  age_band        text,
  valid_from      timestamptz not null,
  valid_to        timestamptz not null default 'infinity',
  is_current      boolean not null,
  row_hash        text not null,        -- md5 of the tracked attributes
  run_id          text not null,        -- run that wrote this version
  loaded_at       timestamptz not null default now(),
  unique (source_system, customer_id, valid_from),
  check (valid_from < valid_to)
);
create unique index tb_customers_current on dw.tb_customers (source_system, customer_id) where is_current;

-- Products, SCD type 2 on list price, category, availability and discontinuation;
-- other attributes (name, brand, cost, stock, margin) are type 1 on the current version.
create table dw.tb_products (
  product_sk       bigint primary key,
  source_system    text not null,
  product_id       bigint not null,
  sku              text,
  name             text,
  category         text,
  subcategory      text,
  brand            text,
  list_price       numeric(14,2),
  cost             numeric(14,2),
  stock_qty        integer,
  reorder_level    integer,
  is_active        boolean,
  discontinued_at  timestamptz,
  created_at       timestamptz,
  updated_at       timestamptz,
  department       text,
  is_uncategorized boolean,
  availability     text,
  is_discontinued  boolean,
  margin           numeric(14,2),
  margin_pct       numeric(7,2),
  is_deleted       boolean not null default false,
  valid_from       timestamptz not null,
  valid_to         timestamptz not null default 'infinity',
  is_current       boolean not null,
  row_hash         text not null,
  run_id           text not null,
  loaded_at        timestamptz not null default now(),
  unique (source_system, product_id, valid_from),
  check (valid_from < valid_to)
);
create unique index tb_products_current on dw.tb_products (source_system, product_id) where is_current;

-- Orders with totals priced from their lines; upserted by key.
create table dw.tb_orders (
  source_system           text not null,
  order_id                bigint not null,
  customer_id             bigint,
  order_ts                timestamptz,
  status                  text,
  failure_reason          text,
  shipping_method         text,
  ship_country            text,
  ship_state              text,
  ship_city               text,
  ship_postal_code        text,
  promo_code              text,
  shipping_fee            numeric(14,2),
  delivered_at            timestamptz,
  created_at              timestamptz,
  updated_at              timestamptz,
  order_date              date,
  is_failed               boolean,
  line_count              integer,
  units                   integer,
  items_gross             numeric(14,2),
  discount_total          numeric(14,2),
  items_net               numeric(14,2),
  tax_total               numeric(14,2),
  order_total             numeric(14,2),
  estimated_delivery_date date,
  is_late                 boolean,
  delivery_days           integer,
  is_deleted              boolean not null default false,
  run_id                  text not null,
  loaded_at               timestamptz not null default now(),
  primary key (source_system, order_id)
);
create index tb_orders_customer on dw.tb_orders (source_system, customer_id);
create index tb_orders_date on dw.tb_orders (order_date);

-- Order lines with their pricing; upserted by key.
create table dw.tb_order_items (
  source_system    text not null,
  order_id         bigint not null,
  line_no          integer not null,
  product_id       bigint,
  quantity         integer,
  unit_price       numeric(14,2),
  discount_pct     numeric(5,2),
  discount_amount  numeric(14,2),
  tax_rate         numeric(7,4),
  created_at       timestamptz,
  updated_at       timestamptz,
  ship_country     text,
  category         text,
  gross_amount     numeric(14,2),
  discount_applied numeric(14,2),
  net_amount       numeric(14,2),
  applied_tax_rate numeric(7,4),
  tax_amount       numeric(14,2),
  line_total       numeric(14,2),
  unit_net_price   numeric(14,4),
  is_deleted       boolean not null default false,
  run_id           text not null,
  loaded_at        timestamptz not null default now(),
  primary key (source_system, order_id, line_no)
);
create index tb_order_items_product on dw.tb_order_items (source_system, product_id);
