-- grain: one row per step of the run (ctl.run_log), in the order they started.
select run_log_id, step, coalesce(domain, model, '') as subject, status, window_start, window_end, started_at,
       finished_at, round(extract(epoch from (coalesce(finished_at, now()) - started_at))::numeric, 1) as seconds,
       rows_read, rows_staged, rows_rejected, rows_published, error
from ctl.run_log
where run_id = current_setting('martflow.run_id')
order by started_at, run_log_id
