package io.martflow.pipelines.products;

import io.martflow.io.ExtractDomain;
import io.martflow.io.RecordKeys;
import io.martflow.model.Product;
import io.martflow.pipelines.LoadContext;
import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadOptions;
import io.martflow.pipelines.LoadReferenceData;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Staging;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.CleanRecords;
import java.time.Instant;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Products: extract the window's changed rows, keep each key's latest version, validate prices,
 * match categories, derive availability, discontinuation and margin, stage, reject the rest.
 */
public final class ProductsPipeline {
  public static final String DOMAIN = "products";

  /** Options of the products load (all shared; see {@link LoadOptions}). */
  public interface Options extends LoadOptions {}

  static final RecordKeys<Product> KEYS = new RecordKeys<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String keyOf(Product c) {
      return c.getProductId() == null ? null : c.getProductId().toString();
    }

    @Override
    public Instant changedAt(Product c) {
      return c.getUpdatedAt();
    }
  };

  private ProductsPipeline() {}

  public static LoadDefinition<Options> definition() {
    return new LoadDefinition<>(DOMAIN, Options.class, ProductsPipeline::build);
  }

  public static Pipeline build(Pipeline pipeline, Options options) {
    LoadContext context = LoadContext.from(DOMAIN, options);
    PCollectionView<ReferenceData> reference =
        pipeline.apply("ReadReferenceData", new LoadReferenceData(context.warehouse()));

    ExtractDomain<Product> extract = new ExtractDomain<>(DOMAIN, context.sources().forDomain(DOMAIN),
        context.extractContext(), Product.class, KEYS);
    PCollectionTuple read = pipeline.apply("ExtractProducts", extract);

    CleanRecords<Product> clean = new CleanRecords<>(DOMAIN, Product.class, KEYS,
        (ref, run) -> new ProductCleaner(ref, run)::clean, reference, Staging.runSpec(context),
        context.sources().sourceNames(DOMAIN));
    PCollectionTuple cleaned = read.get(extract.rows()).apply("CleanProducts", clean);

    cleaned.get(clean.cleaned()).apply("StageProducts", Staging.toStage(context, Product.getClassSchema()));
    PCollectionList.of(read.get(extract.rejects())).and(cleaned.get(clean.rejects()))
        .apply("WriteRejects", Staging.rejects(context));
    return pipeline;
  }

  public static void main(String[] args) {
    LoadRunner.main(definition(), args);
  }
}
