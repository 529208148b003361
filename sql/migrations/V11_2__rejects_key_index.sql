-- A full refresh flags the dw rows the source no longer has: rows neither staged nor rejected by
-- the run (sql/publish/*.sql). The planner expects few such rows and probes ctl.rejects once per
-- row; without this index each probe scanned the run's rejects, and a full refresh of order lines
-- over a warehouse holding 36,000 rows the source had dropped ran for over ten minutes (3 s now).
create index rejects_run_key_idx on ctl.rejects (run_id, domain, source_system, record_key);
