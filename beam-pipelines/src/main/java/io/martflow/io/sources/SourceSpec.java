package io.martflow.io.sources;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configured source: where its rows are, which domain they feed, under which key namespace
 * (source_system), and how its columns become the domain's fields. Parsed from a mapping file by
 * {@link MappingParser}; {@code file} and {@code lines} say where each part was written, for
 * messages.
 *
 * @param changeColumn the source column whose value is the row's change timestamp (windows filter
 *     on it), or null: a full snapshot each run (CSV: each new file once)
 * @param columns domain field -> expression, in the order written
 * @param pricesIncludeTax orders and lines: whether this source's prices include tax (null: the
 *     run's --pricesIncludeTax)
 */
public record SourceSpec(
    String name,
    String domain,
    String sourceSystem,
    SourceKind kind,
    String changeColumn,
    ValueFormats formats,
    Map<String, Expr> columns,
    JdbcSpec jdbc,
    CsvSpec csv,
    HttpSpec http,
    Boolean pricesIncludeTax,
    String file,
    Map<String, Integer> lines) implements Serializable {

  public SourceSpec {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
  }

  public SourceDomains.Domain domainContract() {
    return SourceDomains.of(domain);
  }

  /** The key fields of the domain (customer_id; order_id and line_no for lines). */
  public List<String> keyFields() {
    return domainContract().keyFields();
  }

  /** Source columns holding the key fields, in key order (JDBC keys are plain columns). */
  public List<String> keyColumns() {
    List<String> out = new ArrayList<>();
    for (String k : keyFields()) {
      Expr e = columns.get(k);
      out.add(e == null ? null : e.plainColumn());
    }
    return out;
  }

  /** Every source column the mapping and the change column read, in a stable order. */
  public List<String> sourceColumns() {
    Set<String> all = new LinkedHashSet<>();
    columns.values().forEach(e -> all.addAll(e.columns()));
    if (changeColumn != null) {
      all.add(changeColumn);
    }
    return List.copyOf(all);
  }

  public boolean hasChangeColumn() {
    return changeColumn != null;
  }

  /** Where a part of this source was written: "file:line" (key such as "columns.email"). */
  public String where(String key) {
    Integer line = lines.get(key);
    if (line == null) {
      line = lines.get("");
    }
    return file + (line == null ? "" : ":" + line);
  }

  /** What the source reads, for messages: the table, the query, the glob, the URL. */
  public String location() {
    return switch (kind) {
      case JDBC -> jdbc.describe();
      case CSV -> csv.path();
      case HTTP -> http.url();
    };
  }

  @Override
  public String toString() {
    return name + " (" + kind.label() + " " + location() + " -> " + domain + ", source_system " + sourceSystem + ")";
  }
}
