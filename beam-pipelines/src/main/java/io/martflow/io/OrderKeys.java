package io.martflow.io;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import java.time.Instant;

/** Keys of orders (order_id) and order lines (order_id/line_no). */
public final class OrderKeys {
  private OrderKeys() {}

  public static final RecordKeys<Order> ORDERS = new RecordKeys<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String keyOf(Order o) {
      return o.getOrderId() == null ? null : o.getOrderId().toString();
    }

    @Override
    public Instant changedAt(Order o) {
      return o.getUpdatedAt();
    }
  };

  public static final RecordKeys<OrderItem> LINES = new RecordKeys<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String keyOf(OrderItem l) {
      return l.getOrderId() == null || l.getLineNo() == null ? null : l.getOrderId() + "/" + l.getLineNo();
    }

    @Override
    public Instant changedAt(OrderItem l) {
      return l.getUpdatedAt();
    }
  };
}
