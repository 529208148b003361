package io.martflow.pipelines.orderitems;

import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadOptions;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.orders.OrdersPipeline;
import io.martflow.pipelines.orders.PriceOrderGroups;
import org.apache.beam.sdk.Pipeline;

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
    return OrdersPipeline.build(pipeline, options, PriceOrderGroups.Emit.LINES);
  }

  public static void main(String[] args) {
    LoadRunner.main(definition(), args);
  }
}
