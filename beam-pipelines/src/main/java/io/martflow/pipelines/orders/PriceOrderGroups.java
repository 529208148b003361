package io.martflow.pipelines.orders;

import io.martflow.io.BusyTime;
import io.martflow.io.OrderGroup;
import io.martflow.io.OrderKeys;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Reject;
import io.martflow.pipelines.orderitems.OrderItemCleaner;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.CleanRecords;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import io.martflow.transforms.deadletter.Rejects;
import io.martflow.transforms.pricing.OrderPricer;
import io.martflow.transforms.pricing.PricedOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Cleans an order and its lines and prices them with the one {@link OrderPricer}, so that both the
 * orders and the order_items pipelines produce amounts that reconcile to the cent.
 *
 * <p>A line is rejected for its own faults first; a valid line whose order is missing from the
 * source is ORDER_NOT_FOUND, and the lines of a rejected order are ORDER_REJECTED. Each pipeline
 * asks only for the outputs it stages.
 */
public final class PriceOrderGroups extends PTransform<PCollection<OrderGroup>, PCollectionTuple> {
  /** Which side of the join the caller stages: one, or both when one pipeline loads both domains. */
  public enum Emit {
    ORDERS, LINES, BOTH;

    boolean orders() {
      return this != LINES;
    }

    boolean lines() {
      return this != ORDERS;
    }
  }

  private final Emit emit;
  private final PCollectionView<ReferenceData> reference;
  private final PCollectionView<Map<String, String>> categories;
  private final CleanRecords.RunSpec run;
  private final Map<String, String> ordersSources;
  private final Map<String, String> linesSources;
  private final Map<String, Boolean> pricesIncludeTax;
  private final TupleTag<Order> orders = new TupleTag<>() {};
  private final TupleTag<OrderItem> lines = new TupleTag<>() {};
  private final TupleTag<Reject> orderRejects = new TupleTag<>() {};
  private final TupleTag<Reject> lineRejects = new TupleTag<>() {};

  /**
   * @param categories "source_system/product_id" -> the product's category (a line's tax context)
   * @param ordersSources source_system -> orders source name (for rejects); likewise {@code linesSources}
   * @param pricesIncludeTax source_system -> whether its prices include tax
   */
  public PriceOrderGroups(Emit emit, PCollectionView<ReferenceData> reference,
      PCollectionView<Map<String, String>> categories, CleanRecords.RunSpec run, Map<String, String> ordersSources,
      Map<String, String> linesSources, Map<String, Boolean> pricesIncludeTax) {
    this.emit = emit;
    this.reference = reference;
    this.categories = categories;
    this.run = run;
    this.ordersSources = new java.util.LinkedHashMap<>(ordersSources);
    this.linesSources = new java.util.LinkedHashMap<>(linesSources);
    this.pricesIncludeTax = new java.util.LinkedHashMap<>(pricesIncludeTax);
  }

  /** The key of a product in the categories side input. */
  public static String productKey(String sourceSystem, long productId) {
    return sourceSystem + "/" + productId;
  }

  public TupleTag<Order> orders() {
    return orders;
  }

  public TupleTag<OrderItem> lines() {
    return lines;
  }

  public TupleTag<Reject> orderRejects() {
    return orderRejects;
  }

  public TupleTag<Reject> lineRejects() {
    return lineRejects;
  }

  @Override
  public PCollectionTuple expand(PCollection<OrderGroup> groups) {
    // Only the emitted side's output carries elements; the other stays empty.
    PCollectionTuple out = groups.apply("CleanAndPrice", ParDo.of(new PriceFn(this))
        .withSideInputs(reference, categories)
        .withOutputTags(orders, TupleTagList.of(lines).and(orderRejects).and(lineRejects)));
    out.get(orders).setCoder(AvroCoder.specific(Order.class));
    out.get(lines).setCoder(AvroCoder.specific(OrderItem.class));
    out.get(orderRejects).setCoder(AvroCoder.specific(Reject.class));
    out.get(lineRejects).setCoder(AvroCoder.specific(Reject.class));
    return out;
  }

  static final class PriceFn extends DoFn<OrderGroup, Order> {
    private final BusyTime busy = new BusyTime("transform");
    private final Emit emit;
    private final PCollectionView<ReferenceData> reference;
    private final PCollectionView<Map<String, String>> categoriesView;
    private final CleanRecords.RunSpec run;
    private final Map<String, String> ordersSources;
    private final Map<String, String> linesSources;
    private final Map<String, Boolean> pricesIncludeTax;
    private final TupleTag<Order> orders;
    private final TupleTag<OrderItem> lines;
    private final TupleTag<Reject> orderRejects;
    private final TupleTag<Reject> lineRejects;
    private transient OrderCleaner orderCleaner;
    private transient OrderItemCleaner lineCleaner;
    private transient OrderPricer pricer;
    private transient Map<String, String> categories;

    PriceFn(PriceOrderGroups t) {
      this.emit = t.emit;
      this.reference = t.reference;
      this.categoriesView = t.categories;
      this.run = t.run;
      this.ordersSources = t.ordersSources;
      this.linesSources = t.linesSources;
      this.pricesIncludeTax = t.pricesIncludeTax;
      this.orders = t.orders;
      this.lines = t.lines;
      this.orderRejects = t.orderRejects;
      this.lineRejects = t.lineRejects;
    }

    @FinishBundle
    public void reportBusyTime() {
      busy.flush();
    }

    @ProcessElement
    public void process(@Element OrderGroup group, ProcessContext c) {
      long busyStarted = BusyTime.now();
      try {
        if (pricer == null) {
          ReferenceData ref = c.sideInput(reference);
          var context = run.context(ref);
          orderCleaner = new OrderCleaner(ref, context);
          lineCleaner = new OrderItemCleaner(ref, context);
          pricer = new OrderPricer(ref, context);
          categories = c.sideInput(categoriesView);
        }
        List<OrderItem> validLines = new ArrayList<>(group.lines().size());
        for (OrderItem raw : group.lines()) {
          OrderItem withContext = raw;
          if (raw.getProductId() != null) {
            withContext = io.martflow.io.Records.copy(raw);
            withContext.setCategory(categories.get(productKey(raw.getSourceSystem(), raw.getProductId())));
          }
          CleanResult<OrderItem> line = lineCleaner.clean(withContext);
          if (line.isOk()) {
            validLines.add(line.value());
          } else {
            rejectLine(c, raw, line.rejection().reason(), line.rejection().message());
          }
        }
        if (group.order() == null) {
          for (OrderItem line : validLines) {
            rejectLine(c, line, RejectReason.ORDER_NOT_FOUND, "order " + line.getOrderId() + " is not in the source");
          }
          return;
        }
        CleanResult<Order> order = orderCleaner.clean(group.order());
        if (order.isRejected()) {
          if (emit.orders()) {
            c.output(orderRejects, Rejects.of("orders", ordersSources.getOrDefault(group.sourceSystem(),
                    group.sourceSystem()), group.order(), OrderKeys.ORDERS.keyOf(group.order()),
                order.rejection().reason().name(), order.rejection().message()));
          }
          for (OrderItem line : validLines) {
            rejectLine(c, line, RejectReason.ORDER_REJECTED, "its order was rejected: "
                + order.rejection().reason() + " (" + order.rejection().message() + ")");
          }
          return;
        }
        PricedOrder priced;
        String overflow;
        try {
          priced = pricer.price(order.value(), validLines, pricesIncludeTax.getOrDefault(group.sourceSystem(), false));
          overflow = overflow(priced);
        } catch (ArithmeticException e) {
          priced = null;
          overflow = "units: " + e.getMessage();
        }
        if (overflow != null) {
          // Amounts that do not fit their columns would fail the whole load at COPY (or wrap around):
          // the order and its lines are rejected instead, with their original payloads.
          String message = "order " + group.order().getOrderId() + ": " + overflow + " does not fit";
          if (emit.orders()) {
            c.output(orderRejects, Rejects.of("orders", ordersSources.getOrDefault(group.sourceSystem(),
                group.sourceSystem()), group.order(), OrderKeys.ORDERS.keyOf(group.order()),
                RejectReason.AMOUNT_OUT_OF_RANGE.name(), message));
          }
          for (OrderItem line : validLines) {
            rejectLine(c, line, RejectReason.AMOUNT_OUT_OF_RANGE, message);
          }
          return;
        }
        if (emit.orders()) {
          c.output(priced.order());
        }
        if (emit.lines()) {
          for (OrderItem line : priced.lines()) {
            c.output(lines, line);
          }
        }
      } finally {
        busy.add(busyStarted);
      }
    }

    /** What of a priced order does not fit its column, or null. */
    private static String overflow(PricedOrder priced) {
      for (OrderItem line : priced.lines()) {
        String o = io.martflow.io.Records.decimalOverflow(line);
        if (o != null) {
          return "line " + line.getLineNo() + " " + o;
        }
      }
      return io.martflow.io.Records.decimalOverflow(priced.order());
    }

    private void rejectLine(ProcessContext c, OrderItem line, RejectReason reason, String message) {
      if (emit.lines()) {
        c.output(lineRejects, Rejects.of("order_items", linesSources.getOrDefault(line.getSourceSystem(),
            line.getSourceSystem()), line, OrderKeys.LINES.keyOf(line), reason.name(), message));
      }
    }
  }
}
