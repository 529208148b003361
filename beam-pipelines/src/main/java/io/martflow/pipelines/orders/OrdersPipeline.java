package io.martflow.pipelines.orders;

import io.martflow.io.ExtractOrderGroups;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.pipelines.LoadContext;
import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadOptions;
import io.martflow.pipelines.LoadReferenceData;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Staging;
import io.martflow.pipelines.orderitems.OrderItemsPipeline;
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
    return build(pipeline, options, PriceOrderGroups.Emit.ORDERS);
  }

  public static void main(String[] args) {
    LoadRunner.main(definition(), args);
  }

  /**
   * The graph of every orders load (this pipeline, {@link OrderItemsPipeline}, {@link OrdersAndItemsLoad}):
   * the joined extraction, one pricing, and for each side {@code emit} names its stage table and
   * its rejects (those of the read and of the pricing).
   */
  public static Pipeline build(Pipeline pipeline, LoadOptions options, PriceOrderGroups.Emit emit) {
    LoadContext orders = LoadContext.from(DOMAIN, options);
    LoadContext items = LoadContext.from(OrderItemsPipeline.DOMAIN, options);
    // Only CSV and HTTP reads use the domain (their ledger of files), and those load one domain at a time.
    LoadContext context = emit == PriceOrderGroups.Emit.LINES ? items : orders;
    ExtractOrderGroups extract = new ExtractOrderGroups(context.domain(), context.sources().orderPairs(),
        context.extractContext());
    PCollectionTuple read = pipeline.apply("ExtractOrdersWithLines", extract);
    PriceOrderGroups price = pricing(pipeline, context, emit);
    PCollectionTuple priced = read.get(extract.groups()).apply(switch (emit) {
      case ORDERS -> "CleanAndPriceOrders";
      case LINES -> "CleanAndPriceLines";
      case BOTH -> "CleanAndPriceOrdersAndLines";
    }, price);

    // Step names as before the joint load existed: a single-domain pipeline's rejects step is "WriteRejects".
    boolean both = emit == PriceOrderGroups.Emit.BOTH;
    if (emit.orders()) {
      priced.get(price.orders()).apply("StageOrders", Staging.toStage(orders, Order.getClassSchema()));
      PCollectionList.of(read.get(extract.orderRejects())).and(priced.get(price.orderRejects()))
          .apply(both ? "WriteOrderRejects" : "WriteRejects", Staging.rejects(orders));
    }
    if (emit.lines()) {
      priced.get(price.lines()).apply("StageOrderItems", Staging.toStage(items, OrderItem.getClassSchema()));
      PCollectionList.of(read.get(extract.lineRejects())).and(priced.get(price.lineRejects()))
          .apply(both ? "WriteOrderItemRejects" : "WriteRejects", Staging.rejects(items));
    }
    return pipeline;
  }

  private static PriceOrderGroups pricing(Pipeline pipeline, LoadContext context, PriceOrderGroups.Emit emit) {
    PCollectionView<ReferenceData> reference =
        pipeline.apply("ReadReferenceData", new LoadReferenceData(context.warehouse()));
    PCollectionView<Map<String, String>> categories = pipeline.apply("ReadProductCategories",
        new ProductCategories(context.sources().forDomain("products"), context.extractContext()));
    return new PriceOrderGroups(emit, reference, categories, Staging.runSpec(context),
        context.sources().sourceNames(DOMAIN), context.sources().sourceNames(OrderItemsPipeline.DOMAIN),
        context.pricesIncludeTaxBySystem());
  }
}
