-- Publish the run's staged orders into dw.tb_orders: insert new keys, update changed ones.
-- Runs in one transaction; the runner sets martflow.run_id. Unchanged rows are not rewritten, and a
-- staged row older than the published one (an old window re-run) does not overwrite it. An order
-- whose lines changed carries the same updated_at with new totals, so equal timestamps do update.

insert into dw.tb_orders as d (
  source_system, order_id, customer_id, order_ts, status, failure_reason, shipping_method,
  ship_country, ship_state, ship_city, ship_postal_code, promo_code, shipping_fee,
  delivered_at, created_at, updated_at, order_date, is_failed, line_count, units, items_gross,
  discount_total, items_net, tax_total, order_total, estimated_delivery_date, is_late,
  delivery_days, run_id)
select
  s.source_system, s.order_id, s.customer_id, s.order_ts, s.status, s.failure_reason,
  s.shipping_method, s.ship_country, s.ship_state, s.ship_city, s.ship_postal_code,
  s.promo_code, s.shipping_fee, s.delivered_at, s.created_at, s.updated_at, s.order_date,
  s.is_failed, s.line_count, s.units, s.items_gross, s.discount_total, s.items_net,
  s.tax_total, s.order_total, s.estimated_delivery_date, s.is_late, s.delivery_days,
  s.run_id
from stage.tmp_orders s
where s.run_id = current_setting('martflow.run_id')
on conflict (source_system, order_id) do update set
  customer_id = excluded.customer_id, order_ts = excluded.order_ts, status = excluded.status,
  failure_reason = excluded.failure_reason, shipping_method = excluded.shipping_method,
  ship_country = excluded.ship_country, ship_state = excluded.ship_state,
  ship_city = excluded.ship_city, ship_postal_code = excluded.ship_postal_code,
  promo_code = excluded.promo_code, shipping_fee = excluded.shipping_fee,
  delivered_at = excluded.delivered_at, created_at = excluded.created_at,
  updated_at = excluded.updated_at, order_date = excluded.order_date,
  is_failed = excluded.is_failed, line_count = excluded.line_count, units = excluded.units,
  items_gross = excluded.items_gross, discount_total = excluded.discount_total,
  items_net = excluded.items_net, tax_total = excluded.tax_total,
  order_total = excluded.order_total,
  estimated_delivery_date = excluded.estimated_delivery_date, is_late = excluded.is_late,
  delivery_days = excluded.delivery_days, is_deleted = false, run_id = excluded.run_id,
  loaded_at = now()
where (excluded.updated_at >= d.updated_at or d.updated_at is null or excluded.updated_at is null)
  and (
    d.customer_id, d.order_ts, d.status, d.failure_reason, d.shipping_method, d.ship_country,
    d.ship_state, d.ship_city, d.ship_postal_code, d.promo_code, d.shipping_fee,
    d.delivered_at, d.created_at, d.updated_at, d.order_date, d.is_failed, d.line_count,
    d.units, d.items_gross, d.discount_total, d.items_net, d.tax_total, d.order_total,
    d.estimated_delivery_date, d.is_late, d.delivery_days, d.is_deleted)
      is distinct from
      (
       excluded.customer_id, excluded.order_ts, excluded.status, excluded.failure_reason,
       excluded.shipping_method, excluded.ship_country, excluded.ship_state,
       excluded.ship_city, excluded.ship_postal_code, excluded.promo_code,
       excluded.shipping_fee, excluded.delivered_at, excluded.created_at, excluded.updated_at,
       excluded.order_date, excluded.is_failed, excluded.line_count, excluded.units,
       excluded.items_gross, excluded.discount_total, excluded.items_net, excluded.tax_total,
       excluded.order_total, excluded.estimated_delivery_date, excluded.is_late,
       excluded.delivery_days, false);

-- Full refresh only: Orders the source no longer has (the run read every row and neither staged nor
-- rejected this key) were deleted there: flag them. Marts leave deleted rows out.
update dw.tb_orders d
set is_deleted = true, run_id = current_setting('martflow.run_id'), loaded_at = now()
where current_setting('martflow.full_refresh') = 'true'
  and not d.is_deleted
  and d.source_system in (select source_system from stage.tmp_orders where run_id = current_setting('martflow.run_id')
                          union select source_system from ctl.rejects
                                where run_id = current_setting('martflow.run_id') and domain = 'orders')
  and not exists (select 1 from stage.tmp_orders s
                  where s.run_id = current_setting('martflow.run_id') and s.source_system = d.source_system
                    and s.order_id = d.order_id)
  and not exists (select 1 from ctl.rejects r
                  where r.run_id = current_setting('martflow.run_id') and r.domain = 'orders'
                    and r.source_system = d.source_system and r.record_key = d.order_id::text);
