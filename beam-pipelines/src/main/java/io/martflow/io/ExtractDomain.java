package io.martflow.io;

import io.martflow.control.Window;
import io.martflow.io.sources.SourceKind;
import io.martflow.io.sources.SourceSpec;
import io.martflow.model.Reject;
import io.martflow.warehouse.ConnectionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Every configured source of one domain (customers, products), each read its own way and named
 * after itself (JDBC: key ranges in key order, {@link ReadDeduplicated}; CSV and HTTP: whole,
 * {@link ReadWhole}), then united before cleaning. Keys cannot collide across sources: every row
 * carries its source's source_system, part of every natural key. With a single source nothing is
 * added to the graph (no Flatten).
 */
public final class ExtractDomain<T extends SpecificRecordBase> extends PTransform<PBegin, PCollectionTuple> {
  /** Where and how the sources are read. */
  public record Context(String runId, Window window, ReadTuning tuning, ConnectionSpec warehouse,
      Map<String, ConnectionSpec> connections) implements java.io.Serializable {}

  private final String domain;
  private final List<SourceSpec> sources;
  private final Context context;
  private final Class<T> recordClass;
  private final RecordKeys<T> keys;
  private final TupleTag<T> rows = new TupleTag<>() {};
  private final TupleTag<Reject> rejects = new TupleTag<>() {};

  public ExtractDomain(String domain, List<SourceSpec> sources, Context context, Class<T> recordClass,
      RecordKeys<T> keys) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source feeds " + domain + " in the source mapping");
    }
    this.domain = domain;
    this.sources = List.copyOf(sources);
    this.context = context;
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
    List<PCollection<T>> allRows = new ArrayList<>();
    List<PCollection<Reject>> allRejects = new ArrayList<>();
    for (SourceSpec s : sources) {
      if (s.kind() == SourceKind.JDBC) {
        ReadDeduplicated<T> read = new ReadDeduplicated<>(domain, new SourceTable(s), context.connections().get(s.name()),
            context.window(), context.tuning(), recordClass, keys);
        PCollectionTuple out = begin.apply(s.name(), read);
        allRows.add(out.get(read.rows()));
        allRejects.add(out.get(read.rejects()));
      } else if (context.tuning().wave().first()) { // read whole: once, not again by each wave of key ranges
        ReadWhole<T> read = new ReadWhole<>(domain, s, context.warehouse(), context.runId(), context.window(),
            recordClass, keys);
        PCollectionTuple out = begin.apply(s.name(), read);
        allRows.add(out.get(read.rows()));
        allRejects.add(out.get(read.rejects()));
      }
    }
    if (allRows.size() == 1) {
      return PCollectionTuple.of(rows, allRows.get(0)).and(rejects, allRejects.get(0));
    }
    PCollection<T> unitedRows = PCollectionList.of(allRows).apply("UniteRows", Flatten.pCollections());
    PCollection<Reject> unitedRejects = PCollectionList.of(allRejects).apply("UniteRejects", Flatten.pCollections());
    return PCollectionTuple.of(rows, unitedRows).and(rejects, unitedRejects);
  }
}
