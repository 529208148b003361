package io.martflow.io;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/**
 * An order with its lines, as read from one key range: the join of orders and order_items by key.
 * {@code order} is null for lines whose order is not in the source; {@code orderId} is null for a
 * row read without an order id (it then holds just that row).
 */
public record OrderGroup(String sourceSystem, Long orderId, Order order, List<OrderItem> lines) {
  public OrderGroup {
    lines = List.copyOf(lines);
  }

  /** A compact, deterministic coder built from the records' Avro coders. */
  public static final class Coder extends CustomCoder<OrderGroup> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder SOURCE = StringUtf8Coder.of();
    private static final NullableCoder<Long> ID = NullableCoder.of(VarLongCoder.of());
    private static final NullableCoder<Order> ORDER = NullableCoder.of(AvroCoder.specific(Order.class));
    private static final ListCoder<OrderItem> LINES = ListCoder.of(AvroCoder.specific(OrderItem.class));

    public static Coder of() {
      return new Coder();
    }

    @Override
    public void encode(OrderGroup g, OutputStream out) throws IOException {
      SOURCE.encode(g.sourceSystem(), out);
      ID.encode(g.orderId(), out);
      ORDER.encode(g.order(), out);
      LINES.encode(g.lines(), out);
    }

    @Override
    public OrderGroup decode(InputStream in) throws IOException {
      return new OrderGroup(SOURCE.decode(in), ID.decode(in), ORDER.decode(in), LINES.decode(in));
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      ORDER.verifyDeterministic();
      LINES.verifyDeterministic();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Coder;
    }

    @Override
    public int hashCode() {
      return Coder.class.hashCode();
    }
  }
}
