-- grain: one row per domain and reject reason of the run, with an example message.
select domain, reason_code, count(*) as rejects, min(message) as example_message
from ctl.rejects
where run_id = current_setting('martflow.run_id')
group by domain, reason_code
order by rejects desc, domain, reason_code
