-- Least-privilege grants for the two roles of V2_1 (docs/reference-data.md, "Roles").
--
--   martflow_loader  pipelines, publish, SQL models, quality checks and control updates:
--                    reads ref; reads and writes stage, dw, core, mart and ctl (rows only: it
--                    creates no objects, migrations do). Source schemas are granted by
--                    whoever creates them.
--   martflow_reader  analysts and BI tools: reads core and mart, nothing else.
--
-- Login users are created outside migrations and inherit a role:
--   create role alice login password '...' in role martflow_reader;
--
-- "Future" objects: ALTER DEFAULT PRIVILEGES below applies to tables, views and sequences that
-- the role running the migrations (the warehouse owner) creates later in these schemas. Objects
-- created by any other role need their own grants.
-- Nothing is granted to PUBLIC.

-------------------------------------------------------------------------------------------------
-- PUBLIC: no object creation in schema public, no access to the warehouse schemas.
-------------------------------------------------------------------------------------------------
revoke create on schema public from public;
revoke all on schema ctl, ref, stage, dw, core, mart from public;

-------------------------------------------------------------------------------------------------
-- martflow_loader
-------------------------------------------------------------------------------------------------
grant usage on schema ref, stage, dw, core, mart, ctl to martflow_loader;

-- ref: read only (reference data changes through migrations).
grant select on all tables in schema ref to martflow_loader;
alter default privileges in schema ref grant select on tables to martflow_loader;

-- stage, core, mart: rows, and TRUNCATE for clearing stage tables and full rebuilds.
grant select, insert, update, delete, truncate on all tables in schema stage, core, mart to martflow_loader;
alter default privileges in schema stage, core, mart
  grant select, insert, update, delete, truncate on tables to martflow_loader;

-- dw is the versioned history (SCD type 2): rows change, the tables are never truncated.
-- ctl is the audit trail (run log, rejects, quality results, windows): same.
grant select, insert, update, delete on all tables in schema dw, ctl to martflow_loader;
alter default privileges in schema dw, ctl
  grant select, insert, update, delete on tables to martflow_loader;

-- Sequences behind bigserial/identity columns: nextval (usage) and currval (select).
grant usage, select on all sequences in schema stage, dw, core, mart, ctl to martflow_loader;
alter default privileges in schema stage, dw, core, mart, ctl
  grant usage, select on sequences to martflow_loader;

-- Flyway's history table lives in ctl but belongs to the migrations: the loader may read it
-- (to report the schema version) and nothing else.
do $$
begin
  if to_regclass('ctl.flyway_schema_history') is not null then
    revoke insert, update, delete, truncate on ctl.flyway_schema_history from martflow_loader;
  end if;
end
$$;

-------------------------------------------------------------------------------------------------
-- martflow_reader
-------------------------------------------------------------------------------------------------
grant usage on schema core, mart to martflow_reader;
grant select on all tables in schema core, mart to martflow_reader;   -- tables, views, materialized views
alter default privileges in schema core, mart grant select on tables to martflow_reader;

-- Explicitly nothing elsewhere (a no-op on a fresh warehouse; removes stray grants otherwise).
revoke all on all tables in schema ctl, ref, stage, dw from martflow_reader;
revoke all on all sequences in schema ctl, ref, stage, dw, core, mart from martflow_reader;
revoke all on schema ctl, ref, stage, dw from martflow_reader;
