-- Bookkeeping of incremental model builds (sql/core, sql/marts; docs/marts.md "Incremental builds").
--
-- How a model knows what to rebuild:
--
--   dw -> core   The facts rebuild the dw rows written by the runs they have not processed yet
--                (dw.*.run_id; ctl.build_dw_runs remembers the processed runs, and the current run
--                always counts, so an Airflow retry under the same run id rebuilds again). A run
--                whose model build failed is therefore caught up by the next build, whatever its
--                run id, even when that run's publish found nothing new to rewrite.
--                The dimensions compare dw with core instead (dw versions are small; type-1
--                attributes are updated in place by publish without a new run_id).
--   core -> core/marts
--                Every core model appends what it changed to ctl.build_changes (before and after
--                values: order dates, customers, products; or 'all' after a full rebuild). Each
--                consumer remembers in ctl.build_state the last change it has processed; the next
--                build reads the changes after it. mart.customer_report_datamart keeps its mark
--                in ctl.load_dates_customer_report_datamart instead (V2_2).
--
-- Writers of ctl.build_changes (core models) take an exclusive transaction-level advisory lock,
-- readers (marts) a shared one, so a reader never sees a writer's changes half committed and the
-- change ids a reader has seen form a prefix of the ids that will ever exist.

-------------------------------------------------------------------------------------------------
-- ctl.build_changes: what core models changed, for the models that read them.
-------------------------------------------------------------------------------------------------
create table ctl.build_changes (
  change_id         bigserial primary key,
  run_id            text not null,                 -- the build run that recorded the change
  model             text not null,                 -- the core model that made it (manifest name)
  kind              text not null check (kind in ('all', 'date', 'customer', 'product')),
  -- dimensions only: the entity's versions were added, removed or re-dated, so facts must re-point
  -- their keys (point-in-time join); attribute-only changes leave it false.
  versions_changed  boolean not null default false,
  day               date,                          -- kind 'date': an order date whose rows changed
  source_system     text,                          -- kind 'customer' / 'product': the natural key
  entity_id         bigint,
  -- clock time of the write (not the transaction start), so that it grows with change_id across
  -- the serialized writers; mart.customer_report_datamart compares it with its load dates.
  recorded_at       timestamptz not null default clock_timestamp(),
  check ((kind = 'date') = (day is not null)),
  check ((kind in ('customer', 'product')) = (entity_id is not null and source_system is not null))
);
comment on table ctl.build_changes is
  'Changes core models made (order dates, customers, products, or all), read by the models downstream';
create index build_changes_recorded_at_idx on ctl.build_changes (recorded_at);

-------------------------------------------------------------------------------------------------
-- ctl.build_state: per model, the last change of ctl.build_changes it has processed.
-------------------------------------------------------------------------------------------------
create table ctl.build_state (
  model           text primary key,
  last_change_id  bigint not null check (last_change_id >= 0),
  run_id          text not null,                   -- the build run that last succeeded
  built_at        timestamptz not null default now()
);
comment on table ctl.build_state is 'Per model: the last ctl.build_changes entry its last successful build processed';

-------------------------------------------------------------------------------------------------
-- ctl.build_dw_runs: per fact model, the dw run ids whose rows it has built.
-------------------------------------------------------------------------------------------------
create table ctl.build_dw_runs (
  model         text not null,
  run_id        text not null,
  processed_at  timestamptz not null default now(),
  primary key (model, run_id)
);
comment on table ctl.build_dw_runs is 'Per fact model: the runs whose dw rows it has built';

-- The facts fetch the rows of a few runs out of the whole history, and list the run ids present.
create index tb_orders_run_id_idx on dw.tb_orders (run_id);
create index tb_order_items_run_id_idx on dw.tb_order_items (run_id);
-- Deleted rows are few: the facts look them all up on every build, so that a delete flag set
-- without a new run_id (hard deletes found by a full refresh) still removes the fact row.
create index tb_orders_deleted_idx on dw.tb_orders (source_system, order_id) where is_deleted;
create index tb_order_items_deleted_idx on dw.tb_order_items (source_system, order_id, line_no) where is_deleted;

-------------------------------------------------------------------------------------------------
-- Helper functions. Invoker's rights; every name schema-qualified.
-------------------------------------------------------------------------------------------------

-- Serializes the writers of ctl.build_changes (exclusive) against its readers (shared); released
-- at the end of the model's transaction. The two-key form does not meet DomainLock's one-key locks.
create function ctl.lock_build(p_exclusive boolean) returns void
  language plpgsql volatile as $$
begin
  if p_exclusive then
    perform pg_catalog.pg_advisory_xact_lock(1835102836, 1);   -- 1835102836 = 'mart' as int4
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(1835102836, 1);
  end if;
end
$$;

-- Changes recorded by the models p_sources (the core models the caller reads: its manifest
-- depends_on) after the caller's last successful build.
create function ctl.pending_changes(p_model text, p_sources text[])
  returns setof ctl.build_changes
  language sql stable as $$
  select c.*
  from ctl.build_changes c
  where c.change_id > coalesce((select s.last_change_id from ctl.build_state s where s.model = p_model), 0)
    and c.model = any (p_sources)
$$;

-- A full build: --full-refresh, a model never built, or an 'all' change of one of its sources
-- since its last build (that source was rebuilt whole).
create function ctl.is_full_build(p_model text, p_sources text[]) returns boolean
  language sql stable as $$
  select coalesce(pg_catalog.current_setting('martflow.full_refresh', true), 'false') = 'true'
      or not exists (select 1 from ctl.build_state s where s.model = p_model)
      or exists (select 1 from ctl.pending_changes(p_model, p_sources) c where c.kind = 'all')
$$;

-- Empties the model's table when this is a full build (TRUNCATE is transactional in PostgreSQL).
create function ctl.truncate_if_full_build(p_table regclass, p_model text, p_sources text[])
  returns void
  language plpgsql volatile as $$
begin
  if ctl.is_full_build(p_model, p_sources) then
    execute pg_catalog.format('truncate table %s', p_table);
  end if;
end
$$;

-- Records that the model has processed every change up to now (call it last, before the insert).
create function ctl.mark_built(p_model text) returns void
  language sql volatile as $$
  insert into ctl.build_state as s (model, last_change_id, run_id, built_at)
  values (p_model, coalesce((select max(c.change_id) from ctl.build_changes c), 0),
          pg_catalog.current_setting('martflow.run_id'), pg_catalog.now())
  on conflict (model) do update
    set last_change_id = excluded.last_change_id, run_id = excluded.run_id, built_at = excluded.built_at
$$;

-- The distinct run ids of a dw table, read from its run_id index (a loose index scan: one probe
-- per distinct run instead of a scan of the table).
create function ctl.dw_run_ids(p_table regclass) returns setof text
  language plpgsql stable as $$
begin
  return query execute pg_catalog.format(
    'with recursive r(run_id) as (
       (select t.run_id from %1$s t order by t.run_id limit 1)
       union all
       select (select t.run_id from %1$s t where t.run_id > r.run_id order by t.run_id limit 1)
       from r where r.run_id is not null)
     select r.run_id from r where r.run_id is not null', p_table);
end
$$;

-- The runs whose dw rows (in any of p_tables) the model has not built yet, plus the current run.
create function ctl.pending_dw_runs(p_model text, p_tables regclass[]) returns setof text
  language sql stable as $$
  select r.run_id
  from pg_catalog.unnest(p_tables) as t(tbl)
  cross join lateral ctl.dw_run_ids(t.tbl) as r(run_id)
  where not exists (select 1 from ctl.build_dw_runs b where b.model = p_model and b.run_id = r.run_id)
  union
  select pg_catalog.current_setting('martflow.run_id')
$$;

-- Records that the model has built the rows of every pending run (call it in the same snapshot
-- as the scope was computed: models run in REPEATABLE READ).
create function ctl.mark_dw_runs_built(p_model text, p_tables regclass[]) returns void
  language sql volatile as $$
  insert into ctl.build_dw_runs (model, run_id)
  select p_model, r from ctl.pending_dw_runs(p_model, p_tables) as r
  on conflict do nothing
$$;

-- Only the loader (which runs the models) may call these.
revoke execute on function
  ctl.lock_build(boolean), ctl.pending_changes(text, text[]), ctl.is_full_build(text, text[]),
  ctl.truncate_if_full_build(regclass, text, text[]), ctl.mark_built(text), ctl.dw_run_ids(regclass),
  ctl.pending_dw_runs(text, regclass[]), ctl.mark_dw_runs_built(text, regclass[])
  from public;
grant execute on function
  ctl.lock_build(boolean), ctl.pending_changes(text, text[]), ctl.is_full_build(text, text[]),
  ctl.truncate_if_full_build(regclass, text, text[]), ctl.mark_built(text), ctl.dw_run_ids(regclass),
  ctl.pending_dw_runs(text, regclass[]), ctl.mark_dw_runs_built(text, regclass[])
  to martflow_loader;
