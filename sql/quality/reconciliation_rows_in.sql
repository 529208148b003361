-- severity: error
-- rows in = rows staged + rows rejected, per domain the run loaded: rows_read of the run's last successful load step against its rows in stage.tmp_<domain> and ctl.rejects (and the step's own staged and rejected counts).
with run as (
  select current_setting('martflow.run_id') as run_id
),

loads as (
  select distinct on (l.domain) l.domain, l.rows_read, l.rows_staged, l.rows_rejected
  from ctl.run_log l
  join run r on r.run_id = l.run_id
  where l.step = 'load' and l.status = 'success'
  order by l.domain, l.run_log_id desc
),

-- One line per domain of manifest.yml: a domain missing here shows up below as 'no stage table'.
staged as (
            select 'customers' as domain, count(*) as rows from stage.tmp_customers where run_id = (select run_id from run)
  union all select 'products', count(*) from stage.tmp_products where run_id = (select run_id from run)
  union all select 'orders', count(*) from stage.tmp_orders where run_id = (select run_id from run)
  union all select 'order_items', count(*) from stage.tmp_order_items where run_id = (select run_id from run)
),

rejected as (
  select domain, count(*) as rows
  from ctl.rejects
  where run_id = (select run_id from run)
  group by domain
),

compared as (
  select coalesce(l.domain, s.domain, j.domain) as domain,
         l.domain is not null as loaded,
         l.rows_read, s.rows as rows_staged, coalesce(j.rows, 0) as rows_rejected,
         l.rows_staged as logged_staged, l.rows_rejected as logged_rejected
  from loads l
  full join staged s on s.domain = l.domain
  full join rejected j on j.domain = coalesce(l.domain, s.domain)
),

final as (
  select case
           when not loaded then 'staged or rejected rows without a successful load step'
           when rows_staged is null then 'no stage table for the domain in this check'
           when rows_read is distinct from rows_staged + rows_rejected then 'rows read <> staged + rejected'
           else 'the load step''s staged or rejected count differs from the tables'
         end as problem,
         domain, rows_read, rows_staged, rows_rejected, rows_read - rows_staged - rows_rejected as unaccounted,
         logged_staged, logged_rejected
  from compared
  where (not loaded and (coalesce(rows_staged, 0) > 0 or rows_rejected > 0))
     or (loaded and (rows_staged is null
                     or rows_read is distinct from rows_staged + rows_rejected
                     or logged_staged is distinct from rows_staged
                     or logged_rejected is distinct from rows_rejected))
)

select * from final
