-- Mart tables (DESIGN.md section 6), filled incrementally by the models of sql/marts
-- (docs/marts.md has every column's meaning, the revenue definition and the incremental strategy).
-- Money: numeric, sums of the facts' cent amounts. Marts carry no names, emails or phones: join
-- core.dim_customer on customer_key for them. run_id/loaded_at: the build that last wrote the row.

-------------------------------------------------------------------------------------------------
-- mart.daily_sales: one row per order date with at least one live order.
-------------------------------------------------------------------------------------------------
create table mart.daily_sales (
  order_date        date primary key,
  date_key          integer not null,
  year              integer not null,
  month             integer not null,
  iso_week          integer not null,
  day_of_week       integer not null,               -- ISO: Monday 1 .. Sunday 7
  day_name          text not null,
  is_weekend        boolean not null,
  orders            integer not null,               -- live orders placed that day, any status
  revenue_orders    integer not null,               -- of which revenue (ref.order_statuses)
  failed_orders     integer not null,               -- of which is_failed
  cancelled_orders  integer not null,               -- of which cancelled
  returned_orders   integer not null,               -- of which returned or refunded
  customers         integer not null,               -- distinct customers with a revenue order
  units             bigint not null,                -- units of revenue orders (and below: their amounts)
  gross_sales       numeric(16,2) not null,
  discounts         numeric(16,2) not null,
  net_revenue       numeric(16,2) not null,
  tax               numeric(16,2) not null,
  shipping          numeric(16,2) not null,
  total_sales       numeric(16,2) not null,         -- net + tax + shipping: what buyers paid
  avg_order_value   numeric(14,2),                  -- net_revenue / revenue_orders
  run_id            text not null,
  loaded_at         timestamptz not null default now()
);
comment on table mart.daily_sales is
  'Sales per order date: order counts by outcome, revenue measures of revenue orders';

-------------------------------------------------------------------------------------------------
-- mart.monthly_sales: one row per calendar month with at least one live order.
-------------------------------------------------------------------------------------------------
create table mart.monthly_sales (
  month_start             date primary key,
  year                    integer not null,
  quarter                 integer not null,
  month                   integer not null,
  year_month              text not null,
  days_with_orders        integer not null,
  orders                  integer not null,
  revenue_orders          integer not null,
  failed_orders           integer not null,
  cancelled_orders        integer not null,
  returned_orders         integer not null,
  customers               integer not null,         -- distinct customers with a revenue order in the month
  units                   bigint not null,
  gross_sales             numeric(16,2) not null,
  discounts               numeric(16,2) not null,
  net_revenue             numeric(16,2) not null,
  tax                     numeric(16,2) not null,
  shipping                numeric(16,2) not null,
  total_sales             numeric(16,2) not null,
  avg_order_value         numeric(14,2),
  prev_month_net_revenue  numeric(16,2),            -- the previous calendar month; null when it had no orders
  net_revenue_growth_pct  numeric(12,2),            -- vs the previous month; null when that was null or 0
  run_id                  text not null,
  loaded_at               timestamptz not null default now()
);
comment on table mart.monthly_sales is
  'Sales per calendar month with month-over-month growth';

-------------------------------------------------------------------------------------------------
-- mart.customer_ltv: one row per live customer (not deleted): known to dw or seen on an order.
-------------------------------------------------------------------------------------------------
create table mart.customer_ltv (
  source_system        text not null,
  customer_id          bigint not null,
  customer_key         bigint not null,             -- current version; -1 when dw has none
  country              text,
  region               text,
  age_band             text,
  customer_created_at  timestamptz,
  first_order_date     date,                        -- first revenue order; null: never bought
  last_order_date      date,
  orders               integer not null,            -- live orders, any status
  revenue_orders       integer not null,
  failed_orders        integer not null,
  units                bigint not null,             -- of revenue orders, as the amounts below
  gross_sales          numeric(16,2) not null,
  discounts            numeric(16,2) not null,
  net_revenue          numeric(16,2) not null,      -- the customer's lifetime value
  tax                  numeric(16,2) not null,
  shipping             numeric(16,2) not null,
  total_spent          numeric(16,2) not null,
  avg_order_value      numeric(14,2),
  lifetime_days        integer,                     -- last_order_date - first_order_date
  run_id               text not null,
  loaded_at            timestamptz not null default now(),
  primary key (source_system, customer_id)
);
comment on table mart.customer_ltv is
  'Lifetime value per customer: revenue, orders, first and last purchase';

-------------------------------------------------------------------------------------------------
-- mart.customer_segments: one row per live buyer (at least one revenue order).
-------------------------------------------------------------------------------------------------
create table mart.customer_segments (
  source_system    text not null,
  customer_id      bigint not null,
  as_of_date       date not null,                   -- latest order date in the warehouse
  revenue_orders   integer not null,                -- F
  net_revenue      numeric(16,2) not null,          -- M
  last_order_date  date not null,
  recency_days     integer not null,                -- R: as_of_date - last_order_date
  segment          text not null,                   -- ref.customer_segments
  segment_rank     integer not null,
  r_score          integer not null check (r_score between 1 and 5),
  f_score          integer not null check (f_score between 1 and 5),
  m_score          integer not null check (m_score between 1 and 5),
  rfm_cell         text not null,                   -- e.g. '545' (R, F, M)
  rfm_total        integer not null,                -- r + f + m, 3..15
  run_id           text not null,
  loaded_at        timestamptz not null default now(),
  primary key (source_system, customer_id)
);
comment on table mart.customer_segments is
  'Customer segment (VIP/High/Medium/Low) and RFM scores per buyer';
create index customer_segments_segment_idx on mart.customer_segments (segment);
-- Detects a moved as-of date without reading every row.
create index customer_segments_as_of_idx on mart.customer_segments (as_of_date);

-------------------------------------------------------------------------------------------------
-- mart.product_performance: one row per live product (not deleted): known to dw or sold.
-------------------------------------------------------------------------------------------------
create table mart.product_performance (
  source_system       text not null,
  product_id          bigint not null,
  product_key         bigint not null,              -- current version; -1 when dw has none
  sku                 text,
  name                text,
  brand               text,
  department          text,
  category            text,
  subcategory         text,
  list_price          numeric(14,2),
  cost                numeric(14,2),
  margin_pct          numeric(7,2),
  availability        text,
  stock_qty           integer,
  is_discontinued     boolean,
  orders              integer not null,             -- revenue orders with the product
  customers           integer not null,             -- distinct buyers
  units_sold          bigint not null,
  gross_sales         numeric(16,2) not null,
  discounts           numeric(16,2) not null,
  net_revenue         numeric(16,2) not null,
  avg_unit_net_price  numeric(14,4),                -- net_revenue / units_sold
  non_revenue_units   bigint not null,              -- units on live orders that are not revenue
  first_sold_date     date,
  last_sold_date      date,
  run_id              text not null,
  loaded_at           timestamptz not null default now(),
  primary key (source_system, product_id)
);
comment on table mart.product_performance is
  'Sales per product over its whole history, with its current attributes';
create index product_performance_category_idx on mart.product_performance (category);

-------------------------------------------------------------------------------------------------
-- mart.customer_report_datamart: one row per live customer and calendar month in which the
-- customer placed at least one live order. Incremental through ctl.load_dates_customer_report_datamart.
-------------------------------------------------------------------------------------------------
create table mart.customer_report_datamart (
  source_system               text not null,
  customer_id                 bigint not null,
  month_start                 date not null,
  country                     text,
  region                      text,
  age_band                    text,
  orders                      integer not null,
  revenue_orders              integer not null,
  failed_orders               integer not null,
  units                       bigint not null,
  net_revenue                 numeric(16,2) not null,
  total_spent                 numeric(16,2) not null,
  avg_order_value             numeric(14,2),
  cumulative_revenue_orders   integer not null,     -- up to and including this month
  cumulative_net_revenue      numeric(16,2) not null,
  first_order_month           date not null,        -- the customer's first month with a live order
  months_since_first_order    integer not null,
  is_first_order_month        boolean not null,
  previous_order_month        date,                 -- the customer's previous row's month
  months_since_previous_order integer,
  run_id                      text not null,
  loaded_at                   timestamptz not null default now(),
  primary key (source_system, customer_id, month_start)
);
comment on table mart.customer_report_datamart is
  'Customer x month activity with running totals; incremental by changed customers';
create index customer_report_datamart_month_idx on mart.customer_report_datamart (month_start);

-------------------------------------------------------------------------------------------------
-- mart.customer_features: one row per live buyer: model-ready features and the churn label.
-------------------------------------------------------------------------------------------------
create table mart.customer_features (
  source_system             text not null,
  customer_id               bigint not null,
  as_of_date                date not null,          -- latest order date in the warehouse
  country                   text,
  region                    text,
  age_band                  text,
  first_order_date          date not null,          -- first revenue order
  last_order_date           date not null,
  recency_days              integer not null,       -- as_of_date - last_order_date
  frequency                 integer not null,       -- revenue orders
  monetary                  numeric(16,2) not null, -- net revenue
  avg_order_value           numeric(14,2) not null,
  tenure_days               integer not null,       -- as_of_date - first_order_date
  mean_days_between_orders  numeric(10,2),          -- (last - first) / (frequency - 1); null for one order
  months_active             integer not null,       -- distinct months with a revenue order
  avg_units_per_order       numeric(10,2) not null,
  discount_rate             numeric(7,4) not null,  -- discounts / gross sales (0 when gross is 0)
  orders                    integer not null,       -- live orders, any status
  failed_orders             integer not null,
  is_churned                boolean not null,       -- no revenue order in churn_inactive_days (90) up to as_of_date
  run_id                    text not null,
  loaded_at                 timestamptz not null default now(),
  primary key (source_system, customer_id)
);
comment on table mart.customer_features is
  'Per buyer: recency, frequency, monetary, tenure, order rhythm and churn label';
create index customer_features_as_of_idx on mart.customer_features (as_of_date);

-------------------------------------------------------------------------------------------------
-- mart.category_performance: one row per product category and calendar month, from the first to
-- the latest month with a live order, for every category with revenue lines or live products.
-- Recomputed whole and merged by difference (sql/marts/category_performance.sql says why).
-------------------------------------------------------------------------------------------------
create table mart.category_performance (
  category               text not null,             -- of the product version valid at order time / at month end
  month_start            date not null,
  department             text,
  orders                 integer not null,          -- revenue orders with a line in the category
  customers              integer not null,
  units_sold             bigint not null,
  gross_sales            numeric(16,2) not null,
  discounts              numeric(16,2) not null,
  net_revenue            numeric(16,2) not null,
  active_products        integer not null,          -- live, not discontinued products at month end
  out_of_stock_products  integer not null,          -- of which out_of_stock
  low_stock_products     integer not null,          -- of which low_stock
  stock_on_hand          bigint not null,           -- their units in stock
  days_in_period         integer not null,          -- days of the month (up to the as-of date for the latest)
  avg_daily_units        numeric(12,2) not null,    -- units_sold / days_in_period
  days_of_cover          numeric(12,1),             -- stock_on_hand / avg daily units; null without sales
  run_id                 text not null,
  loaded_at              timestamptz not null default now(),
  primary key (category, month_start)
);
comment on table mart.category_performance is
  'Per category and month: revenue lines (category at order time) and inventory at month end (out-of-stock, low-stock, days of cover)';
create index category_performance_month_idx on mart.category_performance (month_start);

-------------------------------------------------------------------------------------------------
-- mart.cohort_retention: one row per acquisition month (first revenue order) and months since
-- acquisition, from 0 up to the latest month with a live order. Recomputed whole and merged by
-- difference (sql/marts/cohort_retention.sql says why).
-------------------------------------------------------------------------------------------------
create table mart.cohort_retention (
  cohort_month      date not null,
  months_since      integer not null check (months_since >= 0),
  activity_month    date not null,
  cohort_size       integer not null,               -- live buyers acquired in cohort_month
  active_customers  integer not null,               -- of whom bought in activity_month
  retention_rate    numeric(7,4) not null,          -- active_customers / cohort_size
  revenue_orders    integer not null,
  net_revenue       numeric(16,2) not null,
  run_id            text not null,
  loaded_at         timestamptz not null default now(),
  primary key (cohort_month, months_since)
);
comment on table mart.cohort_retention is
  'Per acquisition month and months since: cohort size, active buyers, retention rate, revenue';
