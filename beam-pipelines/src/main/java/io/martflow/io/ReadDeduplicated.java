package io.martflow.io;

import io.martflow.control.Window;
import io.martflow.model.Reject;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Extracts one source table's rows in a window and keeps the latest version of each key.
 *
 * <p>The key space is split into ranges that workers read in parallel, each in key order through a
 * server-side cursor; versions of a key therefore arrive together and are resolved inside the
 * range, without a GroupByKey (which costs ~200 µs per key on the DirectRunner). Outputs: the rows
 * ({@link #rows()}) and the rejects ({@link #rejects()}: unparseable rows and superseded duplicates).
 */
public final class ReadDeduplicated<T extends SpecificRecordBase> extends PTransform<PBegin, PCollectionTuple> {
  private final String domain;
  private final SourceTable table;
  private final ConnectionSpec source;
  private final Window window;
  private final ReadTuning tuning;
  private final Class<T> recordClass;
  private final RecordKeys<T> keys;
  private final TupleTag<T> rows = new TupleTag<>() {};
  private final TupleTag<Reject> rejects = new TupleTag<>() {};

  public ReadDeduplicated(String domain, SourceTable table, ConnectionSpec source, Window window, ReadTuning tuning,
      Class<T> recordClass, RecordKeys<T> keys) {
    this.domain = domain;
    this.table = table;
    this.source = source;
    this.window = window;
    this.tuning = tuning;
    this.recordClass = recordClass;
    this.keys = keys;
  }

  public TupleTag<T> rows() {
    return rows;
  }

  public TupleTag<Reject> rejects() {
    return rejects;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollection<KeyRange> ranges = begin
        .apply("Start", Create.of(table.name()))
        .apply("PlanKeyRanges", ParDo.of(new PlanRanges(domain + ":" + table.name(), source,
            table.spec().formats().timeZone(), tuning, t -> SourceQueries.plan(table, window), 1)))
        .setCoder(SerializableCoder.of(KeyRange.class))
        // A handful of elements: spreads the ranges over workers (and breaks fusion on Dataflow).
        .apply("SpreadRanges", Reshuffle.viaRandomKey());
    PCollectionTuple out = ranges.apply("ReadKeyRange",
        ParDo.of(new ReadRange<>(domain, table, source, window, tuning, recordClass, keys, rows, rejects))
            .withOutputTags(rows, TupleTagList.of(rejects)));
    out.get(rows).setCoder(AvroCoder.specific(recordClass));
    out.get(rejects).setCoder(AvroCoder.specific(Reject.class));
    return out;
  }

  /**
   * Plans key ranges from the source's min, max and count in the window, and emits the ranges of
   * this run's wave (all of them unless the load runs in waves). The first wave counts the plan's
   * ranges ({@link LoadMetrics#keyRangesPlanned}): LoadRunner runs as many waves as that takes.
   */
  static final class PlanRanges extends DoFn<String, KeyRange> {
    private final String name;
    private final ConnectionSpec source;
    private final ReadTuning tuning;
    private final SerializableFunction<Void, SourceQueries.Bound> planQuery;
    private final int rowsPerKey;
    private final String zone;
    private final Counter planned;

    PlanRanges(String name, ConnectionSpec source, String zone, ReadTuning tuning,
        SerializableFunction<Void, SourceQueries.Bound> planQuery, int rowsPerKey) {
      this.name = name;
      this.source = source;
      this.zone = zone;
      this.tuning = tuning;
      this.planQuery = planQuery;
      this.rowsPerKey = rowsPerKey;
      this.planned = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.keyRangesPlanned(name));
    }

    @ProcessElement
    public void process(OutputReceiver<KeyRange> out) throws Exception {
      RangeWave wave = tuning.wave();
      List<KeyRange> plan = wave.all() ? plan() : RangePlans.remember(wave.planId(), name, this::plan);
      if (wave.first()) {
        planned.inc(plan.size());
      }
      wave.select(plan).forEach(out::output);
    }

    private List<KeyRange> plan() throws Exception {
      SourceQueries.Bound q = planQuery.apply(null);
      try (Connection c = source.open()) {
        SourceSessions.prepare(c, zone);
        try (PreparedStatement ps = q.prepare(c, 0); ResultSet rs = ps.executeQuery()) {
          rs.next();
          Long min = (Long) rs.getObject(1, Long.class);
          Long max = (Long) rs.getObject(2, Long.class);
          long count = rs.getLong(3);
          return KeyRangePlanner.plan(min, max, count, Math.max(1, tuning.rowsPerRange() / rowsPerKey),
              tuning.minRanges());
        }
      }
    }
  }

  /** Reads one range through a cursor and resolves versions of each key. */
  static final class ReadRange<T extends SpecificRecordBase> extends DoFn<KeyRange, T> {
    private final BusyTime busy = new BusyTime("read");
    private final String domain;
    private final SourceTable table;
    private final ConnectionSpec source;
    private final Window window;
    private final ReadTuning tuning;
    private final Class<T> recordClass;
    private final RecordKeys<T> keys;
    private final TupleTag<T> rows;
    private final TupleTag<Reject> rejects;
    private final Counter rowsRead;
    private transient AvroRowMapper<T> mapper;

    ReadRange(String domain, SourceTable table, ConnectionSpec source, Window window, ReadTuning tuning,
        Class<T> recordClass, RecordKeys<T> keys, TupleTag<T> rows, TupleTag<Reject> rejects) {
      this.domain = domain;
      this.table = table;
      this.source = source;
      this.window = window;
      this.tuning = tuning;
      this.recordClass = recordClass;
      this.keys = keys;
      this.rows = rows;
      this.rejects = rejects;
      this.rowsRead = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsRead(domain, table.name()));
    }

    @Setup
    public void setup() {
      mapper = new AvroRowMapper<>(Records.factory(recordClass), table.spec(), table.columns(), null);
    }

    @ProcessElement
    public void process(@Element KeyRange range, MultiOutputReceiver out) throws Exception {
      long busyStarted = BusyTime.now();
      try {
        SourceQueries.Bound q = SourceQueries.range(table, range, window);
        try (Connection c = source.open()) {
          c.setAutoCommit(false); // PostgreSQL streams through a cursor only inside a transaction
          c.setReadOnly(true);
          SourceSessions.prepare(c, table.spec());
          try (PreparedStatement ps = q.prepare(c, tuning.fetchSize()); ResultSet rs = ps.executeQuery()) {
            ParsedRows<T> parsed = new ParsedRows<>(rs, mapper, keys, domain, table);
            RangeItem.drain(new Deduplicator<>(parsed, keys, domain, table.name()), out.get(rows)::output,
                out.get(rejects)::output);
            rowsRead.inc(parsed.count());
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
