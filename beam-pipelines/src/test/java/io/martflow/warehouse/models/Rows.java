package io.martflow.warehouse.models;

import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Query results as "a|b|c" lines (null as "null"), so expected rows read like a table in a test. */
final class Rows {
  private Rows() {}

  static List<String> lines(ConnectionSpec db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join("|", values));
      }
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
