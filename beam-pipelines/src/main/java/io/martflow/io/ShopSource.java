package io.martflow.io;

import java.util.List;

/** The default demo source (DESIGN.md §3): four tables of one PostgreSQL schema, changes by updated_at. */
public final class ShopSource {
  /** The demo source's key namespace and schema (LoadOptions --sourceSystem, --sourceSchema). */
  public static final String SYSTEM = "shop";
  public static final String SCHEMA = "shop";

  private ShopSource() {}

  /** The tables whose changes a domain loads: orders and order items both follow orders and their lines. */
  public static java.util.List<SourceTable> tablesFor(String domain, String sourceSystem, String schema) {
    return switch (domain) {
      case "customers" -> List.of(customers(sourceSystem, schema));
      case "products" -> List.of(products(sourceSystem, schema));
      case "orders", "order_items" -> List.of(orders(sourceSystem, schema), orderItems(sourceSystem, schema));
      default -> throw new IllegalArgumentException("no source tables for domain " + domain);
    };
  }

  public static SourceTable customers(String sourceSystem, String schema) {
    return new SourceTable(sourceSystem, schema, "customers", List.of("customer_id"), "updated_at",
        List.of("customer_id", "email", "first_name", "last_name", "phone", "country", "state", "city",
            "postal_code", "birth_date", "created_at", "updated_at", "is_deleted"));
  }

  public static SourceTable products(String sourceSystem, String schema) {
    return new SourceTable(sourceSystem, schema, "products", List.of("product_id"), "updated_at",
        List.of("product_id", "sku", "name", "category", "subcategory", "brand", "list_price", "cost",
            "stock_qty", "reorder_level", "is_active", "discontinued_at", "created_at", "updated_at"));
  }

  public static SourceTable orders(String sourceSystem, String schema) {
    return new SourceTable(sourceSystem, schema, "orders", List.of("order_id"), "updated_at",
        List.of("order_id", "customer_id", "order_ts", "status", "failure_reason", "shipping_method",
            "ship_country", "ship_state", "ship_city", "ship_postal_code", "promo_code", "shipping_fee",
            "delivered_at", "created_at", "updated_at"));
  }

  public static SourceTable orderItems(String sourceSystem, String schema) {
    return new SourceTable(sourceSystem, schema, "order_items", List.of("order_id", "line_no"), "updated_at",
        List.of("order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct", "discount_amount",
            "tax_rate", "created_at", "updated_at"));
  }
}
