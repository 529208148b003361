-- grain: one row per quality check recorded for the run (ctl.dq_results): errors first, then warnings, then passes.
select check_name, severity, status, violation_count, sample::text as sample, duration_ms, description, error,
       checked_at
from ctl.dq_results
where run_id = current_setting('martflow.run_id')
order by case when status = 'error' then 0
              when status = 'fail' and severity = 'error' then 1
              when status = 'fail' then 2 else 3 end,
         dq_result_id
