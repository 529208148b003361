package io.martflow.transforms.pricing;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import java.util.List;
import java.util.Objects;

/** An order with its totals, shipping and delivery fields set, and its priced lines (by line_no). */
public record PricedOrder(Order order, List<OrderItem> lines) {
  public PricedOrder {
    Objects.requireNonNull(order, "order");
    lines = List.copyOf(lines);
  }
}
