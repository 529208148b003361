-- Reference data of the marts (docs/marts.md): which order statuses are revenue, the customer
-- segment thresholds, the RFM score bands and the churn horizon. The SQL models read these
-- tables; no threshold is written in a model. Change them with a new migration, then run
-- `martflow build --full-refresh` (or --select the marts that read them) so every row follows.

-------------------------------------------------------------------------------------------------
-- ref.order_statuses: the canonical statuses of ref.status_map and whether an order in that
-- status counts as revenue. Decided once, here: an order is revenue once it is paid and as long
-- as it is not cancelled, refunded or returned.
-------------------------------------------------------------------------------------------------
create table ref.order_statuses (
  status       text primary key,
  is_revenue   boolean not null,
  description  text not null
);
comment on table ref.order_statuses is 'Canonical order statuses and whether they count as revenue (docs/marts.md)';

insert into ref.order_statuses (status, is_revenue, description) values
  ('pending',        false, 'Placed, payment not captured yet: not revenue until paid'),
  ('paid',           true,  'Payment captured'),
  ('processing',     true,  'Paid, being prepared'),
  ('shipped',        true,  'Paid, handed to the carrier'),
  ('delivered',      true,  'Paid and delivered'),
  ('cancelled',      false, 'Cancelled before fulfilment'),
  ('returned',       false, 'Goods came back: the sale is reversed'),
  ('refunded',       false, 'Money paid back: the sale is reversed'),
  ('payment_failed', false, 'Payment declined or timed out');

-------------------------------------------------------------------------------------------------
-- ref.customer_segments: a buyer gets the first segment (lowest rank) whose two minimums it
-- meets, on lifetime revenue: net revenue (items after discount, before tax and shipping) and
-- the number of revenue orders. The last segment has zero minimums and catches everyone.
-------------------------------------------------------------------------------------------------
create table ref.customer_segments (
  segment             text primary key,
  rank                int not null unique check (rank > 0),
  min_net_revenue     numeric(14,2) not null check (min_net_revenue >= 0),
  min_revenue_orders  int not null check (min_revenue_orders >= 0),
  description         text not null
);
comment on table ref.customer_segments is 'Customer segment thresholds: first rank whose minimums a buyer meets';

insert into ref.customer_segments (segment, rank, min_net_revenue, min_revenue_orders, description) values
  ('VIP',    1, 10000.00, 5, 'At least 10,000.00 net revenue over at least 5 revenue orders'),
  ('High',   2,  2500.00, 2, 'At least 2,500.00 net revenue over at least 2 revenue orders'),
  ('Medium', 3,   500.00, 1, 'At least 500.00 net revenue'),
  ('Low',    4,     0.00, 0, 'Every other buyer');

-------------------------------------------------------------------------------------------------
-- ref.rfm_scores: fixed score bands for recency (days from the last revenue order to the as-of
-- date; fewer days score higher), frequency (revenue orders) and monetary (net revenue).
-- A value v scores the band with min_value <= v < max_value (max_value null: no upper bound).
-- Fixed bands rather than quintiles: a customer's score does not move because other customers
-- bought, and an incremental build can score a customer alone.
-------------------------------------------------------------------------------------------------
create table ref.rfm_scores (
  metric     text not null check (metric in ('recency', 'frequency', 'monetary')),
  score      int not null check (score between 1 and 5),
  min_value  numeric(14,2) not null,
  max_value  numeric(14,2),
  primary key (metric, score),
  check (max_value is null or max_value > min_value)
);
comment on table ref.rfm_scores is 'RFM score bands: min_value <= value < max_value scores score';

insert into ref.rfm_scores (metric, score, min_value, max_value) values
  ('recency',   5,    0,   31),     -- ordered within the last 30 days
  ('recency',   4,   31,   91),
  ('recency',   3,   91,  181),
  ('recency',   2,  181,  366),
  ('recency',   1,  366, null),     -- more than a year ago
  ('frequency', 1,    1,    2),     -- one revenue order
  ('frequency', 2,    2,    3),
  ('frequency', 3,    3,    5),
  ('frequency', 4,    5,   10),
  ('frequency', 5,   10, null),     -- ten or more
  ('monetary',  1,    0,  200),
  ('monetary',  2,  200,  750),
  ('monetary',  3,  750, 2000),
  ('monetary',  4, 2000, 5000),
  ('monetary',  5, 5000, null);     -- 5,000.00 net revenue or more

-------------------------------------------------------------------------------------------------
-- ref.mart_settings: single values the marts use.
-------------------------------------------------------------------------------------------------
create table ref.mart_settings (
  key          text primary key,
  value        text not null,
  description  text not null
);
comment on table ref.mart_settings is 'Settings of the SQL marts (docs/marts.md)';

insert into ref.mart_settings (key, value, description) values
  ('churn_inactive_days', '90',
   'A buyer has churned when it placed no revenue order in this many days up to the as-of date');
