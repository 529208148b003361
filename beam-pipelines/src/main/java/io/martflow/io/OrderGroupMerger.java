package io.martflow.io;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Reject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Merge-joins two streams sorted by order id — the range's orders and its lines, each already
 * de-duplicated — into one {@link OrderGroup} per order id. Rejects met on the way go to sinks.
 */
final class OrderGroupMerger implements Iterator<OrderGroup> {
  private final String sourceSystem;
  private final Peeking<Order> orders;
  private final Peeking<OrderItem> lines;

  OrderGroupMerger(String sourceSystem, Iterator<RangeItem<Order>> orders, Iterator<RangeItem<OrderItem>> lines,
      Consumer<Reject> orderRejects, Consumer<Reject> lineRejects) {
    this.sourceSystem = sourceSystem;
    this.orders = new Peeking<>(orders, orderRejects);
    this.lines = new Peeking<>(lines, lineRejects);
  }

  @Override
  public boolean hasNext() {
    return orders.peek() != null || lines.peek() != null;
  }

  @Override
  public OrderGroup next() {
    Order o = orders.peek();
    OrderItem l = lines.peek();
    if (o == null && l == null) {
      throw new NoSuchElementException();
    }
    Long oid = o == null ? null : o.getOrderId();
    Long lid = l == null ? null : l.getOrderId();
    // Rows without an order id (the null-key range) cannot be joined: each is a group of its own.
    if (o != null && oid == null) {
      return new OrderGroup(sourceSystem, null, orders.take(), List.of());
    }
    if (l != null && lid == null) {
      return new OrderGroup(sourceSystem, null, null, List.of(lines.take()));
    }
    long id = oid == null ? lid : lid == null ? oid : Math.min(oid, lid);
    Order order = oid != null && oid == id ? orders.take() : null;
    List<OrderItem> groupLines = new ArrayList<>();
    while (lines.peek() != null && lines.peek().getOrderId() != null && lines.peek().getOrderId() == id) {
      groupLines.add(lines.take());
    }
    return new OrderGroup(sourceSystem, id, order, groupLines);
  }

  /** Looks one row ahead, passing rejects straight to their sink. */
  private static final class Peeking<T> {
    private final Iterator<RangeItem<T>> in;
    private final Consumer<Reject> rejects;
    private T head;

    Peeking(Iterator<RangeItem<T>> in, Consumer<Reject> rejects) {
      this.in = in;
      this.rejects = rejects;
    }

    T peek() {
      while (head == null && in.hasNext()) {
        RangeItem<T> item = in.next();
        if (item instanceof RangeItem.Row<T> row) {
          head = row.row();
        } else {
          rejects.accept(((RangeItem.Rejected<T>) item).reject());
        }
      }
      return head;
    }

    T take() {
      T t = peek();
      head = null;
      return t;
    }
  }
}
