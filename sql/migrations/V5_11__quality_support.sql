-- Quality support (DESIGN.md section 7, docs/quality.md): ctl.dq_results also records a check that
-- could not run (status 'error', with its one-line error) and what each check verifies, so the run
-- report can show a result without reading sql/quality.

alter table ctl.dq_results drop constraint if exists dq_results_status_check;
alter table ctl.dq_results add constraint dq_results_status_check
  check (status in ('pass', 'fail', 'error'));

alter table ctl.dq_results add column description text;  -- the check's second header line
alter table ctl.dq_results add column error text;        -- why a check with status 'error' could not run

comment on column ctl.dq_results.status is
  'pass: no violating row; fail: violating rows (see violation_count, sample); error: the check could not run';

-- One result per check and run: a re-run of the quality step replaces it (Airflow retries).
create unique index dq_results_run_check_uniq on ctl.dq_results (run_id, check_name);
