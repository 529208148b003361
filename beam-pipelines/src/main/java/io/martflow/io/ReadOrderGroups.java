package io.martflow.io;

import io.martflow.control.Window;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Reject;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Extracts the orders a window affects — changed themselves or through a changed line — with all
 * their lines, joined by order id. Both tables are read per order-id range in key order and
 * merge-joined inside the range: the CoGroupByKey of orders and lines, done where the data is
 * already sorted (a GroupByKey costs ~200 µs per key on the DirectRunner; this costs nothing).
 * Versions of an order or a line are resolved as in {@link ReadDeduplicated}.
 */
public final class ReadOrderGroups extends PTransform<PBegin, PCollectionTuple> {
  /** Orders per range is rowsPerRange / this: an order comes with about three lines. */
  private static final int ROWS_PER_ORDER = 4;

  private final SourceTable orders;
  private final SourceTable lines;
  private final ConnectionSpec source;
  private final Window window;
  private final ReadTuning tuning;
  private final TupleTag<OrderGroup> groups = new TupleTag<>() {};
  private final TupleTag<Reject> orderRejects = new TupleTag<>() {};
  private final TupleTag<Reject> lineRejects = new TupleTag<>() {};

  public ReadOrderGroups(SourceTable orders, SourceTable lines, ConnectionSpec source, Window window,
      ReadTuning tuning) {
    if (!orders.sourceSystem().equals(lines.sourceSystem())) {
      throw new IllegalArgumentException("orders and their lines must come from the same source system");
    }
    if (!orders.spec().formats().timeZone().equals(lines.spec().formats().timeZone())) {
      throw new IllegalArgumentException("orders " + orders.name() + " and lines " + lines.name()
          + " are read in one session: give them the same time_zone");
    }
    this.orders = orders;
    this.lines = lines;
    this.source = source;
    this.window = window;
    this.tuning = tuning;
  }

  public TupleTag<OrderGroup> groups() {
    return groups;
  }

  /** Unparseable and superseded order rows. */
  public TupleTag<Reject> orderRejects() {
    return orderRejects;
  }

  /** Unparseable and superseded line rows. */
  public TupleTag<Reject> lineRejects() {
    return lineRejects;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    SourceTable o = orders;
    SourceTable l = lines;
    Window w = window;
    PCollectionTuple out = begin
        .apply("Start", Create.of(orders.name()))
        .apply("PlanOrderRanges", ParDo.of(new ReadDeduplicated.PlanRanges("order_groups:" + orders.name(), source,
            orders.spec().formats().timeZone(), tuning, ignored -> SourceQueries.planOrders(o, l, w), ROWS_PER_ORDER)))
        .setCoder(SerializableCoder.of(KeyRange.class))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("ReadAndJoinRange", ParDo.of(new ReadRange(orders, lines, source, window, tuning, groups, orderRejects,
                lineRejects))
            .withOutputTags(groups, TupleTagList.of(orderRejects).and(lineRejects)));
    out.get(groups).setCoder(OrderGroup.Coder.of());
    out.get(orderRejects).setCoder(AvroCoder.specific(Reject.class));
    out.get(lineRejects).setCoder(AvroCoder.specific(Reject.class));
    return out;
  }

  static final class ReadRange extends DoFn<KeyRange, OrderGroup> {
    private final BusyTime busy = new BusyTime("read");
    private final SourceTable orders;
    private final SourceTable lines;
    private final ConnectionSpec source;
    private final Window window;
    private final ReadTuning tuning;
    private final TupleTag<OrderGroup> groups;
    private final TupleTag<Reject> orderRejects;
    private final TupleTag<Reject> lineRejects;
    private final Counter ordersRead;
    private final Counter linesRead;
    private transient AvroRowMapper<Order> orderMapper;
    private transient AvroRowMapper<OrderItem> lineMapper;

    ReadRange(SourceTable orders, SourceTable lines, ConnectionSpec source, Window window, ReadTuning tuning,
        TupleTag<OrderGroup> groups, TupleTag<Reject> orderRejects, TupleTag<Reject> lineRejects) {
      this.orders = orders;
      this.lines = lines;
      this.source = source;
      this.window = window;
      this.tuning = tuning;
      this.groups = groups;
      this.orderRejects = orderRejects;
      this.lineRejects = lineRejects;
      this.ordersRead = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsRead("orders", orders.name()));
      this.linesRead = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsRead("order_items", lines.name()));
    }

    @Setup
    public void setup() {
      orderMapper = new AvroRowMapper<>(Order::new, orders.spec(), orders.columns(), null);
      lineMapper = new AvroRowMapper<>(OrderItem::new, lines.spec(), lines.columns(), null);
    }

    @ProcessElement
    public void process(@Element KeyRange range, MultiOutputReceiver out) throws Exception {
      long busyStarted = BusyTime.now();
      try {
        SourceQueries.Bound orderQuery = SourceQueries.orderGroupRange(orders, orders, lines, range, window);
        SourceQueries.Bound lineQuery = SourceQueries.orderGroupRange(lines, orders, lines, range, window);
        try (Connection c = source.open()) {
          c.setAutoCommit(false); // cursors stream only inside a transaction; two stay open side by side
          c.setReadOnly(true);
          SourceSessions.prepare(c, orders.spec());
          try (PreparedStatement po = orderQuery.prepare(c, tuning.fetchSize());
              PreparedStatement pl = lineQuery.prepare(c, tuning.fetchSize());
              ResultSet ro = po.executeQuery();
              ResultSet rl = pl.executeQuery()) {
            ParsedRows<Order> parsedOrders = new ParsedRows<>(ro, orderMapper, OrderKeys.ORDERS, "orders", orders);
            ParsedRows<OrderItem> parsedLines = new ParsedRows<>(rl, lineMapper, OrderKeys.LINES, "order_items", lines);
            OrderGroupMerger merger = new OrderGroupMerger(orders.sourceSystem(),
                new Deduplicator<>(parsedOrders, OrderKeys.ORDERS, "orders", orders.name()),
                new Deduplicator<>(parsedLines, OrderKeys.LINES, "order_items", lines.name()),
                out.get(orderRejects)::output, out.get(lineRejects)::output);
            while (merger.hasNext()) {
              out.get(groups).output(merger.next());
            }
            ordersRead.inc(parsedOrders.count());
            linesRead.inc(parsedLines.count());
          }
          c.commit();
        }
      } finally {
        busy.add(busyStarted);
        busy.flush();
      }
    }
  }
}
