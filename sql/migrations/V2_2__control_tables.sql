-- Control tables (DESIGN.md sections 2, 5 and 7): what ran, over which window, what it read,
-- staged, rejected and published, which rows were rejected and why, and the quality results.
-- Schema ctl is created by Flyway (it holds flyway_schema_history); the statement below only
-- makes this file self-sufficient when applied by hand.
create schema if not exists ctl;

-- The four statuses a step, a domain load or a control window can be in.
--   running  started, not finished (or the process died: finished_at stays null)
--   success  finished and its output is published
--   failed   finished with an error (see error); nothing was published
--   skipped  deliberately not run (nothing changed in the window, or the domain is disabled)

-------------------------------------------------------------------------------------------------
-- ctl.run_log: one row per step of a run (control_check, load, publish, core, mart model,
-- quality, control_update). A row is inserted as 'running' when the step starts and updated
-- when it ends. rows in = rows_staged + rows_rejected for every load step (DESIGN.md section 4).
-------------------------------------------------------------------------------------------------
create table ctl.run_log (
  run_log_id     bigserial primary key,
  run_id         text not null,          -- one id for every step of a run (the Airflow run id or the CLI's)
  step           text not null,          -- e.g. 'control_check', 'load', 'publish', 'core', 'mart', 'quality'
  domain         text,                   -- customers, orders, products, order_items; null for run-wide steps
  model          text,                   -- the SQL model or quality check of a core/mart/quality step
  window_start   timestamptz,            -- the source change window [window_start, window_end) of the step
  window_end     timestamptz,
  started_at     timestamptz not null default now(),
  finished_at    timestamptz,            -- null while running (or when the process died)
  status         text not null check (status in ('running', 'success', 'failed', 'skipped')),
  rows_read      bigint check (rows_read >= 0),       -- rows read from the sources in the window
  rows_staged    bigint check (rows_staged >= 0),     -- rows written to stage.tmp_<domain>
  rows_rejected  bigint check (rows_rejected >= 0),   -- rows written to ctl.rejects
  rows_published bigint check (rows_published >= 0),  -- rows inserted or versioned in dw/core/mart
  error          text,                   -- one-line error of a failed step (never a secret)
  details        jsonb                   -- step-specific extras: options, timings, per-source counts
);
comment on table ctl.run_log is 'One row per step of a run: window, row counts, status and error';

-- "Recent runs of a domain" (the run report, `martflow status`, the default window).
create index run_log_domain_recent_idx on ctl.run_log (domain, started_at desc);
-- Every step of one run.
create index run_log_run_id_idx on ctl.run_log (run_id);

-------------------------------------------------------------------------------------------------
-- ctl.rejects: the dead-letter table. Every input row that is not staged lands here with its
-- reason code and its original payload (DESIGN.md section 4).
-------------------------------------------------------------------------------------------------
create table ctl.rejects (
  reject_id      bigserial primary key,
  run_id         text not null,
  domain         text not null,
  source_system  text not null,          -- key namespace of the source (e.g. 'shop'), as in natural keys
  source_name    text not null,          -- table, file or endpoint the row came from
  record_key     text,                   -- the row's key as text, when it had one
  -- Where the row is in the source: 'file.csv:123', a page/offset, or the record key (or a hash
  -- of the payload) when the source has no position. Must be stable across retries of a run.
  locator        text not null,
  reason_code    text not null,          -- e.g. MISSING_KEY, NEGATIVE_PRICE, UNKNOWN_STATUS
  message        text not null,          -- human-readable detail
  payload        jsonb not null,         -- the original row, unchanged
  rejected_at    timestamptz not null default now(),
  -- A retried bundle writes the same rejects again: with this key the writer uses
  -- ON CONFLICT DO NOTHING and a reject is recorded once per run. Its index also serves
  -- lookups by (run_id, domain), so no separate index is created for them.
  constraint rejects_once_per_run unique (run_id, domain, source_name, locator)
);
comment on table ctl.rejects is 'Rows that could not be staged: reason code, message and original payload';

create index rejects_reason_code_idx on ctl.rejects (reason_code);

-------------------------------------------------------------------------------------------------
-- ctl.tmp_tb_control_data_update: scratch output of the control check. For each domain and
-- source, how many rows changed in the candidate window and the latest change timestamp. The
-- DAG short-circuits when every rows_changed is 0; rows are kept for audit.
-------------------------------------------------------------------------------------------------
create table ctl.tmp_tb_control_data_update (
  check_id       text not null,          -- one id per control check run (usually the run_id)
  domain         text not null,
  source_system  text not null,
  source_name    text not null,          -- the table, file or endpoint that was counted
  window_start   timestamptz,            -- null: from the beginning (first load)
  window_end     timestamptz,
  rows_changed   bigint not null check (rows_changed >= 0),
  max_change_ts  timestamptz,            -- latest change timestamp seen; null when nothing changed
  checked_at     timestamptz not null default now()
);
comment on table ctl.tmp_tb_control_data_update is 'Per control check: changed rows per domain and source in the candidate window';

create index tmp_tb_control_data_update_check_idx on ctl.tmp_tb_control_data_update (check_id, domain);

-------------------------------------------------------------------------------------------------
-- ctl.tb_control_data_update: one row per (domain, source, window) that was loaded or tried.
-- The next default window starts at the latest watermark of a 'success' row. Re-running a window
-- updates its row (upsert on the primary key) instead of adding another.
-------------------------------------------------------------------------------------------------
create table ctl.tb_control_data_update (
  domain          text not null,
  source_system   text not null,
  window_start    timestamptz not null,
  window_end      timestamptz not null,
  status          text not null check (status in ('running', 'success', 'failed', 'skipped')),
  -- The change timestamp up to which the source is loaded: max_change_ts of the loaded rows, or
  -- window_end when the window was complete. The next run without dates starts here.
  watermark       timestamptz,
  run_id          text,                   -- the run that last processed this window
  rows_changed    bigint check (rows_changed >= 0),    -- from the control check
  rows_published  bigint check (rows_published >= 0),  -- rows the publish step wrote to dw
  error           text,
  started_at      timestamptz,
  finished_at     timestamptz,
  updated_at      timestamptz not null default now(),
  primary key (domain, source_system, window_start, window_end),
  constraint tb_control_data_update_window_order check (window_end > window_start)
);
comment on table ctl.tb_control_data_update is 'Loaded windows per domain and source, with status and watermark';

-------------------------------------------------------------------------------------------------
-- ctl.dq_results: one row per quality check per run (DESIGN.md section 7). A check returns its
-- violating rows; none means pass. A failed check of severity 'error' fails the run.
-------------------------------------------------------------------------------------------------
create table ctl.dq_results (
  dq_result_id     bigserial primary key,
  run_id           text not null,
  check_name       text not null,          -- the sql/quality file name without .sql
  severity         text not null check (severity in ('error', 'warn')),
  status           text not null check (status in ('pass', 'fail')),
  violation_count  bigint not null check (violation_count >= 0),
  sample           jsonb,                  -- a few violating rows (JSON array) for the run report
  duration_ms      bigint check (duration_ms >= 0),
  checked_at       timestamptz not null default now()
);
comment on table ctl.dq_results is 'Quality check results per run: severity, pass/fail, violations and a sample';

create index dq_results_run_id_idx on ctl.dq_results (run_id);
create index dq_results_check_recent_idx on ctl.dq_results (check_name, checked_at desc);

-------------------------------------------------------------------------------------------------
-- ctl.load_dates_customer_report_datamart: the high-water mark of customer changes that the
-- incremental mart.customer_report_datamart has processed. Each build recomputes the customers
-- changed after max(load_date), then records the new mark here.
-------------------------------------------------------------------------------------------------
create table ctl.load_dates_customer_report_datamart (
  run_id                text not null,
  load_date             timestamptz not null,   -- customer changes up to this instant are in the mart
  customers_recomputed  bigint check (customers_recomputed >= 0),
  loaded_at             timestamptz not null default now()
);
comment on table ctl.load_dates_customer_report_datamart is 'High-water mark of customer changes processed by mart.customer_report_datamart';

create index load_dates_customer_report_datamart_load_date_idx
  on ctl.load_dates_customer_report_datamart (load_date desc);
