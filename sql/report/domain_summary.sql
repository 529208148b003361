-- grain: one row per domain the run loaded or published: rows read, staged, rejected, published and durations.
with steps as (
  select distinct on (step, domain) step, domain, status, rows_read, rows_staged, rows_rejected, rows_published,
         extract(epoch from (coalesce(finished_at, now()) - started_at))::numeric as seconds
  from ctl.run_log
  where run_id = current_setting('martflow.run_id') and step in ('load', 'publish') and domain is not null
  order by step, domain, run_log_id desc
),

final as (
  select coalesce(l.domain, p.domain) as domain,
         l.status as load_status, l.rows_read, l.rows_staged, l.rows_rejected, round(l.seconds, 1) as load_seconds,
         p.status as publish_status, p.rows_published, round(p.seconds, 1) as publish_seconds
  from (select * from steps where step = 'load') l
  full join (select * from steps where step = 'publish') p on p.domain = l.domain
)

select * from final
order by case domain when 'customers' then 1 when 'products' then 2 when 'orders' then 3
                     when 'order_items' then 4 else 5 end, domain
