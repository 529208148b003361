package io.martflow.pipelines;

import static io.martflow.testing.TestRecords.customer;
import static io.martflow.testing.TestRecords.line;
import static io.martflow.testing.TestRecords.order;
import static io.martflow.testing.TestRecords.product;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.pipelines.customers.CustomerCleaner;
import io.martflow.pipelines.orderitems.OrderItemCleaner;
import io.martflow.pipelines.orders.OrderCleaner;
import io.martflow.pipelines.products.ProductCleaner;
import io.martflow.reference.ReferenceData;
import io.martflow.reference.ReferenceFixtures;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.pricing.OrderPricer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DoFn may hold a cleaner as a field, and Beam serializes DoFns: a copy must clean exactly like
 * the original.
 */
class CleanersAreSerializableTest {
  private static final ReferenceData REF = ReferenceFixtures.standard();
  private static final RunContext CONTEXT = RunContext.window("run-1",
      Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"),
      Instant.parse("2024-03-02T01:00:00Z"), ZoneId.of("Europe/Berlin"));

  @SuppressWarnings("unchecked")
  private static <T extends Serializable> T copy(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void aSerializedCopyCleansLikeTheOriginal() throws Exception {
    var customers = new CustomerCleaner(REF, CONTEXT);
    var c = customer(1).setFirstName("ann").setCountry("Allemagne").setPhone("030 123456").build();
    assertThat(copy(customers).clean(c).value(), equalTo(customers.clean(c).value()));

    var products = new ProductCleaner(REF, CONTEXT);
    var p = product(1).setCategory("books").setStockQty(3).build();
    assertThat(copy(products).clean(p).value(), equalTo(products.clean(p).value()));

    var orders = new OrderCleaner(REF, CONTEXT);
    Order o = order(1, "2024-03-01T10:00:00Z").setCustomerId(1L).setStatus("versandt")
        .setShipCountry("deutschland").build();
    assertThat(copy(orders).clean(o).value(), equalTo(orders.clean(o).value()));

    var items = new OrderItemCleaner(REF, CONTEXT);
    OrderItem i = line(1, 1, 2, "9.99").setCategory("books").build();
    assertThat(copy(items).clean(i).value(), equalTo(items.clean(i).value()));

    var pricer = new OrderPricer(REF, CONTEXT);
    Order cleanOrder = orders.clean(o).value();
    List<OrderItem> cleanLines = List.of(items.clean(i).value());
    assertThat(copy(pricer).price(cleanOrder, cleanLines, false),
        equalTo(pricer.price(cleanOrder, cleanLines, false)));
  }
}
