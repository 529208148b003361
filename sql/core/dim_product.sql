-- grain: one row per product version of dw.tb_products, plus the unknown member (product_key -1)
--
-- materialization: table, merged by difference, like core.dim_customer: the model query
-- (dim_product_next) is the whole dimension as dw has it now; only versions that differ are
-- deleted and re-inserted, and their products recorded in ctl.build_changes (versions_changed when
-- versions were added, removed or re-dated). Publish updates the type-1 attributes (name, cost,
-- stock) in place without re-tagging run_id, hence the comparison. Full refresh: truncate, insert
-- everything, record one 'all' change.

select ctl.truncate_if_full_build('core.dim_product', 'dim_product', '{}');

create temporary table dim_product_next on commit drop as
with
-- import CTEs
products as (
  select p.product_sk, p.source_system, p.product_id, p.sku, p.name, p.brand, p.department,
         p.category, p.subcategory, p.is_uncategorized, p.list_price, p.cost, p.margin, p.margin_pct,
         p.stock_qty, p.reorder_level, p.availability, p.is_active, p.is_discontinued,
         p.discontinued_at, p.created_at, p.is_deleted, p.valid_from, p.valid_to, p.is_current
  from dw.tb_products p
),
-- logic CTEs
versions as (
  select p.product_sk as product_key,
         p.source_system,
         p.product_id,
         p.sku,
         p.name,
         p.brand,
         p.department,
         coalesce(p.category, 'Uncategorized') as category,
         p.subcategory,
         coalesce(p.is_uncategorized, p.category is null) as is_uncategorized,
         p.list_price,
         p.cost,
         p.margin,
         p.margin_pct,
         p.stock_qty,
         p.reorder_level,
         p.availability,
         p.is_active,
         coalesce(p.is_discontinued, false) as is_discontinued,
         p.discontinued_at,
         p.created_at as product_created_at,
         p.is_deleted,
         false as is_unknown,
         p.valid_from,
         p.valid_to,
         p.is_current
  from products p
),
unknown_member as (
  select -1::bigint as product_key, 'unknown'::text as source_system, null::bigint as product_id,
         null::text as sku, 'Unknown'::text as name, null::text as brand, null::text as department,
         'Unknown'::text as category, null::text as subcategory, false as is_uncategorized,
         null::numeric(14,2) as list_price, null::numeric(14,2) as cost, null::numeric(14,2) as margin,
         null::numeric(7,2) as margin_pct, null::integer as stock_qty, null::integer as reorder_level,
         null::text as availability, null::boolean as is_active, false as is_discontinued,
         null::timestamptz as discontinued_at, null::timestamptz as product_created_at,
         false as is_deleted, true as is_unknown, '-infinity'::timestamptz as valid_from,
         'infinity'::timestamptz as valid_to, true as is_current
),
final as (
  select * from versions
  union all
  select * from unknown_member
)
select * from final;

-- Versions that are new, gone or different (every column but the audit columns).
create temporary table dim_product_diff on commit drop as
select coalesce(n.product_key, o.product_key) as product_key,
       coalesce(n.source_system, o.source_system) as source_system,
       coalesce(n.product_id, o.product_id) as product_id,
       n.product_key is null or o.product_key is null
         or (n.valid_from, n.valid_to) is distinct from (o.valid_from, o.valid_to) as versions_changed
from dim_product_next n
full join core.dim_product o on o.product_key = n.product_key
where n.product_key is null
   or o.product_key is null
   or (n.product_key, n.source_system, n.product_id, n.sku, n.name, n.brand, n.department,
       n.category, n.subcategory, n.is_uncategorized, n.list_price, n.cost, n.margin,
       n.margin_pct, n.stock_qty, n.reorder_level, n.availability, n.is_active,
       n.is_discontinued, n.discontinued_at, n.product_created_at, n.is_deleted, n.is_unknown,
       n.valid_from, n.valid_to, n.is_current)
      is distinct from
      (o.product_key, o.source_system, o.product_id, o.sku, o.name, o.brand, o.department,
       o.category, o.subcategory, o.is_uncategorized, o.list_price, o.cost, o.margin,
       o.margin_pct, o.stock_qty, o.reorder_level, o.availability, o.is_active,
       o.is_discontinued, o.discontinued_at, o.product_created_at, o.is_deleted, o.is_unknown,
       o.valid_from, o.valid_to, o.is_current);

insert into ctl.build_changes (run_id, model, kind, versions_changed, source_system, entity_id)
select current_setting('martflow.run_id'), 'dim_product', 'product', bool_or(d.versions_changed),
       d.source_system, d.product_id
from dim_product_diff d
where d.product_id is not null
  and not (select ctl.is_full_build('dim_product', '{}'))
group by d.source_system, d.product_id
union all
select current_setting('martflow.run_id'), 'dim_product', 'all', true, null, null
where (select ctl.is_full_build('dim_product', '{}'));

delete from core.dim_product d
using dim_product_diff x
where d.product_key = x.product_key;

select ctl.mark_built('dim_product');

insert into core.dim_product (
  product_key, source_system, product_id, sku, name, brand, department, category, subcategory,
  is_uncategorized, list_price, cost, margin, margin_pct, stock_qty, reorder_level, availability,
  is_active, is_discontinued, discontinued_at, product_created_at, is_deleted, is_unknown,
  valid_from, valid_to, is_current, run_id)
select n.product_key, n.source_system, n.product_id, n.sku, n.name, n.brand, n.department,
       n.category, n.subcategory, n.is_uncategorized, n.list_price, n.cost, n.margin, n.margin_pct,
       n.stock_qty, n.reorder_level, n.availability, n.is_active, n.is_discontinued,
       n.discontinued_at, n.product_created_at, n.is_deleted, n.is_unknown, n.valid_from,
       n.valid_to, n.is_current, current_setting('martflow.run_id')
from dim_product_next n
join dim_product_diff x on x.product_key = n.product_key;
