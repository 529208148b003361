-- severity: warn
-- freshness: the newest change (updated_at) in each dw table is no older than its allowed lag before the run's window end (now when the run has no window): orders and lines 1 day, customers 7 days, products 30 days; an empty table is stale.
with params as (
  select *
  from (values ('customers', interval '7 days'),
               ('products', interval '30 days'),
               ('orders', interval '1 day'),
               ('order_items', interval '1 day')) as p(domain, max_lag)
),

run_end as (
  select coalesce(max(window_end), now()) as as_of
  from ctl.run_log
  where run_id = current_setting('martflow.run_id')
),

newest as (
            select 'customers' as domain, max(updated_at) as newest_change from dw.tb_customers
  union all select 'products', max(updated_at) from dw.tb_products
  union all select 'orders', max(updated_at) from dw.tb_orders
  union all select 'order_items', max(updated_at) from dw.tb_order_items
),

final as (
  select case when n.newest_change is null then 'no data' else 'stale' end as problem,
         n.domain, n.newest_change, r.as_of, date_trunc('second', r.as_of - n.newest_change)::text as lag,
         p.max_lag::text as max_lag
  from newest n
  join params p on p.domain = n.domain
  cross join run_end r
  where n.newest_change is null or r.as_of - n.newest_change > p.max_lag
)

select * from final
