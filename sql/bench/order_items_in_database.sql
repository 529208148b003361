-- grain: one row per order line that the order_items load would stage (the in-database baseline)
-- `martflow bench` times this against the Beam order_items load: the same cleaning and pricing
-- (latest version per key, validation, the order's ship country and status, the product's
-- category, tax rate lookup, HALF_UP cents), done as one INSERT ... SELECT inside PostgreSQL.
-- Country names and aliases are matched on lower case only (the load also folds accents and
-- punctuation), the one simplification.

-- A batch statement over every row: hash joins throughout. The planner underestimates the
-- DISTINCT ON subqueries and otherwise picks nested loops that take minutes instead of seconds.
set local enable_nestloop = off;

insert into bench.order_items_in_database (
  source_system, order_id, line_no, product_id, quantity, unit_price, discount_pct, discount_amount,
  tax_rate, created_at, updated_at, ship_country, category, gross_amount, discount_applied, net_amount,
  applied_tax_rate, tax_amount, line_total, unit_net_price)
with latest_lines as (
  select distinct on (order_id, line_no) *
  from shop.order_items
  where order_id is not null and line_no is not null
  order by order_id, line_no, updated_at desc nulls last
),
latest_orders as (
  select distinct on (order_id) order_id, customer_id, order_ts, status, ship_country
  from shop.orders
  where order_id is not null
  order by order_id, updated_at desc nulls last
),
latest_products as (
  select distinct on (product_id) product_id, category
  from shop.products
  where product_id is not null
  order by product_id, updated_at desc nulls last
),
country_names as (
  select lower(code) as name, code from ref.countries
  union select lower(alpha3), code from ref.countries
  union select lower(name), code from ref.countries
  union select lower(alias), code from ref.country_aliases
),
default_rate as (
  select value::numeric as rate from ref.settings where key = 'default_tax_rate'
),
valid_orders as (
  select o.order_id, c.code as ship_country
  from latest_orders o
  join ref.status_map s on s.raw_status = lower(btrim(regexp_replace(o.status, '[\s_-]+', ' ', 'g')))
  left join country_names c on c.name = lower(btrim(o.ship_country))
  where o.customer_id is not null and o.order_ts >= '2000-01-01'
),
valid_lines as (
  select l.*, o.ship_country, coalesce(cat.category, case when p.category is null then null else 'Uncategorized' end)
           as resolved_category
  from latest_lines l
  join valid_orders o using (order_id)
  left join latest_products p using (product_id)
  left join (select distinct lower(category) as k, category from ref.categories) cat on cat.k = lower(btrim(p.category))
  where l.product_id is not null and l.quantity > 0 and l.unit_price >= 0
    and coalesce(l.discount_pct, 0) between 0 and 100 and coalesce(l.discount_amount, 0) >= 0
),
priced as (
  select v.*,
         round(v.unit_price * v.quantity, 2) as gross,
         coalesce(v.tax_rate, t_cat.rate, t_any.rate, (select rate from default_rate)) as rate
  from valid_lines v
  left join ref.tax_rates t_cat on t_cat.country_code = v.ship_country and t_cat.category = v.resolved_category
  left join ref.tax_rates t_any on t_any.country_code = v.ship_country and t_any.category = '*'
),
discounted as (
  select p.*,
         least(case when coalesce(p.discount_amount, 0) > 0 then p.discount_amount
                    else round(p.gross * coalesce(p.discount_pct, 0) / 100, 2) end, p.gross) as discount
  from priced p
),
final as (
  select 'shop' as source_system, order_id, line_no, product_id, quantity, unit_price,
         coalesce(discount_pct, 0) as discount_pct, coalesce(discount_amount, 0) as discount_amount, tax_rate,
         created_at, updated_at, ship_country, resolved_category as category, gross as gross_amount,
         discount as discount_applied, gross - discount as net_amount, rate as applied_tax_rate,
         round((gross - discount) * rate, 2) as tax_amount,
         gross - discount + round((gross - discount) * rate, 2) as line_total,
         round((gross - discount) / quantity, 4) as unit_net_price
  from discounted
)
select * from final;
