-- Statistics right after a large write. Autovacuum analyzes a table some time after a tenth of it
-- changed; until then the planner sees a freshly filled table as nearly empty and picks plans for
-- that: invariants_dw_order_items took 14.3 s on a million unanalyzed lines, 2.6 s once analyzed
-- (a memoized per-line check instead of nine evaluations per line). Loads, publishes and builds
-- call this after they commit, with the rows they wrote; it analyzes the table when those are more
-- than a tenth of what the statistics hold (or it has none), as autovacuum would, but at once.
-- ANALYZE needs the table's owner: this runs as the owner, for tables of stage, dw, core and mart.
create function ctl.analyze_if_changed(p_table regclass, p_rows_written bigint) returns boolean
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  schema_name text;
  kind "char";
  estimated real;
begin
  select s.nspname, c.relkind, c.reltuples into schema_name, kind, estimated
  from pg_class c join pg_namespace s on s.oid = c.relnamespace
  where c.oid = p_table;
  if schema_name not in ('stage', 'dw', 'core', 'mart') then
    raise exception 'ctl.analyze_if_changed: % is not a table of stage, dw, core or mart', p_table;
  end if;
  if kind not in ('r', 'p', 'm') then
    return false; -- a view: nothing to analyze
  end if;
  if estimated >= 0 and p_rows_written <= 0.1 * estimated then
    return false;
  end if;
  execute format('analyze %s', p_table);
  return true;
end
$$;

revoke execute on function ctl.analyze_if_changed(regclass, bigint) from public;
grant execute on function ctl.analyze_if_changed(regclass, bigint) to martflow_loader;
