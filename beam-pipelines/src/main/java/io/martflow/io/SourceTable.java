package io.martflow.io;

import io.martflow.io.sources.SourceKind;
import io.martflow.io.sources.SourceSpec;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JDBC source as the extraction queries see it: its relation (a table, or a query wrapped as a
 * subquery), the source columns holding its key fields (the first must be numeric: it partitions
 * the extraction), its change column (null: a full snapshot every run) and the columns to select.
 * Every identifier was validated when the mapping was read and is quoted here.
 */
public record SourceTable(SourceSpec spec) implements Serializable {

  public SourceTable {
    if (spec.kind() != SourceKind.JDBC) {
      throw new IllegalArgumentException(spec.name() + " is not a jdbc source");
    }
    // Validate every identifier up front: a bad one fails at pipeline construction, not on a worker.
    if (!spec.jdbc().isQuery()) {
      SqlIdentifiers.qualified(spec.jdbc().schema(), spec.jdbc().table());
    }
    spec.keyColumns().forEach(SqlIdentifiers::quote);
    spec.sourceColumns().forEach(SqlIdentifiers::quote);
    if (spec.changeColumn() != null) {
      SqlIdentifiers.quote(spec.changeColumn());
    }
  }

  /** The source's name, as rejects, counters and the run log name it. */
  public String name() {
    return spec.name();
  }

  public String sourceSystem() {
    return spec.sourceSystem();
  }

  public List<String> keyColumns() {
    return spec.keyColumns();
  }

  /** The change timestamp column, or null (full snapshot). */
  public String changeColumn() {
    return spec.changeColumn();
  }

  /** The source columns selected, in order. */
  public List<String> columns() {
    return spec.sourceColumns();
  }

  /** The relation in a FROM clause. */
  String from() {
    return spec.jdbc().isQuery() ? "(" + spec.jdbc().query() + ") as src"
        : SqlIdentifiers.qualified(spec.jdbc().schema(), spec.jdbc().table());
  }

  String partitionColumn() {
    return SqlIdentifiers.quote(keyColumns().get(0));
  }

  String selectList() {
    return columns().stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
  }

  /** Key order, newest change first: duplicates of a key arrive together, the latest first. */
  String orderBy() {
    String keys = keyColumns().stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
    return changeColumn() == null ? keys : keys + ", " + SqlIdentifiers.quote(changeColumn()) + " desc nulls last";
  }
}
