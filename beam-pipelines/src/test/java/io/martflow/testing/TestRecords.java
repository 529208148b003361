package io.martflow.testing;

import io.martflow.model.Customer;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Product;
import java.math.BigDecimal;
import java.time.Instant;

/** Builders of source-like rows with the key set and everything else null, for rule tests. */
public final class TestRecords {
  public static final String SOURCE = "shop";

  private TestRecords() {}

  public static Customer.Builder customer(long id) {
    return Customer.newBuilder().setSourceSystem(SOURCE).setCustomerId(id);
  }

  public static Product.Builder product(long id) {
    return Product.newBuilder().setSourceSystem(SOURCE).setProductId(id);
  }

  public static Order.Builder order(long id) {
    return Order.newBuilder().setSourceSystem(SOURCE).setOrderId(id);
  }

  public static Order.Builder order(long id, String orderTs) {
    return order(id).setOrderTs(Instant.parse(orderTs));
  }

  public static OrderItem.Builder line(long orderId, int lineNo) {
    return OrderItem.newBuilder().setSourceSystem(SOURCE).setOrderId(orderId).setLineNo(lineNo);
  }

  /** A valid line: product 1, quantity and unit price as given, no discounts. */
  public static OrderItem.Builder line(long orderId, int lineNo, int quantity, String unitPrice) {
    return line(orderId, lineNo).setProductId(1L).setQuantity(quantity).setUnitPrice(money(unitPrice));
  }

  public static BigDecimal money(String value) {
    return value == null ? null : new BigDecimal(value);
  }
}
