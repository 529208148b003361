package io.martflow.warehouse.models;

import io.martflow.testing.Sql;
import io.martflow.warehouse.ConnectionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Query results as "a|b|c" lines (null as "null"), so expected rows read like a table in a test. */
final class Rows {
  private Rows() {}

  static List<String> lines(ConnectionSpec db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : Sql.rows(db, sql)) {
      out.add(row.values().stream().map(String::valueOf).collect(Collectors.joining("|")));
    }
    return out;
  }

  static String one(ConnectionSpec db, String sql) throws Exception {
    List<String> lines = lines(db, sql);
    if (lines.size() != 1) {
      throw new AssertionError("expected one row from " + sql + " but got " + lines);
    }
    return lines.get(0);
  }
}
