-- Publish the run's staged orders into dw.tb_orders: update changed keys, insert new ones.
-- Runs in one transaction; the runner sets martflow.run_id. Unchanged rows are not rewritten, and a
-- staged row older than the published one (an old window re-run) does not overwrite it. An order
-- whose lines changed carries the same updated_at with new totals, so equal timestamps do update.

-- A first load fills an empty table: its secondary indexes are built once at the end, faster than
-- maintained row by row (V12_4__deferred_indexes_dw.sql). The primary key stays.
select ctl.suspend_indexes('dw.tb_orders') where not exists (select 1 from dw.tb_orders);

-- Keys already published: rewrite the rows that changed, unless the staged row is older.
update dw.tb_orders d
set
  customer_id = s.customer_id, order_ts = s.order_ts, status = s.status,
  failure_reason = s.failure_reason, shipping_method = s.shipping_method,
  ship_country = s.ship_country, ship_state = s.ship_state, ship_city = s.ship_city,
  ship_postal_code = s.ship_postal_code, promo_code = s.promo_code, shipping_fee = s.shipping_fee,
  delivered_at = s.delivered_at, created_at = s.created_at, updated_at = s.updated_at,
  order_date = s.order_date, is_failed = s.is_failed, line_count = s.line_count, units = s.units,
  items_gross = s.items_gross, discount_total = s.discount_total, items_net = s.items_net,
  tax_total = s.tax_total, order_total = s.order_total,
  estimated_delivery_date = s.estimated_delivery_date, is_late = s.is_late,
  delivery_days = s.delivery_days, is_deleted = false, run_id = s.run_id, loaded_at = now()
from stage.tmp_orders s
where s.run_id = current_setting('martflow.run_id')
  and d.source_system = s.source_system and d.order_id = s.order_id
  and (s.updated_at >= d.updated_at or d.updated_at is null or s.updated_at is null)
  and (
    d.customer_id, d.order_ts, d.status, d.failure_reason, d.shipping_method, d.ship_country,
    d.ship_state, d.ship_city, d.ship_postal_code, d.promo_code, d.shipping_fee, d.delivered_at,
    d.created_at, d.updated_at, d.order_date, d.is_failed, d.line_count, d.units, d.items_gross,
    d.discount_total, d.items_net, d.tax_total, d.order_total, d.estimated_delivery_date,
    d.is_late, d.delivery_days, d.is_deleted)
      is distinct from
      (
       s.customer_id, s.order_ts, s.status, s.failure_reason, s.shipping_method, s.ship_country,
       s.ship_state, s.ship_city, s.ship_postal_code, s.promo_code, s.shipping_fee, s.delivered_at,
       s.created_at, s.updated_at, s.order_date, s.is_failed, s.line_count, s.units, s.items_gross,
       s.discount_total, s.items_net, s.tax_total, s.order_total, s.estimated_delivery_date,
       s.is_late, s.delivery_days, false);

-- New keys: a plain insert (an INSERT ... ON CONFLICT's speculative insertion slows a first load).
insert into dw.tb_orders (
  source_system, order_id, customer_id, order_ts, status, failure_reason, shipping_method,
  ship_country, ship_state, ship_city, ship_postal_code, promo_code, shipping_fee, delivered_at,
  created_at, updated_at, order_date, is_failed, line_count, units, items_gross, discount_total,
  items_net, tax_total, order_total, estimated_delivery_date, is_late, delivery_days, run_id)
select
  s.source_system, s.order_id, s.customer_id, s.order_ts, s.status, s.failure_reason,
  s.shipping_method, s.ship_country, s.ship_state, s.ship_city, s.ship_postal_code, s.promo_code,
  s.shipping_fee, s.delivered_at, s.created_at, s.updated_at, s.order_date, s.is_failed,
  s.line_count, s.units, s.items_gross, s.discount_total, s.items_net, s.tax_total, s.order_total,
  s.estimated_delivery_date, s.is_late, s.delivery_days, s.run_id
from stage.tmp_orders s
where s.run_id = current_setting('martflow.run_id')
  and not exists (select 1 from dw.tb_orders d
                  where d.source_system = s.source_system and d.order_id = s.order_id);

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

select ctl.restore_indexes('dw.tb_orders');
