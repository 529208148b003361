-- Schemas of the warehouse (DESIGN.md section 2) and the two roles that use it.
-- ctl (control: run log, windows, rejects, quality results) is created by Flyway for its history table.
create schema if not exists ref;    -- reference data seeded by migrations
create schema if not exists stage;  -- tmp_<domain> tables, rows kept per run_id for audit
create schema if not exists dw;     -- tb_<domain> tables, versioned
create schema if not exists core;   -- star schema
create schema if not exists mart;   -- marts read by analysts

-- Roles are cluster-wide: create them only when absent so that several warehouses
-- (and a second migrate) can share one server.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'martflow_loader') then
    create role martflow_loader nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'martflow_reader') then
    create role martflow_reader nologin;
  end if;
end
$$;

comment on role martflow_loader is 'martflow pipelines: read sources, write stage, dw, core, mart and ctl';
comment on role martflow_reader is 'analysts and BI tools: read core and mart only';
