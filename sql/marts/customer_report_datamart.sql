-- grain: one row per live customer and calendar month in which the customer placed a live order
--
-- materialization: table, incremental through ctl.load_dates_customer_report_datamart: the
-- customers changed since the last load date (ctl.build_changes entries of kind 'customer' that
-- core.fact_orders or core.dim_customer recorded after it: orders before and after the change,
-- dimension rows) are deleted and
-- recomputed over their whole history, then the new load date (the latest change processed) is
-- recorded. A full refresh, a first load or an 'all' change since the load date recomputes every
-- customer. Customer attributes are the current version's.

create temporary table customer_report_datamart_load on commit drop as
with last_load as (
  select max(l.load_date) as load_date
  from ctl.load_dates_customer_report_datamart l
),
new_changes as (
  select c.*
  from ctl.build_changes c
  cross join last_load l
  where c.model in ('fact_orders', 'dim_customer')
    and (l.load_date is null or c.recorded_at > l.load_date)
)
select l.load_date as last_load_date,
       coalesce((select max(c.recorded_at) from ctl.build_changes c), l.load_date, '-infinity') as new_load_date,
       coalesce(current_setting('martflow.full_refresh', true), 'false') = 'true'
         or l.load_date is null
         or exists (select 1 from new_changes c where c.kind = 'all') as rebuild_all
from last_load l;

do $$
begin
  if (select rebuild_all from customer_report_datamart_load) then
    truncate table mart.customer_report_datamart;
  end if;
end
$$;

create temporary table customer_report_datamart_scope on commit drop as
select distinct c.source_system, c.entity_id as customer_id
from ctl.build_changes c
cross join customer_report_datamart_load l
where c.kind = 'customer'
  and c.model in ('fact_orders', 'dim_customer')
  and (l.last_load_date is null or c.recorded_at > l.last_load_date)
union
select distinct f.source_system, f.customer_id
from core.fact_orders f
where f.customer_id is not null and (select rebuild_all from customer_report_datamart_load);

create unique index on customer_report_datamart_scope (source_system, customer_id);
analyze customer_report_datamart_scope;

delete from mart.customer_report_datamart m
using customer_report_datamart_scope s
where m.source_system = s.source_system and m.customer_id = s.customer_id;

insert into ctl.load_dates_customer_report_datamart (run_id, load_date, customers_recomputed)
select current_setting('martflow.run_id'), l.new_load_date,
       (select count(*) from customer_report_datamart_scope)
from customer_report_datamart_load l;

insert into mart.customer_report_datamart (
  source_system, customer_id, month_start, country, region, age_band, orders, revenue_orders,
  failed_orders, units, net_revenue, total_spent, avg_order_value, cumulative_revenue_orders,
  cumulative_net_revenue, first_order_month, months_since_first_order, is_first_order_month,
  previous_order_month, months_since_previous_order, run_id)
with
-- import CTEs
orders as (
  select f.*
  from core.fact_orders f
  join customer_report_datamart_scope s on s.source_system = f.source_system and s.customer_id = f.customer_id
),
current_customers as (
  select c.*
  from core.dim_customer c
  join customer_report_datamart_scope s on s.source_system = c.source_system and s.customer_id = c.customer_id
  where c.is_current
),
-- logic CTEs
customer_months as (
  select o.source_system,
         o.customer_id,
         o.order_month as month_start,
         count(*) as orders,
         count(*) filter (where o.is_revenue) as revenue_orders,
         count(*) filter (where o.is_failed) as failed_orders,
         coalesce(sum(o.units) filter (where o.is_revenue), 0) as units,
         coalesce(sum(o.items_net) filter (where o.is_revenue), 0) as net_revenue,
         coalesce(sum(o.order_total) filter (where o.is_revenue), 0) as total_spent
  from orders o
  where not exists (select 1 from current_customers c
                    where c.source_system = o.source_system and c.customer_id = o.customer_id
                      and c.is_deleted)
  group by o.source_system, o.customer_id, o.order_month
),
with_history as (
  select m.*,
         sum(m.revenue_orders) over w as cumulative_revenue_orders,
         sum(m.net_revenue) over w as cumulative_net_revenue,
         min(m.month_start) over (partition by m.source_system, m.customer_id) as first_order_month,
         lag(m.month_start) over w as previous_order_month
  from customer_months m
  window w as (partition by m.source_system, m.customer_id order by m.month_start
               rows between unbounded preceding and current row)
),
final as (
  select h.source_system,
         h.customer_id,
         h.month_start,
         c.country,
         c.region,
         c.age_band,
         h.orders,
         h.revenue_orders,
         h.failed_orders,
         h.units,
         h.net_revenue,
         h.total_spent,
         round(h.net_revenue / nullif(h.revenue_orders, 0), 2) as avg_order_value,
         h.cumulative_revenue_orders,
         h.cumulative_net_revenue,
         h.first_order_month,
         ((extract(year from h.month_start) - extract(year from h.first_order_month)) * 12
          + extract(month from h.month_start) - extract(month from h.first_order_month))::int
          as months_since_first_order,
         h.month_start = h.first_order_month as is_first_order_month,
         h.previous_order_month,
         ((extract(year from h.month_start) - extract(year from h.previous_order_month)) * 12
          + extract(month from h.month_start) - extract(month from h.previous_order_month))::int
          as months_since_previous_order,
         current_setting('martflow.run_id') as run_id
  from with_history h
  left join current_customers c on c.source_system = h.source_system and c.customer_id = h.customer_id
)
select * from final;
