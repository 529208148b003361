-- grain: one row per calendar day from 2000-01-01 to 2040-12-31
--
-- materialization: table. The calendar does not depend on any load: an incremental build inserts
-- only the days that are missing (none after the first build), a full refresh rebuilds it.

select ctl.truncate_if_full_build('core.dim_date', 'dim_date', '{}');

select ctl.mark_built('dim_date');

insert into core.dim_date (
  date_key, date_day, year, quarter, month, month_name, day_of_month, day_of_week, day_name,
  day_of_year, iso_year, iso_week, iso_year_week, year_month, week_start_date, month_start_date,
  month_end_date, quarter_start_date, is_weekend, is_month_end, run_id)
with
-- import CTEs
existing_days as (
  select d.date_day
  from core.dim_date d
),
-- logic CTEs
calendar as (
  select g::date as date_day
  from generate_series(timestamp '2000-01-01', timestamp '2040-12-31', interval '1 day') as g
),
missing_days as (
  select c.date_day
  from calendar c
  where not exists (select 1 from existing_days e where e.date_day = c.date_day)
),
final as (
  select to_char(m.date_day, 'YYYYMMDD')::int as date_key,
         m.date_day,
         extract(year from m.date_day)::int as year,
         extract(quarter from m.date_day)::int as quarter,
         extract(month from m.date_day)::int as month,
         to_char(m.date_day, 'FMMonth') as month_name,
         extract(day from m.date_day)::int as day_of_month,
         extract(isodow from m.date_day)::int as day_of_week,
         to_char(m.date_day, 'FMDay') as day_name,
         extract(doy from m.date_day)::int as day_of_year,
         extract(isoyear from m.date_day)::int as iso_year,
         extract(week from m.date_day)::int as iso_week,
         to_char(m.date_day, 'IYYY-"W"IW') as iso_year_week,
         to_char(m.date_day, 'YYYY-MM') as year_month,
         date_trunc('week', m.date_day)::date as week_start_date,
         date_trunc('month', m.date_day)::date as month_start_date,
         (date_trunc('month', m.date_day) + interval '1 month' - interval '1 day')::date as month_end_date,
         date_trunc('quarter', m.date_day)::date as quarter_start_date,
         extract(isodow from m.date_day) in (6, 7) as is_weekend,
         m.date_day = (date_trunc('month', m.date_day) + interval '1 month' - interval '1 day')::date as is_month_end,
         current_setting('martflow.run_id') as run_id
  from missing_days m
)
select * from final;
