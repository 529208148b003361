package io.martflow.io;

import io.martflow.control.FaultPoints;
import io.martflow.control.Window;
import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.SourceKind;
import io.martflow.io.sources.SourceSpec;
import io.martflow.model.Reject;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
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
 * Extracts a CSV or HTTP source of one domain: the source is read whole by one DoFn call (these
 * sources have no key order to split on), its new rows sorted by key in memory and de-duplicated
 * as the JDBC ranges are ({@link Deduplicator}); CSV files read are recorded in ctl.source_files.
 */
public final class ReadWhole<T extends SpecificRecordBase> extends PTransform<PBegin, PCollectionTuple> {
  private final String domain;
  private final SourceSpec source;
  private final ConnectionSpec warehouse;
  private final String runId;
  private final Window window;
  private final Class<T> recordClass;
  private final RecordKeys<T> keys;
  private final TupleTag<T> rows = new TupleTag<>() {};
  private final TupleTag<Reject> rejects = new TupleTag<>() {};

  public ReadWhole(String domain, SourceSpec source, ConnectionSpec warehouse, String runId, Window window,
      Class<T> recordClass, RecordKeys<T> keys) {
    if (source.kind() == SourceKind.JDBC) {
      throw new IllegalArgumentException(source.name() + " is a jdbc source: read it with ReadDeduplicated");
    }
    this.domain = domain;
    this.source = source;
    this.warehouse = warehouse;
    this.runId = runId;
    this.window = window;
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
    PCollectionTuple out = begin
        .apply("Start", Create.of(source.name()))
        .apply("ReadWhole", ParDo.of(new ReadFn<>(domain, source, warehouse, runId, window, keys, rows, rejects))
            .withOutputTags(rows, TupleTagList.of(rejects)));
    out.get(rows).setCoder(AvroCoder.specific(recordClass));
    out.get(rejects).setCoder(AvroCoder.specific(Reject.class));
    return out;
  }

  /** Rejects first, then rows by key (null keys first): keys arrive together for the Deduplicator. */
  static <T> List<RangeItem<T>> sortedByKey(List<WholeSource.Entry<T>> entries) {
    return WholeSource.sorted(entries,
        Comparator.comparing(RangeItem.Row::key, Comparator.nullsFirst(Comparator.<String>naturalOrder())));
  }

  /** The ledger of files: which contents this domain already loaded, and what this run read. */
  static Set<String> published(SourceSpec source, ConnectionSpec warehouse, String domain, String runId)
      throws Exception {
    if (source.kind() != SourceKind.CSV) {
      return Set.of();
    }
    try (Connection c = warehouse.open()) {
      return FileLedger.published(c, domain, source.name(), runId);
    }
  }

  static void record(SourceSpec source, ConnectionSpec warehouse, String domain, String runId,
      List<FileLedger.FileRead> files) throws Exception {
    if (source.kind() != SourceKind.CSV || files.isEmpty()) {
      return;
    }
    try (Connection c = warehouse.open()) {
      FileLedger.record(c, runId, domain, source.name(), source.sourceSystem(), files);
    }
  }

  static final class ReadFn<T extends SpecificRecordBase> extends DoFn<String, T> {
    private final BusyTime busy = new BusyTime("read");
    private final String domain;
    private final SourceSpec source;
    private final ConnectionSpec warehouse;
    private final String runId;
    private final Window window;
    private final RecordKeys<T> keys;
    private final TupleTag<T> rows;
    private final TupleTag<Reject> rejects;
    private final Counter rowsRead;

    ReadFn(String domain, SourceSpec source, ConnectionSpec warehouse, String runId, Window window,
        RecordKeys<T> keys, TupleTag<T> rows, TupleTag<Reject> rejects) {
      this.domain = domain;
      this.source = source;
      this.warehouse = warehouse;
      this.runId = runId;
      this.window = window;
      this.keys = keys;
      this.rows = rows;
      this.rejects = rejects;
      this.rowsRead = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsRead(source.domain(), source.name()));
    }

    @ProcessElement
    public void process(MultiOutputReceiver out) throws Exception {
      long busyStarted = BusyTime.now();
      try {
        Set<String> published = published(source, warehouse, domain, runId);
        WholeSource.Read<T> read = WholeSource.read(source, window, keys, published, false, HttpPages.SLEEP, 0);
        List<WholeSource.Entry<T>> fresh = read.fresh();
        RangeItem.drain(new Deduplicator<>(sortedByKey(fresh).iterator(), keys, source.domain(), source.name()),
            out.get(rows)::output, out.get(rejects)::output);
        String faultPoint = "extract-row:" + source.domain();
        for (int i = 0; i < fresh.size(); i++) {
          FaultPoints.hit(faultPoint);
        }
        rowsRead.inc(fresh.size());
        record(source, warehouse, domain, runId, read.filesWithCounts(fresh));
      } finally {
        busy.add(busyStarted);
        busy.flush();
      }
    }
  }
}
