-- The star schema (DESIGN.md section 6): tables created here, filled by the models of sql/core
-- (docs/marts.md). Every table carries run_id (the build run that last wrote the row) and
-- loaded_at; martflow_loader writes the rows, martflow_reader reads them (V2_5 default privileges).
-- No foreign keys: the models truncate and rebuild tables independently; the quality checks test
-- the relationships instead.

-------------------------------------------------------------------------------------------------
-- core.dim_date: one row per calendar day, 2000-01-01 to 2040-12-31.
-------------------------------------------------------------------------------------------------
create table core.dim_date (
  date_key            integer primary key,          -- yyyymmdd
  date_day            date not null unique,
  year                integer not null,
  quarter             integer not null check (quarter between 1 and 4),
  month               integer not null check (month between 1 and 12),
  month_name          text not null,                -- January
  day_of_month        integer not null,
  day_of_week         integer not null check (day_of_week between 1 and 7),   -- ISO: Monday 1 .. Sunday 7
  day_name            text not null,                -- Monday
  day_of_year         integer not null,
  iso_year            integer not null,             -- the year the ISO week belongs to
  iso_week            integer not null check (iso_week between 1 and 53),
  iso_year_week       text not null,                -- 2024-W09
  year_month          text not null,                -- 2024-03
  week_start_date     date not null,                -- the Monday of the ISO week
  month_start_date    date not null,
  month_end_date      date not null,
  quarter_start_date  date not null,
  is_weekend          boolean not null,             -- Saturday or Sunday
  is_month_end        boolean not null,
  run_id              text not null,
  loaded_at           timestamptz not null default now()
);
comment on table core.dim_date is
  'Calendar days 2000-01-01..2040-12-31 with ISO week, month, quarter, year and weekend flag';

-------------------------------------------------------------------------------------------------
-- core.dim_customer: one row per customer version of dw.tb_customers (SCD type 2), keyed by the
-- version's surrogate key, plus the unknown member (customer_key -1).
-------------------------------------------------------------------------------------------------
create table core.dim_customer (
  customer_key         bigint primary key,          -- dw.tb_customers.customer_sk; -1 = unknown
  source_system        text not null,
  customer_id          bigint,                      -- natural key; null for the unknown member
  email                text,
  email_domain         text,
  is_email_valid       boolean,
  first_name           text,
  last_name            text,
  full_name            text,
  phone                text,
  is_phone_valid       boolean,
  country              text,
  country_name         text,
  region               text,
  state                text,
  city                 text,
  postal_code          text,
  birth_date           date,
  age_band             text,
  customer_created_at  timestamptz,
  is_deleted           boolean not null,
  is_unknown           boolean not null,
  valid_from           timestamptz not null,
  valid_to             timestamptz not null,
  is_current           boolean not null,
  run_id               text not null,
  loaded_at            timestamptz not null default now()
);
comment on table core.dim_customer is
  'Customer versions (SCD2 over dw.tb_customers) with surrogate keys; -1 = unknown';
-- The point-in-time join of the facts: versions of one customer by start.
create unique index dim_customer_version_idx on core.dim_customer (source_system, customer_id, valid_from);
-- "The customer as it is now" (marts' attributes and deleted customers).
create unique index dim_customer_current_idx on core.dim_customer (source_system, customer_id) where is_current;

-------------------------------------------------------------------------------------------------
-- core.dim_product: one row per product version of dw.tb_products (SCD type 2), plus the unknown
-- member (product_key -1).
-------------------------------------------------------------------------------------------------
create table core.dim_product (
  product_key          bigint primary key,          -- dw.tb_products.product_sk; -1 = unknown
  source_system        text not null,
  product_id           bigint,                      -- natural key; null for the unknown member
  sku                  text,
  name                 text,
  brand                text,
  department           text,
  category             text not null,               -- 'Uncategorized' when unmatched, 'Unknown' for -1
  subcategory          text,
  is_uncategorized     boolean not null,
  list_price           numeric(14,2),
  cost                 numeric(14,2),
  margin               numeric(14,2),
  margin_pct           numeric(7,2),
  stock_qty            integer,                     -- type 1 in dw: the latest stock known for this version
  reorder_level        integer,
  availability         text,                        -- in_stock, low_stock, out_of_stock
  is_active            boolean,
  is_discontinued      boolean not null,
  discontinued_at      timestamptz,
  product_created_at   timestamptz,
  is_deleted           boolean not null,
  is_unknown           boolean not null,
  valid_from           timestamptz not null,
  valid_to             timestamptz not null,
  is_current           boolean not null,
  run_id               text not null,
  loaded_at            timestamptz not null default now()
);
comment on table core.dim_product is
  'Product versions (SCD2 over dw.tb_products) with surrogate keys; -1 = unknown';
create unique index dim_product_version_idx on core.dim_product (source_system, product_id, valid_from);
create unique index dim_product_current_idx on core.dim_product (source_system, product_id) where is_current;

-------------------------------------------------------------------------------------------------
-- core.fact_orders: one row per live order (dw.tb_orders, is_deleted = false).
-------------------------------------------------------------------------------------------------
create table core.fact_orders (
  source_system            text not null,
  order_id                 bigint not null,
  customer_id              bigint,                  -- natural key of the customer
  customer_key             bigint not null,         -- version valid at order_ts; -1 when none
  order_date_key           integer not null,        -- core.dim_date.date_key of order_date
  order_date               date not null,           -- business date of order_ts
  order_month              date not null,           -- first day of order_date's month
  order_ts                 timestamptz not null,
  status                   text not null,
  is_revenue               boolean not null,        -- ref.order_statuses.is_revenue of status
  is_failed                boolean not null,
  failure_reason           text,
  shipping_method          text,
  ship_country             text,
  promo_code               text,
  line_count               integer not null,
  units                    integer not null,
  items_gross              numeric(14,2) not null,
  discount_total           numeric(14,2) not null,
  items_net                numeric(14,2) not null,  -- net revenue of the order when is_revenue
  tax_total                numeric(14,2) not null,
  shipping_fee             numeric(14,2) not null,
  order_total              numeric(14,2) not null,
  estimated_delivery_date  date,
  delivered_at             timestamptz,
  delivery_days            integer,
  is_late                  boolean,
  run_id                   text not null,
  loaded_at                timestamptz not null default now(),
  primary key (source_system, order_id)
);
comment on table core.fact_orders is
  'Live orders with the customer version valid at order time and revenue flag';
create index fact_orders_customer_idx on core.fact_orders (source_system, customer_id);
create index fact_orders_date_idx on core.fact_orders (order_date);

-------------------------------------------------------------------------------------------------
-- core.fact_order_items: one row per live order line (dw.tb_order_items, line and order not
-- deleted), with the customer and product versions valid at the order's order_ts.
-------------------------------------------------------------------------------------------------
create table core.fact_order_items (
  source_system     text not null,
  order_id          bigint not null,
  line_no           integer not null,
  product_id        bigint,                         -- natural key of the product
  product_key       bigint not null,                -- version valid at order_ts; -1 when none
  customer_id       bigint,
  customer_key      bigint not null,                -- version valid at order_ts; -1 when none
  order_date_key    integer not null,
  order_date        date not null,
  order_month       date not null,
  order_ts          timestamptz not null,
  order_status      text not null,
  is_revenue        boolean not null,               -- of the order
  quantity          integer not null,
  unit_price        numeric(14,2) not null,
  discount_pct      numeric(5,2) not null,
  gross_amount      numeric(14,2) not null,
  discount_applied  numeric(14,2) not null,
  net_amount        numeric(14,2) not null,
  applied_tax_rate  numeric(7,4),
  tax_amount        numeric(14,2) not null,
  line_total        numeric(14,2) not null,
  unit_net_price    numeric(14,4),
  run_id            text not null,
  loaded_at         timestamptz not null default now(),
  primary key (source_system, order_id, line_no)
);
comment on table core.fact_order_items is
  'Live order lines with the customer and product versions valid at order time';
create index fact_order_items_product_idx on core.fact_order_items (source_system, product_id);
create index fact_order_items_date_idx on core.fact_order_items (order_date);
