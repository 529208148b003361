package io.martflow.pipelines;

import io.martflow.io.AvroCopyFormat;
import io.martflow.io.WriteByCopy;
import io.martflow.model.Reject;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PDone;

/** The two sinks of every load: cleaned rows to stage.tmp_<domain>, rejects to ctl.rejects. */
public final class Staging {
  private Staging() {}

  /** COPY into stage.tmp_<domain>, every row tagged with the run id. */
  public static <T extends SpecificRecordBase> PTransform<PCollection<T>, PDone> toStage(LoadContext context,
      org.apache.avro.Schema schema) {
    return WriteByCopy.to(context.warehouse(), "stage", "tmp_" + context.domain(),
        new AvroCopyFormat<T>(schema, Map.of("run_id", context.runId()))).withMaxWriters(context.maxWriters());
  }

  /** Every reject of the load, from every step, into ctl.rejects. */
  public static PTransform<PCollectionList<Reject>, PDone> rejects(LoadContext context) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollectionList<Reject> all) {
        return all.apply("AllRejects", Flatten.pCollections())
            .apply("CopyRejects", WriteByCopy.to(context.warehouse(), "ctl", "rejects",
                new AvroCopyFormat<Reject>(Reject.getClassSchema(), Map.of("run_id", context.runId())))
                .withMaxWriters(context.maxWriters()));
      }
    };
  }

  /** The run as the cleaning rules see it. */
  public static io.martflow.transforms.cleaning.CleanRecords.RunSpec runSpec(LoadContext context) {
    var w = context.window();
    return new io.martflow.transforms.cleaning.CleanRecords.RunSpec(context.runId(),
        w.fullRefresh() ? null : w.start(), w.fullRefresh() ? null : w.end(), context.runTime());
  }
}
