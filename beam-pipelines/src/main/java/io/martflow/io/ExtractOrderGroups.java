package io.martflow.io;

import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.SourceKind;
import io.martflow.model.Reject;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Orders joined with their lines from every configured pair (an orders source and the order_items
 * source of the same source_system), each pair read where it lives: JDBC pairs merge-joined per
 * key range ({@link ReadOrderGroups}), CSV/HTTP pairs read whole and joined in memory
 * ({@link ReadWholeOrderGroups}); then united. Named after the pair's source_system.
 */
public final class ExtractOrderGroups extends PTransform<PBegin, PCollectionTuple> {
  private final String domain;
  private final List<SourceConfig.OrderPair> pairs;
  private final ExtractDomain.Context context;
  private final TupleTag<OrderGroup> groups = new TupleTag<>() {};
  private final TupleTag<Reject> orderRejects = new TupleTag<>() {};
  private final TupleTag<Reject> lineRejects = new TupleTag<>() {};

  public ExtractOrderGroups(String domain, List<SourceConfig.OrderPair> pairs, ExtractDomain.Context context) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no orders and order_items sources in the source mapping");
    }
    this.domain = domain;
    this.pairs = List.copyOf(pairs);
    this.context = context;
  }

  public TupleTag<OrderGroup> groups() {
    return groups;
  }

  public TupleTag<Reject> orderRejects() {
    return orderRejects;
  }

  public TupleTag<Reject> lineRejects() {
    return lineRejects;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    List<PCollection<OrderGroup>> allGroups = new ArrayList<>();
    List<PCollection<Reject>> allOrderRejects = new ArrayList<>();
    List<PCollection<Reject>> allLineRejects = new ArrayList<>();
    for (SourceConfig.OrderPair pair : pairs) {
      if (pair.orders().kind() == SourceKind.JDBC) {
        ReadOrderGroups read = new ReadOrderGroups(new SourceTable(pair.orders()), new SourceTable(pair.lines()),
            context.connections().get(pair.orders().name()), context.window(), context.tuning());
        PCollectionTuple out = begin.apply(pair.sourceSystem(), read);
        allGroups.add(out.get(read.groups()));
        allOrderRejects.add(out.get(read.orderRejects()));
        allLineRejects.add(out.get(read.lineRejects()));
      } else if (context.tuning().wave().first()) { // read whole: once, not again by each wave of key ranges
        ReadWholeOrderGroups read = new ReadWholeOrderGroups(domain, pair, context.warehouse(), context.runId(),
            context.window());
        PCollectionTuple out = begin.apply(pair.sourceSystem(), read);
        allGroups.add(out.get(read.groups()));
        allOrderRejects.add(out.get(read.orderRejects()));
        allLineRejects.add(out.get(read.lineRejects()));
      }
    }
    if (allGroups.size() == 1) {
      return PCollectionTuple.of(groups, allGroups.get(0)).and(orderRejects, allOrderRejects.get(0))
          .and(lineRejects, allLineRejects.get(0));
    }
    return PCollectionTuple.of(groups, PCollectionList.of(allGroups).apply("UniteGroups", Flatten.pCollections()))
        .and(orderRejects, PCollectionList.of(allOrderRejects).apply("UniteOrderRejects", Flatten.pCollections()))
        .and(lineRejects, PCollectionList.of(allLineRejects).apply("UniteLineRejects", Flatten.pCollections()));
  }
}
