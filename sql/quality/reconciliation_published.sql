-- severity: error
-- staged = published: every row the run staged, in each domain it published, is in dw at least as new as staged (customers and products as their current version; orders and lines by key, not deleted).
with run as (
  select current_setting('martflow.run_id') as run_id
),

published as (
  select distinct l.domain
  from ctl.run_log l
  join run r on r.run_id = l.run_id
  where l.step = 'publish' and l.status = 'success'
),

customers as (
  select 'customers' as domain, s.customer_id::text as record_key, s.updated_at as staged_updated_at,
         d.updated_at as dw_updated_at, d.customer_id is not null as in_dw
  from stage.tmp_customers s
  left join dw.tb_customers d
    on d.source_system = s.source_system and d.customer_id = s.customer_id and d.is_current
  where s.run_id = (select run_id from run) and 'customers' in (select domain from published)
    and (d.customer_id is null or d.updated_at < s.updated_at)
),

products as (
  select 'products' as domain, s.product_id::text as record_key, s.updated_at as staged_updated_at,
         d.updated_at as dw_updated_at, d.product_id is not null as in_dw
  from stage.tmp_products s
  left join dw.tb_products d
    on d.source_system = s.source_system and d.product_id = s.product_id and d.is_current
  where s.run_id = (select run_id from run) and 'products' in (select domain from published)
    and (d.product_id is null or d.updated_at < s.updated_at)
),

orders as (
  select 'orders' as domain, s.order_id::text as record_key, s.updated_at as staged_updated_at,
         d.updated_at as dw_updated_at, d.order_id is not null as in_dw
  from stage.tmp_orders s
  left join dw.tb_orders d
    on d.source_system = s.source_system and d.order_id = s.order_id and not d.is_deleted
  where s.run_id = (select run_id from run) and 'orders' in (select domain from published)
    and (d.order_id is null or d.updated_at < s.updated_at)
),

order_items as (
  select 'order_items' as domain, s.order_id || '/' || s.line_no as record_key, s.updated_at as staged_updated_at,
         d.updated_at as dw_updated_at, d.order_id is not null as in_dw
  from stage.tmp_order_items s
  left join dw.tb_order_items d
    on d.source_system = s.source_system and d.order_id = s.order_id and d.line_no = s.line_no
       and not d.is_deleted
  where s.run_id = (select run_id from run) and 'order_items' in (select domain from published)
    and (d.order_id is null or d.updated_at < s.updated_at)
),

final as (
  select case when not in_dw then 'staged row not in dw' else 'dw row older than the staged row' end as problem,
         domain, record_key, staged_updated_at, dw_updated_at
  from (
    select * from customers
    union all select * from products
    union all select * from orders
    union all select * from order_items
  ) missing
)

select * from final
