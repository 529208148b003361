package io.martflow.io.sources;

import io.martflow.model.Customer;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Product;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The domains a source can feed and the fields a mapping may fill: the source contract of
 * DESIGN.md section 3 (the columns of the demo shop). Derived fields (flags, regions, totals) are
 * the pipelines' to compute and cannot be mapped.
 */
public final class SourceDomains {
  /** One domain's contract. */
  public record Domain(String name, Class<? extends SpecificRecordBase> recordClass, Schema schema,
      List<String> keyFields, List<String> fields) {
    public boolean hasField(String field) {
      return fields.contains(field);
    }
  }

  public static final Map<String, Domain> DOMAINS = Map.of(
      "customers", new Domain("customers", Customer.class, Customer.getClassSchema(), List.of("customer_id"),
          List.of("customer_id", "email", "first_name", "last_name", "phone", "country", "state", "city",
              "postal_code", "birth_date", "created_at", "updated_at", "is_deleted")),
      "products", new Domain("products", Product.class, Product.getClassSchema(), List.of("product_id"),
          List.of("product_id", "sku", "name", "category", "subcategory", "brand", "list_price", "cost", "stock_qty",
              "reorder_level", "is_active", "discontinued_at", "created_at", "updated_at")),
      "orders", new Domain("orders", Order.class, Order.getClassSchema(), List.of("order_id"),
          List.of("order_id", "customer_id", "order_ts", "status", "failure_reason", "shipping_method",
              "ship_country", "ship_state", "ship_city", "ship_postal_code", "promo_code", "shipping_fee",
              "delivered_at", "created_at", "updated_at")),
      "order_items", new Domain("order_items", OrderItem.class, OrderItem.getClassSchema(),
          List.of("order_id", "line_no"),
          List.of("order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct", "discount_amount",
              "tax_rate", "created_at", "updated_at")));

  /** Domains in the order the manifest lists them. */
  public static final List<String> NAMES = List.of("customers", "products", "orders", "order_items");

  private SourceDomains() {}

  public static Domain of(String name) {
    Domain d = DOMAINS.get(name);
    if (d == null) {
      throw new IllegalArgumentException("no domain " + name + " (domains: " + String.join(", ", NAMES) + ")");
    }
    return d;
  }
}
