package io.martflow.io.sources;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configured source: the mapping file (or the bundled default, the demo shop). Domain
 * pipelines read {@link #readBy(String)}, the control check counts the same sources.
 */
public record SourceConfig(String file, List<SourceSpec> sources) implements Serializable {
  /** The bundled mapping used when none is given: the demo shop in schema shop. */
  public static final String DEFAULT = "shop";

  public SourceConfig {
    sources = List.copyOf(sources);
  }

  /** Sources whose rows are the domain's rows (what its rows_read counts). */
  public List<SourceSpec> forDomain(String domain) {
    return sources.stream().filter(s -> s.domain().equals(domain)).toList();
  }

  /**
   * Sources a domain's pipeline reads: its own, and for orders and order items both orders and
   * lines sources (an order is priced from its lines; a line's tax needs its order).
   */
  public List<SourceSpec> readBy(String domain) {
    if (domain.equals("orders") || domain.equals("order_items")) {
      return sources.stream().filter(s -> s.domain().equals("orders") || s.domain().equals("order_items")).toList();
    }
    return forDomain(domain);
  }

  /** Key namespaces of the rows a domain loads. */
  public List<String> sourceSystems(String domain) {
    Set<String> out = new LinkedHashSet<>();
    readBy(domain).forEach(s -> out.add(s.sourceSystem()));
    return List.copyOf(out);
  }

  /** An orders source and the order_items source of the same source system (validated to exist). */
  public record OrderPair(SourceSpec orders, SourceSpec lines) implements Serializable {
    public String sourceSystem() {
      return orders.sourceSystem();
    }
  }

  public List<OrderPair> orderPairs() {
    List<OrderPair> out = new ArrayList<>();
    for (SourceSpec o : forDomain("orders")) {
      SourceSpec l = forDomain("order_items").stream().filter(s -> s.sourceSystem().equals(o.sourceSystem()))
          .findFirst().orElseThrow(() -> new IllegalStateException("no order_items source for " + o));
      out.add(new OrderPair(o, l));
    }
    return out;
  }

  public Optional<SourceSpec> find(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** source_system -> source name of a domain (one source per domain and source system). */
  public Map<String, String> sourceNames(String domain) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    forDomain(domain).forEach(s -> out.put(s.sourceSystem(), s.name()));
    return out;
  }
}
