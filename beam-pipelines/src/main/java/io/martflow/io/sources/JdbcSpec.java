package io.martflow.io.sources;

import java.io.Serializable;

/**
 * A JDBC source: a table ({@code schema.table}) or a query (wrapped as a subquery, so key-range and
 * window predicates apply to its output columns). {@code connection} null: the default source
 * connection (MARTFLOW_SOURCE_DB_*, --sourceDbUrl, else the warehouse).
 */
public record JdbcSpec(String schema, String table, String query, ConnectionRef connection) implements Serializable {
  public boolean isQuery() {
    return query != null;
  }

  /** How rejects, counters and messages refer to the relation read. */
  public String describe() {
    return isQuery() ? "query" : schema + "." + table;
  }
}
