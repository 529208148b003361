package io.martflow.pipelines;

import io.martflow.reference.ReferenceData;
import io.martflow.reference.ReferenceDataLoader;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;

/** Reads ref.* once per run into a side input shared by every cleaning and pricing step. */
public final class LoadReferenceData extends PTransform<PBegin, PCollectionView<ReferenceData>> {
  private final ConnectionSpec warehouse;

  public LoadReferenceData(ConnectionSpec warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public PCollectionView<ReferenceData> expand(PBegin begin) {
    return begin
        .apply("Start", Create.of("ref"))
        .apply("ReadRefTables", ParDo.of(new ReadFn(warehouse)))
        .setCoder(SerializableCoder.of(ReferenceData.class))
        .apply("AsSideInput", View.asSingleton());
  }

  static final class ReadFn extends DoFn<String, ReferenceData> {
    private final ConnectionSpec warehouse;

    ReadFn(ConnectionSpec warehouse) {
      this.warehouse = warehouse;
    }

    @ProcessElement
    public void process(OutputReceiver<ReferenceData> out) throws Exception {
      try (Connection c = warehouse.open()) {
        out.output(ReferenceDataLoader.load(c));
      }
    }
  }
}
