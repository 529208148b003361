package io.martflow.demo;

import java.util.List;

/** The four tables of the demo source schema shop (DESIGN.md section 3), columns in contract order. */
public enum ShopTable {
  CUSTOMERS("customers", "customer_id", List.of("customer_id", "email", "first_name", "last_name", "phone",
      "country", "state", "city", "postal_code", "birth_date", "created_at", "updated_at", "is_deleted")),
  PRODUCTS("products", "product_id", List.of("product_id", "sku", "name", "category", "subcategory", "brand",
      "list_price", "cost", "stock_qty", "reorder_level", "is_active", "discontinued_at", "created_at",
      "updated_at")),
  ORDERS("orders", "order_id", List.of("order_id", "customer_id", "order_ts", "status", "failure_reason",
      "shipping_method", "ship_country", "ship_state", "ship_city", "ship_postal_code", "promo_code",
      "shipping_fee", "delivered_at", "created_at", "updated_at")),
  ORDER_ITEMS("order_items", "order_id, line_no", List.of("order_id", "line_no", "product_id", "quantity",
      "unit_price", "discount_pct", "discount_amount", "tax_rate", "created_at", "updated_at"));

  private final String tableName;
  private final String key;
  private final List<String> columns;

  ShopTable(String tableName, String key, List<String> columns) {
    this.tableName = tableName;
    this.key = key;
    this.columns = columns;
  }

  /** The table's name in schema shop, e.g. {@code order_items}. */
  public String tableName() {
    return tableName;
  }

  /** {@code shop.<table>}. */
  public String qualifiedName() {
    return "shop." + tableName;
  }

  /** The natural key column(s), comma separated. */
  public String key() {
    return key;
  }

  public List<String> columns() {
    return columns;
  }

  /** The COPY statement that loads this table's columns, in order, into {@code target}. */
  String copyInto(String target) {
    return "copy " + target + " (" + String.join(", ", columns) + ") from stdin";
  }
}
