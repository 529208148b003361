package io.martflow.transforms.cleaning;

import io.martflow.io.BusyTime;
import io.martflow.io.RecordKeys;
import io.martflow.model.Reject;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.Rejects;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
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
 * Validates, normalizes and enriches a domain's rows with its cleaner (a pure rule class) in one
 * step; rows it rejects go to the dead-letter output with the reason, a message and the row.
 */
public final class CleanRecords<T extends SpecificRecordBase> extends PTransform<PCollection<T>, PCollectionTuple> {
  /** A domain's cleaner, built once per worker from the run's reference data. */
  public interface Cleaner<T> extends Serializable {
    CleanResult<T> clean(T row);
  }

  /** Builds the cleaner for the run. */
  public interface CleanerFactory<T> extends Serializable {
    Cleaner<T> create(ReferenceData ref, RunContext context);
  }

  private final String domain;
  private final Class<T> recordClass;
  private final RecordKeys<T> keys;
  private final CleanerFactory<T> factory;
  private final PCollectionView<ReferenceData> reference;
  private final RunSpec run;
  private final Map<String, String> sourceNames;
  private final TupleTag<T> cleaned = new TupleTag<>() {};
  private final TupleTag<Reject> rejects = new TupleTag<>() {};

  /** The run as the rules see it; the business zone comes from the reference data. */
  public record RunSpec(String runId, Instant windowStart, Instant windowEnd, Instant runTime) implements Serializable {
    public RunContext context(ReferenceData ref) {
      return new RunContext(runId, windowStart, windowEnd, runTime, ref.businessTimeZone());
    }
  }

  /**
   * @param sourceNames source_system -> source name, to say in each reject where its row came from
   */
  public CleanRecords(String domain, Class<T> recordClass, RecordKeys<T> keys, CleanerFactory<T> factory,
      PCollectionView<ReferenceData> reference, RunSpec run, Map<String, String> sourceNames) {
    this.domain = domain;
    this.recordClass = recordClass;
    this.keys = keys;
    this.factory = factory;
    this.reference = reference;
    this.run = run;
    this.sourceNames = Map.copyOf(sourceNames);
  }

  public TupleTag<T> cleaned() {
    return cleaned;
  }

  public TupleTag<Reject> rejects() {
    return rejects;
  }

  @Override
  public PCollectionTuple expand(PCollection<T> rows) {
    PCollectionTuple out = rows.apply("ValidateNormalizeEnrich",
        ParDo.of(new CleanFn<>(domain, keys, factory, reference, run, sourceNames, cleaned, rejects))
            .withSideInputs(reference)
            .withOutputTags(cleaned, TupleTagList.of(rejects)));
    out.get(cleaned).setCoder(AvroCoder.specific(recordClass));
    out.get(rejects).setCoder(AvroCoder.specific(Reject.class));
    return out;
  }

  static final class CleanFn<T extends SpecificRecordBase> extends DoFn<T, T> {
    private final BusyTime busy = new BusyTime("transform");
    private final String domain;
    private final RecordKeys<T> keys;
    private final CleanerFactory<T> factory;
    private final PCollectionView<ReferenceData> reference;
    private final RunSpec run;
    private final Map<String, String> sourceNames;
    private final TupleTag<T> cleaned;
    private final TupleTag<Reject> rejects;
    private transient Cleaner<T> cleaner;

    CleanFn(String domain, RecordKeys<T> keys, CleanerFactory<T> factory, PCollectionView<ReferenceData> reference,
        RunSpec run, Map<String, String> sourceNames, TupleTag<T> cleaned, TupleTag<Reject> rejects) {
      this.domain = domain;
      this.keys = keys;
      this.factory = factory;
      this.reference = reference;
      this.run = run;
      this.sourceNames = sourceNames;
      this.cleaned = cleaned;
      this.rejects = rejects;
    }

    @FinishBundle
    public void reportBusyTime() {
      busy.flush();
    }

    @ProcessElement
    public void process(@Element T row, ProcessContext c) {
      long busyStarted = BusyTime.now();
      try {
        if (cleaner == null) {
          ReferenceData ref = c.sideInput(reference);
          cleaner = factory.create(ref, run.context(ref));
        }
        CleanResult<T> result = cleaner.clean(row);
        if (result.isOk()) {
          c.output(result.value());
        } else {
          String sourceSystem = String.valueOf(row.get(row.getSchema().getField("source_system").pos()));
          c.output(rejects, Rejects.of(domain, sourceNames.getOrDefault(sourceSystem, sourceSystem), row,
              keys.keyOf(row), result.rejection().reason().name(), result.rejection().message()));
        }
      } finally {
        busy.add(busyStarted);
      }
    }
  }
}
