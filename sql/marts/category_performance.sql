-- grain: one row per product category and calendar month (revenue lines and inventory at month end)
--
-- materialization: materialized view (defined in sql/migrations/V5_5__mart_materialized_views.sql,
-- owned by martflow_loader so that the build may refresh it). Why not incremental: a product's
-- re-versioning moves its stock and its past sales between categories in months no run touched,
-- and the current month's days of cover follow the as-of date; the result is small (categories x
-- months), so it is recomputed whole. REFRESH ... CONCURRENTLY writes only the rows that differ
-- and never blocks readers. Skipped when core recorded no order date, product or 'all' change
-- since the last build; a full refresh always refreshes.

select ctl.lock_build(false);

do $$
begin
  if ctl.is_full_build('category_performance', '{fact_orders,fact_order_items,dim_product}')
     or exists (select 1 from ctl.pending_changes('category_performance', '{fact_orders,fact_order_items,dim_product}') c
                where c.kind in ('all', 'date', 'product')) then
    refresh materialized view concurrently mart.category_performance;
  end if;
end
$$;

select ctl.mark_built('category_performance');
