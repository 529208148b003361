package io.martflow.pipelines.orders;

import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.SourceKind;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.pipelines.LoadContext;
import io.martflow.pipelines.Staging;
import io.martflow.pipelines.orders.OrdersPipeline.OrderGroupsSource;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The orders and order_items loads as one pipeline, for a process that loads both (`martflow run`,
 * backfill, demo, bench): the two domain pipelines read, join, clean and price the very same
 * orders and lines, so one read and one pricing feed both stage tables. Each domain keeps its
 * own rejects, counts, lock and run log (LoadRunner.runTogether). The separate pipelines stay
 * what Airflow and Dataflow run, one task per domain.
 */
public final class OrdersAndItemsLoad {
  public static final List<String> DOMAINS = List.of(OrdersPipeline.DOMAIN, "order_items");

  private OrdersAndItemsLoad() {}

  /**
   * Whether the sources allow it: JDBC pairs only, because file and API sources keep a ledger of
   * what each domain read.
   */
  public static boolean applies(List<SourceConfig.OrderPair> pairs) {
    return pairs.stream().allMatch(p -> p.orders().kind() == SourceKind.JDBC && p.lines().kind() == SourceKind.JDBC);
  }

  public static Pipeline build(Pipeline pipeline, OrdersPipeline.Options options) {
    LoadContext orders = LoadContext.from(OrdersPipeline.DOMAIN, options);
    LoadContext items = LoadContext.from("order_items", options);
    OrderGroupsSource source = OrderGroupsSource.of(orders);
    PCollectionTuple read = pipeline.apply("ExtractOrdersWithLines", source.read());
    PriceOrderGroups price = source.pricing(pipeline, PriceOrderGroups.Emit.BOTH);
    PCollectionTuple priced = read.get(source.read().groups()).apply("CleanAndPriceOrdersAndLines", price);

    priced.get(price.orders()).apply("StageOrders", Staging.toStage(orders, Order.getClassSchema()));
    priced.get(price.lines()).apply("StageOrderItems", Staging.toStage(items, OrderItem.getClassSchema()));
    PCollectionList.of(read.get(source.read().orderRejects())).and(priced.get(price.orderRejects()))
        .apply("WriteOrderRejects", Staging.rejects(orders));
    PCollectionList.of(read.get(source.read().lineRejects())).and(priced.get(price.lineRejects()))
        .apply("WriteOrderItemRejects", Staging.rejects(items));
    return pipeline;
  }
}
