-- Files read from CSV sources (docs/sources.md, "Change tracking"). One row per run, domain,
-- source and file: its SHA-256 checksum, size and the rows the run read from it. A file whose
-- checksum a published run of the domain already read is not loaded again when its source has
-- no change column (each file is a snapshot or a delta, loaded once); a re-run of the same run id
-- overwrites its own rows. Rows are kept for audit: which file fed which run.
create table ctl.source_files (
  run_id        text not null,
  domain        text not null,            -- the pipeline that read the file
  source_name   text not null,            -- the source of the mapping file
  source_system text not null,
  path          text not null,            -- the file's full path or URI
  checksum      text not null,            -- SHA-256 of the file's bytes, hex
  bytes         bigint not null check (bytes >= 0),
  rows_read     bigint not null check (rows_read >= 0),  -- rows of this file the run counted as read
  first_load    boolean not null,         -- no published run of the domain had read this checksum
  read_at       timestamptz not null default now(),
  primary key (run_id, domain, source_name, path)
);
comment on table ctl.source_files is 'CSV files read per run, domain and source, by checksum';

-- "Was this content already loaded?" looks up the checksum per domain and source.
create index source_files_checksum_idx on ctl.source_files (domain, source_name, checksum);
