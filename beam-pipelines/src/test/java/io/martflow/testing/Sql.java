package io.martflow.testing;

import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small SQL helpers for tests: run scripts, read rows, checksum tables. */
public final class Sql {
  private Sql() {}

  /** Runs a script from the test classpath (e.g. "fixtures/shop_malformed.sql"). */
  public static void runResource(ConnectionSpec spec, String resource) throws Exception {
    try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no test resource " + resource);
      }
      runText(spec, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Runs a file of the project's sql/ folder. */
  public static void runSqlFile(ConnectionSpec spec, String path) throws Exception {
    runText(spec, io.martflow.warehouse.SqlFiles.read(path));
  }

  public static void runText(ConnectionSpec spec, String sql) throws Exception {
    try (Connection c = spec.open(); Statement s = c.createStatement()) {
      for (String statement : SqlScript.statements(sql)) {
        s.execute(statement);
      }
    }
  }

  public static void exec(ConnectionSpec spec, String sql) throws Exception {
    try (Connection c = spec.open(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  public static long count(ConnectionSpec spec, String sql) throws Exception {
    try (Connection c = spec.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static List<Map<String, Object>> rows(ConnectionSpec spec, String sql) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = spec.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Two-column query as a map (first column -> second). */
  public static Map<String, String> map(ConnectionSpec spec, String sql) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, Object> row : rows(spec, sql)) {
      var values = new ArrayList<>(row.values());
      out.put(String.valueOf(values.get(0)), String.valueOf(values.get(1)));
    }
    return out;
  }

  /**
   * A checksum of a table's content that ignores which run wrote it: audit columns (run_id,
   * loaded_at, staged_at) are left out and rows are taken in a total order.
   */
  public static String checksum(ConnectionSpec spec, String table) throws Exception {
    String[] parts = table.split("\\.");
    List<String> columns = new ArrayList<>();
    try (Connection c = spec.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select column_name from information_schema.columns where table_schema = '"
            + parts[0] + "' and table_name = '" + parts[1] + "' and column_name not in"
            + " ('run_id', 'loaded_at', 'staged_at', 'checked_at') order by ordinal_position")) {
      while (rs.next()) {
        columns.add('"' + rs.getString(1) + '"');
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no table " + table);
    }
    String row = "row(" + String.join(", ", columns) + ")::text";
    try (Connection c = spec.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(" + row + ", '|' order by "
            + row + ")), '') from " + table)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
