-- The runs whose rows a row-level quality check has already read and passed, so that it reads only
-- the rows written since. A check that passed in run R read every row R wrote (it runs after R's
-- publish), and an order or order line never changes without taking the run id of the run that
-- changes it (sql/publish/orders.sql, order_items.sql): those rows are still sound. The current run
-- (martflow.run_id) is never among them, so a run that publishes again re-checks its own rows; a
-- check that failed keeps reporting its rows until a run passes them. Outside a quality run
-- (martflow.check unset, e.g. the query pasted into psql) the set is empty: every row is checked.
create function ctl.passed_runs() returns setof text
language sql stable
as $$
  select distinct r.run_id
  from ctl.dq_results r
  where r.check_name = current_setting('martflow.check', true)
    and r.status = 'pass'
    and r.run_id is distinct from current_setting('martflow.run_id', true)
$$;

comment on function ctl.passed_runs() is
  'Runs in which the current quality check (martflow.check) passed, the current run excepted';
