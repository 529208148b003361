-- `martflow generate --as csv|http`: a second store, generated into a scratch database with the
-- same generator as schema shop, written out the way a partner would send it (docs/sources.md,
-- "The demo partner stores"). One statement per '-- @section name' (io.martflow.demo.SqlSections).
--
-- CSV (sections csv_*): German column names, ';' delimiter, decimal comma, day-first dates,
-- timestamps in the session's time zone (Europe/Berlin) with their offset, ja/nein for booleans,
-- line prices in cents and discounts as fractions. Nulls are empty fields.
-- HTTP (sections json_*): one JSON object per row, English camelCase names, the shipping address
-- nested, prices in cents, creation times as epoch seconds.

-- @section csv_customers
select customer_id as kundennr, email as e_mail, first_name as vorname, last_name as nachname,
       phone as telefon, country as land, state as bundesland, city as ort, postal_code as plz,
       to_char(birth_date, 'DD.MM.YYYY') as geburtsdatum,
       to_char(created_at, 'DD.MM.YYYY HH24:MI:SSOF') as angelegt_am,
       to_char(updated_at, 'DD.MM.YYYY HH24:MI:SSOF') as geaendert_am,
       case when is_deleted then 'ja' else 'nein' end as geloescht
  from shop.customers
 order by customer_id nulls first, updated_at

-- @section csv_products
select product_id as artikelnr, sku as artikelcode, name as bezeichnung, category as kategorie,
       subcategory as unterkategorie, brand as marke,
       replace(list_price::text, '.', ',') as preis, replace(cost::text, '.', ',') as einkaufspreis,
       stock_qty as bestand, reorder_level as meldebestand,
       case when is_active then 'ja' else 'nein' end as aktiv,
       to_char(discontinued_at, 'DD.MM.YYYY HH24:MI:SSOF') as eingestellt_am,
       to_char(created_at, 'DD.MM.YYYY HH24:MI:SSOF') as angelegt_am,
       to_char(updated_at, 'DD.MM.YYYY HH24:MI:SSOF') as geaendert_am
  from shop.products
 order by product_id nulls first, updated_at

-- @section csv_orders
select order_id as bestellnr, customer_id as kundennr,
       to_char(order_ts, 'DD.MM.YYYY HH24:MI:SSOF') as bestellt_am, status, failure_reason as fehlergrund,
       shipping_method as versandart, ship_country as land, ship_state as bundesland, ship_city as ort,
       ship_postal_code as plz, promo_code as gutschein, replace(shipping_fee::text, '.', ',') as versandkosten,
       to_char(delivered_at, 'DD.MM.YYYY HH24:MI:SSOF') as zugestellt_am,
       to_char(created_at, 'DD.MM.YYYY HH24:MI:SSOF') as angelegt_am,
       to_char(updated_at, 'DD.MM.YYYY HH24:MI:SSOF') as geaendert_am
  from shop.orders
 order by order_id nulls first, updated_at

-- @section csv_order_items
select order_id as bestellnr, line_no as position, product_id as artikelnr, quantity as menge,
       (unit_price * 100)::bigint as einzelpreis_cent,
       replace((discount_pct / 100)::numeric(6,4)::text, '.', ',') as rabatt_anteil,
       replace(discount_amount::text, '.', ',') as rabatt_betrag,
       replace(tax_rate::text, '.', ',') as steuersatz,
       to_char(created_at, 'DD.MM.YYYY HH24:MI:SSOF') as angelegt_am,
       to_char(updated_at, 'DD.MM.YYYY HH24:MI:SSOF') as geaendert_am
  from shop.order_items
 order by order_id nulls first, line_no nulls first, updated_at

-- @section json_customers
select json_build_object('id', customer_id, 'email', email, 'firstName', first_name, 'lastName', last_name,
         'phone', phone,
         'address', json_build_object('country', country, 'state', state, 'city', city, 'zip', postal_code),
         'birthDate', birth_date, 'created', extract(epoch from created_at)::bigint, 'updatedAt', updated_at,
         'deleted', is_deleted)::text
  from shop.customers
 order by customer_id nulls first, updated_at

-- @section json_products
select json_build_object('id', product_id, 'sku', sku, 'title', name, 'category', category,
         'subcategory', subcategory, 'brand', brand, 'priceCents', (list_price * 100)::bigint,
         'costCents', (cost * 100)::bigint, 'stock', stock_qty, 'reorderLevel', reorder_level,
         'active', is_active, 'discontinuedAt', discontinued_at, 'created', extract(epoch from created_at)::bigint,
         'updatedAt', updated_at)::text
  from shop.products
 order by product_id nulls first, updated_at

-- @section json_orders
select json_build_object('id', order_id, 'customerId', customer_id, 'placedAt', order_ts, 'status', status,
         'failureReason', failure_reason, 'shippingMethod', shipping_method,
         'shipping', json_build_object('country', ship_country, 'state', ship_state, 'city', ship_city,
                                       'zip', ship_postal_code, 'feeCents', (shipping_fee * 100)::bigint),
         'promoCode', promo_code, 'deliveredAt', delivered_at, 'created', extract(epoch from created_at)::bigint,
         'updatedAt', updated_at)::text
  from shop.orders
 order by order_id nulls first, updated_at

-- @section json_order_items
select json_build_object('orderId', order_id, 'line', line_no, 'productId', product_id, 'qty', quantity,
         'unitPriceCents', (unit_price * 100)::bigint, 'discount', discount_pct / 100,
         'discountCents', (discount_amount * 100)::bigint, 'taxRate', tax_rate,
         'created', extract(epoch from created_at)::bigint, 'updatedAt', updated_at)::text
  from shop.order_items
 order by order_id nulls first, line_no nulls first, updated_at
