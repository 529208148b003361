package io.martflow.io;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One source table feeding a domain. {@code columns} are read in order and land in the domain
 * record's fields of the same name; {@code keyColumns} identify a row (the first must be numeric:
 * it partitions the extraction); {@code changeColumn} is the change timestamp windows filter on.
 */
public record SourceTable(
    String sourceSystem,
    String schema,
    String table,
    List<String> keyColumns,
    String changeColumn,
    List<String> columns) implements Serializable {

  public SourceTable {
    keyColumns = List.copyOf(keyColumns);
    columns = List.copyOf(columns);
    // Validate every identifier up front: a bad one fails at pipeline construction, not on a worker.
    SqlIdentifiers.qualified(schema, table);
    keyColumns.forEach(SqlIdentifiers::quote);
    columns.forEach(SqlIdentifiers::quote);
    SqlIdentifiers.quote(changeColumn);
  }

  /** schema.table, as rejects and the run log name the source. */
  public String name() {
    return schema + "." + table;
  }

  String qualifiedName() {
    return SqlIdentifiers.qualified(schema, table);
  }

  String partitionColumn() {
    return SqlIdentifiers.quote(keyColumns.get(0));
  }

  String selectList() {
    return columns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
  }

  /** Key order, newest change first: duplicates of a key arrive together, the latest first. */
  String orderBy() {
    return keyColumns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "))
        + ", " + SqlIdentifiers.quote(changeColumn) + " desc nulls last";
  }
}
