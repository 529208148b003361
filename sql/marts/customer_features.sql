-- grain: one row per live buyer (a customer, not deleted, with at least one revenue order)
--
-- materialization: table, incremental by customer, like mart.customer_segments: every measure
-- relative to time is taken at the as-of date, the latest order date in core.fact_orders (never
-- "today"), so a rebuild gives the same rows. Only the customers changed since this model's last
-- build are recomputed (every buyer on a full refresh); when the as-of date moves, the others'
-- recency, tenure and churn label are updated (nothing else of theirs depends on it).
-- Churn label: no revenue order in the ref.mart_settings churn_inactive_days (90) days ending on
-- the as-of date, i.e. recency_days >= 90.

select ctl.truncate_if_full_build('mart.customer_features', 'customer_features', '{fact_orders,dim_customer}');

create temporary table customer_features_as_of on commit drop as
with as_of as (
  select max(f.order_date) as as_of_date
  from core.fact_orders f
)
select a.as_of_date,
       (select ctl.is_full_build('customer_features', '{fact_orders,dim_customer}')) as full_build
from as_of a;

create temporary table customer_features_scope on commit drop as
select distinct c.source_system, c.entity_id as customer_id
from ctl.pending_changes('customer_features', '{fact_orders,dim_customer}') c
where c.kind = 'customer'
union
select distinct f.source_system, f.customer_id
from core.fact_orders f
where f.customer_id is not null and (select full_build from customer_features_as_of);

create unique index on customer_features_scope (source_system, customer_id);
analyze customer_features_scope;

delete from mart.customer_features m
using customer_features_scope s
where m.source_system = s.source_system and m.customer_id = s.customer_id;

select ctl.mark_built('customer_features');

-- The other buyers' orders did not change: when the as-of date moves only the measures taken at it
-- do (recency, tenure, the churn label).
-- The setting is read as the insert below reads it: without it, is_churned's not-null fails here too.
update mart.customer_features m
set as_of_date = a.as_of_date,
    recency_days = a.as_of_date - m.last_order_date,
    tenure_days = a.as_of_date - m.first_order_date,
    is_churned = a.as_of_date - m.last_order_date
                 >= (select st.value::int from ref.mart_settings st where st.key = 'churn_inactive_days'),
    run_id = current_setting('martflow.run_id')
from customer_features_as_of a
where m.as_of_date is distinct from a.as_of_date;

insert into mart.customer_features (
  source_system, customer_id, as_of_date, country, region, age_band, first_order_date,
  last_order_date, recency_days, frequency, monetary, avg_order_value, tenure_days,
  mean_days_between_orders, months_active, avg_units_per_order, discount_rate, orders,
  failed_orders, is_churned, run_id)
with
-- import CTEs
orders as (
  select f.*
  from core.fact_orders f
  join customer_features_scope s on s.source_system = f.source_system and s.customer_id = f.customer_id
),
current_customers as (
  select c.*
  from core.dim_customer c
  join customer_features_scope s on s.source_system = c.source_system and s.customer_id = c.customer_id
  where c.is_current
),
as_of as (
  select a.as_of_date
  from customer_features_as_of a
),
settings as (
  select s.value::int as churn_inactive_days
  from ref.mart_settings s
  where s.key = 'churn_inactive_days'
),
-- logic CTEs
order_stats as (
  select o.source_system,
         o.customer_id,
         min(o.order_date) filter (where o.is_revenue) as first_order_date,
         max(o.order_date) filter (where o.is_revenue) as last_order_date,
         count(*) filter (where o.is_revenue) as frequency,
         coalesce(sum(o.items_net) filter (where o.is_revenue), 0) as monetary,
         coalesce(sum(o.items_gross) filter (where o.is_revenue), 0) as gross_sales,
         coalesce(sum(o.discount_total) filter (where o.is_revenue), 0) as discounts,
         coalesce(sum(o.units) filter (where o.is_revenue), 0) as units,
         count(distinct o.order_month) filter (where o.is_revenue) as months_active,
         count(*) as orders,
         count(*) filter (where o.is_failed) as failed_orders
  from orders o
  where not exists (select 1 from current_customers c
                    where c.source_system = o.source_system and c.customer_id = o.customer_id
                      and c.is_deleted)
  group by o.source_system, o.customer_id
),
buyers as (
  select s.*, a.as_of_date
  from order_stats s
  cross join as_of a
  where s.frequency > 0
),
final as (
  select b.source_system,
         b.customer_id,
         b.as_of_date,
         c.country,
         c.region,
         c.age_band,
         b.first_order_date,
         b.last_order_date,
         b.as_of_date - b.last_order_date as recency_days,
         b.frequency::int as frequency,
         b.monetary,
         round(b.monetary / b.frequency, 2) as avg_order_value,
         b.as_of_date - b.first_order_date as tenure_days,
         case when b.frequency > 1
              then round((b.last_order_date - b.first_order_date)::numeric / (b.frequency - 1), 2)
         end as mean_days_between_orders,
         b.months_active::int as months_active,
         round(b.units::numeric / b.frequency, 2) as avg_units_per_order,
         coalesce(round(b.discounts / nullif(b.gross_sales, 0), 4), 0) as discount_rate,
         b.orders::int as orders,
         b.failed_orders::int as failed_orders,
         b.as_of_date - b.last_order_date >= (select st.churn_inactive_days from settings st) as is_churned,
         current_setting('martflow.run_id') as run_id
  from buyers b
  left join current_customers c on c.source_system = b.source_system and c.customer_id = b.customer_id
)
select * from final;
