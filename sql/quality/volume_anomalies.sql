-- severity: warn
-- volume: rows staged per hour of window by each domain the run loaded (windowed loads), against the average of the domain's previous 7 such loads (at least 3): under half or over twice the usual is an anomaly, and so is a reject share over 5 % and over 3 times the usual.
with params as (
  select 7 as history_loads, 3 as min_history, 0.5 as low_ratio, 2.0 as high_ratio,
         3.0 as reject_ratio, 0.05 as min_reject_share
),

loads as (
  select run_log_id, run_id, domain, started_at, rows_read, rows_staged, rows_rejected,
         extract(epoch from (window_end - window_start)) / 3600.0 as hours
  from ctl.run_log
  where step = 'load' and status = 'success' and window_start is not null and window_end > window_start
    and rows_staged is not null and rows_read is not null
),

current_loads as (
  select distinct on (domain) *
  from loads
  where run_id = current_setting('martflow.run_id')
  order by domain, run_log_id desc
),

history as (
  select c.domain, h.rows_staged / h.hours as staged_per_hour,
         coalesce(h.rows_rejected, 0)::numeric / nullif(h.rows_read, 0) as reject_share,
         row_number() over (partition by c.domain order by h.started_at desc, h.run_log_id desc) as recency
  from current_loads c
  join loads h on h.domain = c.domain and h.run_id <> c.run_id and h.started_at < c.started_at
),

baseline as (
  select domain, count(*) as loads, avg(staged_per_hour) as usual_per_hour,
         avg(coalesce(reject_share, 0)) as usual_reject_share
  from history
  where recency <= (select history_loads from params)
  group by domain
),

compared as (
  select c.domain, c.rows_staged, c.rows_staged / c.hours as staged_per_hour, b.usual_per_hour,
         coalesce(c.rows_rejected, 0)::numeric / nullif(c.rows_read, 0) as reject_share, b.usual_reject_share,
         b.loads
  from current_loads c
  join baseline b on b.domain = c.domain
),

final as (
  select case when x.staged_per_hour < p.low_ratio * x.usual_per_hour then 'fewer rows than usual'
              when x.staged_per_hour > p.high_ratio * x.usual_per_hour then 'more rows than usual'
              else 'more rejects than usual' end as problem,
         x.domain, x.rows_staged, round(x.staged_per_hour, 2) as staged_per_hour,
         round(x.usual_per_hour, 2) as usual_per_hour, round(x.reject_share, 4) as reject_share,
         round(x.usual_reject_share, 4) as usual_reject_share, x.loads as history_loads
  from compared x
  cross join params p
  where x.loads >= p.min_history
    and (x.staged_per_hour < p.low_ratio * x.usual_per_hour
         or x.staged_per_hour > p.high_ratio * x.usual_per_hour
         or (x.reject_share > p.min_reject_share and x.reject_share > p.reject_ratio * x.usual_reject_share))
)

select * from final
