package io.martflow.pipelines.orderitems;

import io.martflow.model.OrderItem;
import io.martflow.pipelines.LoadContext;
import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadOptions;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Staging;
import io.martflow.pipelines.orders.OrdersPipeline.OrderGroupsSource;
import io.martflow.pipelines.orders.PriceOrderGroups;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Order items: the same joined extraction as the orders pipeline (a line's tax needs its order's
 * ship country and its product's category), the same pricing; stages the priced lines.
 */
public final class OrderItemsPipeline {
  public static final String DOMAIN = "order_items";

  /** Options of the order items load (all shared; see {@link LoadOptions}). */
  public interface Options extends LoadOptions {}

  private OrderItemsPipeline() {}

  public static LoadDefinition<Options> definition() {
    return new LoadDefinition<>(DOMAIN, Options.class, OrderItemsPipeline::build);
  }

  public static Pipeline build(Pipeline pipeline, Options options) {
    LoadContext context = LoadContext.from(DOMAIN, options);
    OrderGroupsSource source = OrderGroupsSource.of(context);
    PCollectionTuple read = pipeline.apply("ExtractOrdersWithLines", source.read());
    PriceOrderGroups price = source.pricing(pipeline, PriceOrderGroups.Emit.LINES);
    PCollectionTuple priced = read.get(source.read().groups()).apply("CleanAndPriceLines", price);

    priced.get(price.lines()).apply("StageOrderItems", Staging.toStage(context, OrderItem.getClassSchema()));
    PCollectionList.of(read.get(source.read().lineRejects())).and(priced.get(price.rejects()))
        .apply("WriteRejects", Staging.rejects(context));
    return pipeline;
  }

  public static void main(String[] args) {
    LoadRunner.main(definition(), args);
  }
}
