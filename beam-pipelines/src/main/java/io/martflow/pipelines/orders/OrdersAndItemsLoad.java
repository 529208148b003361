package io.martflow.pipelines.orders;

import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.SourceKind;
import io.martflow.pipelines.orderitems.OrderItemsPipeline;
import java.util.List;
import org.apache.beam.sdk.Pipeline;

/**
 * The orders and order_items loads as one pipeline, for a process that loads both (`martflow run`,
 * backfill, demo, bench): the two domain pipelines read, join, clean and price the very same
 * orders and lines, so one read and one pricing feed both stage tables. Each domain keeps its
 * own rejects, counts, lock and run log (LoadRunner.runTogether). The separate pipelines stay
 * what Airflow and Dataflow run, one task per domain.
 */
public final class OrdersAndItemsLoad {
  public static final List<String> DOMAINS = List.of(OrdersPipeline.DOMAIN, OrderItemsPipeline.DOMAIN);

  private OrdersAndItemsLoad() {}

  /**
   * Whether the sources allow it: JDBC pairs only, because file and API sources keep a ledger of
   * what each domain read.
   */
  public static boolean applies(List<SourceConfig.OrderPair> pairs) {
    return pairs.stream().allMatch(p -> p.orders().kind() == SourceKind.JDBC && p.lines().kind() == SourceKind.JDBC);
  }

  public static Pipeline build(Pipeline pipeline, OrdersPipeline.Options options) {
    return OrdersPipeline.build(pipeline, options, PriceOrderGroups.Emit.BOTH);
  }
}
