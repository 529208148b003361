-- Publish the run's staged order lines into dw.tb_order_items: insert new keys, update changed ones.
-- Runs in one transaction; the runner sets martflow.run_id. Unchanged rows are not rewritten; a
-- staged row older than the published one does not overwrite it.

insert into dw.tb_order_items as d (
  source_system, order_id, line_no, product_id, quantity, unit_price, discount_pct,
  discount_amount, tax_rate, created_at, updated_at, ship_country, category, gross_amount,
  discount_applied, net_amount, applied_tax_rate, tax_amount, line_total, unit_net_price, run_id)
select
  s.source_system, s.order_id, s.line_no, s.product_id, s.quantity, s.unit_price,
  s.discount_pct, s.discount_amount, s.tax_rate, s.created_at, s.updated_at, s.ship_country,
  s.category, s.gross_amount, s.discount_applied, s.net_amount, s.applied_tax_rate,
  s.tax_amount, s.line_total, s.unit_net_price,
  s.run_id
from stage.tmp_order_items s
where s.run_id = current_setting('martflow.run_id')
on conflict (source_system, order_id, line_no) do update set
  product_id = excluded.product_id, quantity = excluded.quantity,
  unit_price = excluded.unit_price, discount_pct = excluded.discount_pct,
  discount_amount = excluded.discount_amount, tax_rate = excluded.tax_rate,
  created_at = excluded.created_at, updated_at = excluded.updated_at,
  ship_country = excluded.ship_country, category = excluded.category,
  gross_amount = excluded.gross_amount, discount_applied = excluded.discount_applied,
  net_amount = excluded.net_amount, applied_tax_rate = excluded.applied_tax_rate,
  tax_amount = excluded.tax_amount, line_total = excluded.line_total,
  unit_net_price = excluded.unit_net_price, is_deleted = false, run_id = excluded.run_id,
  loaded_at = now()
where (excluded.updated_at >= d.updated_at or d.updated_at is null or excluded.updated_at is null)
  and (
    d.product_id, d.quantity, d.unit_price, d.discount_pct, d.discount_amount, d.tax_rate,
    d.created_at, d.updated_at, d.ship_country, d.category, d.gross_amount, d.discount_applied,
    d.net_amount, d.applied_tax_rate, d.tax_amount, d.line_total, d.unit_net_price, d.is_deleted)
      is distinct from
      (
       excluded.product_id, excluded.quantity, excluded.unit_price, excluded.discount_pct,
       excluded.discount_amount, excluded.tax_rate, excluded.created_at, excluded.updated_at,
       excluded.ship_country, excluded.category, excluded.gross_amount,
       excluded.discount_applied, excluded.net_amount, excluded.applied_tax_rate,
       excluded.tax_amount, excluded.line_total, excluded.unit_net_price, false);

-- Full refresh only: Order lines the source no longer has (the run read every row and neither staged nor
-- rejected this key) were deleted there: flag them. Marts leave deleted rows out.
update dw.tb_order_items d
set is_deleted = true, run_id = current_setting('martflow.run_id'), loaded_at = now()
where current_setting('martflow.full_refresh') = 'true'
  and not d.is_deleted
  and d.source_system in (select source_system from stage.tmp_order_items where run_id = current_setting('martflow.run_id')
                          union select source_system from ctl.rejects
                                where run_id = current_setting('martflow.run_id') and domain = 'order_items')
  and not exists (select 1 from stage.tmp_order_items s
                  where s.run_id = current_setting('martflow.run_id') and s.source_system = d.source_system
                    and s.order_id = d.order_id and s.line_no = d.line_no)
  and not exists (select 1 from ctl.rejects r
                  where r.run_id = current_setting('martflow.run_id') and r.domain = 'order_items'
                    and r.source_system = d.source_system and r.record_key = d.order_id || '/' || d.line_no);
