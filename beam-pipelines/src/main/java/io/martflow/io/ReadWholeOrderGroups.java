package io.martflow.io;

import io.martflow.control.FaultPoints;
import io.martflow.control.Window;
import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.SourceConfig;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Reject;
import io.martflow.warehouse.ConnectionSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Orders with their lines from a CSV or HTTP pair (one source system): both sides are read whole
 * by one DoFn call, the orders the window affects (changed, or with a changed line) are taken with
 * all their rows, sorted by order id in memory and merge-joined with the same
 * {@link OrderGroupMerger} as the JDBC ranges, so the two paths group, de-duplicate and reject alike.
 */
public final class ReadWholeOrderGroups extends PTransform<PBegin, PCollectionTuple> {
  private final String domain;
  private final SourceConfig.OrderPair pair;
  private final ConnectionSpec warehouse;
  private final String runId;
  private final Window window;
  private final TupleTag<OrderGroup> groups = new TupleTag<>() {};
  private final TupleTag<Reject> orderRejects = new TupleTag<>() {};
  private final TupleTag<Reject> lineRejects = new TupleTag<>() {};

  public ReadWholeOrderGroups(String domain, SourceConfig.OrderPair pair, ConnectionSpec warehouse, String runId,
      Window window) {
    this.domain = domain;
    this.pair = pair;
    this.warehouse = warehouse;
    this.runId = runId;
    this.window = window;
  }

  public TupleTag<OrderGroup> groups() {
    return groups;
  }

  public TupleTag<Reject> orderRejects() {
    return orderRejects;
  }

  public TupleTag<Reject> lineRejects() {
    return lineRejects;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out = begin
        .apply("Start", Create.of(pair.sourceSystem()))
        .apply("ReadAndJoinWhole", ParDo.of(new ReadFn(this))
            .withOutputTags(groups, TupleTagList.of(orderRejects).and(lineRejects)));
    out.get(groups).setCoder(OrderGroup.Coder.of());
    out.get(orderRejects).setCoder(AvroCoder.specific(Reject.class));
    out.get(lineRejects).setCoder(AvroCoder.specific(Reject.class));
    return out;
  }

  /** The order id of a line or order entry (null: none, or a reject). */
  private static Long orderIdOf(RangeItem<?> item) {
    return item instanceof RangeItem.Row<?> r ? orderIdOf(r) : null;
  }

  private static Long orderIdOf(RangeItem.Row<?> r) {
    return r.row() instanceof Order o ? o.getOrderId() : ((OrderItem) r.row()).getOrderId();
  }

  /** Adds the order ids of the new rows of {@code entries} to {@code ids}. */
  private static <T> void addFreshIds(List<WholeSource.Entry<T>> entries, Set<Long> ids) {
    for (WholeSource.Entry<T> e : entries) {
      Long id = orderIdOf(e.item());
      if (e.fresh() && id != null) {
        ids.add(id);
      }
    }
  }

  /**
   * Entries of the affected orders (every row, new or not), new rows without an order id, new
   * rejects.
   */
  static <T> List<WholeSource.Entry<T>> affected(List<WholeSource.Entry<T>> entries, Set<Long> ids) {
    List<WholeSource.Entry<T>> out = new ArrayList<>();
    for (WholeSource.Entry<T> e : entries) {
      Long id = orderIdOf(e.item());
      if (id != null ? ids.contains(id) : e.fresh()) {
        out.add(e);
      }
    }
    return out;
  }

  /** Rejects first, then rows by order id (missing ids first), then line number. */
  static <T> List<RangeItem<T>> sorted(List<WholeSource.Entry<T>> entries) {
    return WholeSource.sorted(entries, Comparator
        .comparing((RangeItem.Row<T> r) -> orderIdOf(r), Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
        .thenComparing(r -> r.row() instanceof OrderItem l ? l.getLineNo() : null,
            Comparator.nullsLast(Comparator.<Integer>naturalOrder())));
  }

  static final class ReadFn extends DoFn<String, OrderGroup> {
    private final BusyTime busy = new BusyTime("read");
    private final String domain;
    private final SourceConfig.OrderPair pair;
    private final ConnectionSpec warehouse;
    private final String runId;
    private final Window window;
    private final TupleTag<OrderGroup> groups;
    private final TupleTag<Reject> orderRejects;
    private final TupleTag<Reject> lineRejects;
    private final Counter ordersRead;
    private final Counter linesRead;

    ReadFn(ReadWholeOrderGroups t) {
      this.domain = t.domain;
      this.pair = t.pair;
      this.warehouse = t.warehouse;
      this.runId = t.runId;
      this.window = t.window;
      this.groups = t.groups;
      this.orderRejects = t.orderRejects;
      this.lineRejects = t.lineRejects;
      this.ordersRead = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsRead("orders", pair.orders().name()));
      this.linesRead = Metrics.counter(LoadMetrics.NAMESPACE,
          LoadMetrics.rowsRead("order_items", pair.lines().name()));
    }

    @ProcessElement
    public void process(MultiOutputReceiver out) throws Exception {
      long busyStarted = BusyTime.now();
      try {
        WholeSource.Read<Order> orders = WholeSource.read(pair.orders(), window, OrderKeys.ORDERS,
            ReadWhole.published(pair.orders(), warehouse, domain, runId), true, HttpPages.SLEEP, 0);
        WholeSource.Read<OrderItem> lines = WholeSource.read(pair.lines(), window, OrderKeys.LINES,
            ReadWhole.published(pair.lines(), warehouse, domain, runId), true, HttpPages.SLEEP, 0);
        Set<Long> ids = new HashSet<>();
        addFreshIds(orders.entries(), ids);
        addFreshIds(lines.entries(), ids);
        List<WholeSource.Entry<Order>> takenOrders = affected(orders.entries(), ids);
        List<WholeSource.Entry<OrderItem>> takenLines = affected(lines.entries(), ids);
        OrderGroupMerger merger = new OrderGroupMerger(pair.sourceSystem(),
            new Deduplicator<>(sorted(takenOrders).iterator(), OrderKeys.ORDERS, "orders", pair.orders().name()),
            new Deduplicator<>(sorted(takenLines).iterator(), OrderKeys.LINES, "order_items", pair.lines().name()),
            out.get(orderRejects)::output, out.get(lineRejects)::output);
        while (merger.hasNext()) {
          out.get(groups).output(merger.next());
        }
        for (int i = 0; i < takenOrders.size() + takenLines.size(); i++) {
          FaultPoints.hit(i < takenOrders.size() ? "extract-row:orders" : "extract-row:order_items");
        }
        ordersRead.inc(takenOrders.size());
        linesRead.inc(takenLines.size());
        ReadWhole.record(pair.orders(), warehouse, domain, runId, orders.filesWithCounts(takenOrders));
        ReadWhole.record(pair.lines(), warehouse, domain, runId, lines.filesWithCounts(takenLines));
      } finally {
        busy.add(busyStarted);
        busy.flush();
      }
    }
  }
}
