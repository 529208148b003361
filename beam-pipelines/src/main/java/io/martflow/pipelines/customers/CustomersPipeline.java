package io.martflow.pipelines.customers;

import io.martflow.io.ExtractDomain;
import io.martflow.io.RecordKeys;
import io.martflow.model.Customer;
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
 * Customers: extract the window's changed rows, keep each key's latest version, validate and
 * normalize (names, email, phone, country, age band), stage, reject the rest with a reason.
 */
public final class CustomersPipeline {
  public static final String DOMAIN = "customers";

  /** Options of the customers load (all shared; see {@link LoadOptions}). */
  public interface Options extends LoadOptions {}

  static final RecordKeys<Customer> KEYS = new RecordKeys<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String keyOf(Customer c) {
      return c.getCustomerId() == null ? null : c.getCustomerId().toString();
    }

    @Override
    public Instant changedAt(Customer c) {
      return c.getUpdatedAt();
    }
  };

  private CustomersPipeline() {}

  public static LoadDefinition<Options> definition() {
    return new LoadDefinition<>(DOMAIN, Options.class, CustomersPipeline::build);
  }

  public static Pipeline build(Pipeline pipeline, Options options) {
    LoadContext context = LoadContext.from(DOMAIN, options);
    PCollectionView<ReferenceData> reference =
        pipeline.apply("ReadReferenceData", new LoadReferenceData(context.warehouse()));

    ExtractDomain<Customer> extract = new ExtractDomain<>(DOMAIN, context.sources().forDomain(DOMAIN),
        context.extractContext(), Customer.class, KEYS);
    PCollectionTuple read = pipeline.apply("ExtractCustomers", extract);

    CleanRecords<Customer> clean = new CleanRecords<>(DOMAIN, Customer.class, KEYS,
        (ref, run) -> new CustomerCleaner(ref, run)::clean, reference, Staging.runSpec(context),
        context.sources().sourceNames(DOMAIN));
    PCollectionTuple cleaned = read.get(extract.rows()).apply("CleanCustomers", clean);

    cleaned.get(clean.cleaned()).apply("StageCustomers", Staging.toStage(context, Customer.getClassSchema()));
    PCollectionList.of(read.get(extract.rejects())).and(cleaned.get(clean.rejects()))
        .apply("WriteRejects", Staging.rejects(context));
    return pipeline;
  }

  public static void main(String[] args) {
    LoadRunner.main(definition(), args);
  }
}
