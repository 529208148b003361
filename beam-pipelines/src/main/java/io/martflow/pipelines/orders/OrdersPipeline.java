package io.martflow.pipelines.orders;

import io.martflow.io.ExtractOrderGroups;
import io.martflow.model.Order;
import io.martflow.pipelines.LoadContext;
import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadOptions;
import io.martflow.pipelines.LoadReferenceData;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Staging;
import io.martflow.reference.ReferenceData;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Orders: extract the orders the window affects (changed, or with a changed line) joined with all
 * their lines, clean them, price every order from its lines, stage the orders with their totals.
 * An order whose lines changed is recomputed even when its own row did not change.
 */
public final class OrdersPipeline {
  public static final String DOMAIN = "orders";

  /** Options of the orders load (all shared; see {@link LoadOptions}). */
  public interface Options extends LoadOptions {}

  private OrdersPipeline() {}

  public static LoadDefinition<Options> definition() {
    return new LoadDefinition<>(DOMAIN, Options.class, OrdersPipeline::build);
  }

  public static Pipeline build(Pipeline pipeline, Options options) {
    LoadContext context = LoadContext.from(DOMAIN, options);
    OrderGroupsSource source = OrderGroupsSource.of(context);
    PCollectionTuple read = pipeline.apply("ExtractOrdersWithLines", source.read());
    PriceOrderGroups price = source.pricing(pipeline, PriceOrderGroups.Emit.ORDERS);
    PCollectionTuple priced = read.get(source.read().groups()).apply("CleanAndPriceOrders", price);

    priced.get(price.orders()).apply("StageOrders", Staging.toStage(context, Order.getClassSchema()));
    PCollectionList.of(read.get(source.read().orderRejects())).and(priced.get(price.rejects()))
        .apply("WriteRejects", Staging.rejects(context));
    return pipeline;
  }

  public static void main(String[] args) {
    LoadRunner.main(definition(), args);
  }

  /** The joined extraction and pricing both order pipelines share. */
  public record OrderGroupsSource(LoadContext context, ExtractOrderGroups read) {

    public static OrderGroupsSource of(LoadContext context) {
      return new OrderGroupsSource(context, new ExtractOrderGroups(context.domain(), context.sources().orderPairs(),
          context.extractContext()));
    }

    public PriceOrderGroups pricing(Pipeline pipeline, PriceOrderGroups.Emit emit) {
      PCollectionView<ReferenceData> reference =
          pipeline.apply("ReadReferenceData", new LoadReferenceData(context.warehouse()));
      PCollectionView<Map<String, String>> categories = pipeline.apply("ReadProductCategories",
          new ProductCategories(context.sources().forDomain("products"), context.extractContext()));
      return new PriceOrderGroups(emit, reference, categories, Staging.runSpec(context),
          context.sources().sourceNames("orders"), context.sources().sourceNames("order_items"),
          context.pricesIncludeTaxBySystem());
    }
  }
}
