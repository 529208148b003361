-- Statements of `martflow generate` and `martflow simulate` against the demo source schema shop.
-- One statement per '-- @section name'; the Java code runs them by name (io.martflow.demo.SqlSections).

-- @section drop_schema
drop schema if exists shop cascade;

-- @section analyze
analyze shop.customers, shop.products, shop.orders, shop.order_items;

-- @section state_exists
select to_regclass('shop.generator_state') is not null;

-- @section state_read
select generator_version, seed, scale, start_date, next_day, generated_days, simulated_days,
       customers_per_day, products_per_day, next_customer_id, next_product_id, next_order_id,
       last_simulate_seed
  from shop.generator_state
 where id = 1;

-- @section state_insert
insert into shop.generator_state (id, generator_version, seed, scale, start_date, next_day, generated_days,
                                  simulated_days, customers_per_day, products_per_day, next_customer_id,
                                  next_product_id, next_order_id, last_simulate_seed)
values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- One simulate at a time: the second one finds the state row locked.
-- @section state_lock
select id from shop.generator_state where id = 1 for update nowait;

-- @section state_update
update shop.generator_state
   set next_day = ?, simulated_days = ?, next_customer_id = ?, next_product_id = ?, next_order_id = ?,
       last_simulate_seed = ?
 where id = 1;

-- The customers orders can be placed by: the newest version of every keyed customer.
-- @section customer_pool
select distinct on (customer_id) customer_id, created_at, country, is_deleted, updated_at
  from shop.customers
 where customer_id is not null
 order by customer_id, updated_at desc;

-- The products order lines can be priced from: the newest version of every keyed product.
-- @section product_pool
select distinct on (product_id) product_id, created_at, list_price, category, is_active, discontinued_at,
       stock_qty, updated_at, cost
  from shop.products
 where product_id is not null
 order by product_id, updated_at desc;

-- @section customers_by_id
select distinct on (customer_id) customer_id, email, first_name, last_name, phone, country, state, city,
       postal_code, birth_date, created_at, updated_at, is_deleted
  from shop.customers
 where customer_id = any(?)
 order by customer_id, updated_at desc;

-- @section products_by_id
select distinct on (product_id) product_id, sku, name, category, subcategory, brand, list_price, cost,
       stock_qty, reorder_level, is_active, discontinued_at, created_at, updated_at
  from shop.products
 where product_id = any(?)
 order by product_id, updated_at desc;

-- Orders whose life cycle may still move: every event of an order follows the previous one
-- within weeks, so an order not updated for longer is final.
-- @section recent_orders
select distinct on (order_id) order_id, customer_id, order_ts, status, failure_reason, shipping_method,
       ship_country, ship_state, ship_city, ship_postal_code, promo_code, shipping_fee, delivered_at,
       created_at, updated_at
  from shop.orders
 where order_id is not null
   and updated_at >= ?
 order by order_id, updated_at desc;

-- @section order_lines
select distinct on (order_id, line_no) order_id, line_no, product_id, quantity, unit_price, discount_pct,
       discount_amount, tax_rate, created_at, updated_at
  from shop.order_items
 where order_id = any(?)
   and line_no is not null
 order by order_id, line_no, updated_at desc;
