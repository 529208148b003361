-- grain: one row per acquisition month (first revenue order) and months since acquisition
--
-- materialization: materialized view (defined in sql/migrations/V5_5__mart_materialized_views.sql,
-- owned by martflow_loader so that the build may refresh it). Why not incremental: one late or
-- deleted order moves a customer between cohorts, changing a cohort no run date names, and every
-- rate divides by a cohort size; the result is tiny (months x months), so it is recomputed whole.
-- REFRESH ... CONCURRENTLY writes only the rows that differ and never blocks readers. Skipped when
-- core recorded no order date, customer or 'all' change since the last build; a full refresh
-- always refreshes.

select ctl.lock_build(false);

do $$
begin
  if ctl.is_full_build('cohort_retention', '{fact_orders,dim_customer}')
     or exists (select 1 from ctl.pending_changes('cohort_retention', '{fact_orders,dim_customer}') c
                where c.kind in ('all', 'date', 'customer')) then
    refresh materialized view concurrently mart.cohort_retention;
  end if;
end
$$;

select ctl.mark_built('cohort_retention');
