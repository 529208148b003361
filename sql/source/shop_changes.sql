-- `martflow simulate` applies its updates of existing rows in two steps: the new versions of the
-- changed rows are copied into the temporary tables of section 'prepare', then the 'apply_' sections
-- update every row with the same key (exact duplicate rows change together and stay duplicates).

-- @section prepare
create temporary table changed_customers (like shop.customers) on commit drop;
create temporary table changed_products (like shop.products) on commit drop;
create temporary table changed_orders (like shop.orders) on commit drop;
create temporary table changed_order_items (like shop.order_items) on commit drop;

-- @section analyze
analyze changed_customers, changed_products, changed_orders, changed_order_items;

-- @section apply_customers
update shop.customers c
   set email = u.email, first_name = u.first_name, last_name = u.last_name, phone = u.phone,
       country = u.country, state = u.state, city = u.city, postal_code = u.postal_code,
       birth_date = u.birth_date, updated_at = u.updated_at, is_deleted = u.is_deleted
  from changed_customers u
 where c.customer_id = u.customer_id;

-- @section apply_products
update shop.products p
   set sku = u.sku, name = u.name, category = u.category, subcategory = u.subcategory, brand = u.brand,
       list_price = u.list_price, cost = u.cost, stock_qty = u.stock_qty, reorder_level = u.reorder_level,
       is_active = u.is_active, discontinued_at = u.discontinued_at, updated_at = u.updated_at
  from changed_products u
 where p.product_id = u.product_id;

-- @section apply_orders
update shop.orders o
   set status = u.status, failure_reason = u.failure_reason, delivered_at = u.delivered_at,
       updated_at = u.updated_at
  from changed_orders u
 where o.order_id = u.order_id;

-- @section apply_order_items
update shop.order_items i
   set product_id = u.product_id, quantity = u.quantity, unit_price = u.unit_price,
       discount_pct = u.discount_pct, discount_amount = u.discount_amount, tax_rate = u.tax_rate,
       updated_at = u.updated_at
  from changed_order_items u
 where i.order_id = u.order_id
   and i.line_no = u.line_no;
