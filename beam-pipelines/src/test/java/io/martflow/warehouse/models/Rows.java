package io.martflow.warehouse.models;

import io.martflow.testing.Sql;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  /**
   * Sql.checksum for tables; the same content checksum for materialized views, which
   * information_schema (and so Sql.checksum) does not list. Audit columns are left out.
   */
  static String checksum(ConnectionSpec db, String relation) throws Exception {
    boolean materializedView = Sql.count(db, "select count(*) from pg_matviews where schemaname || '.' || matviewname = '"
        + relation + "'") == 1;
    if (!materializedView) {
      return Sql.checksum(db, relation);
    }
    List<String> columns = new ArrayList<>();
    for (Map<String, Object> row : Sql.rows(db, "select attname from pg_attribute where attrelid = '" + relation
        + "'::regclass and attnum > 0 and not attisdropped and attname not in ('run_id', 'loaded_at')"
        + " order by attnum")) {
      columns.add('"' + row.get("attname").toString() + '"');
    }
    String rowText = "row(" + String.join(", ", columns) + ")::text";
    return Sql.rows(db, "select count(*) || ':' || coalesce(md5(string_agg(" + rowText + ", '|' order by " + rowText
        + ")), '') as checksum from " + relation).get(0).get("checksum").toString();
  }

  static String one(ConnectionSpec db, String sql) throws Exception {
    List<String> lines = lines(db, sql);
    if (lines.size() != 1) {
      throw new AssertionError("expected one row from " + sql + " but got " + lines);
    }
    return lines.get(0);
  }
}
