package io.martflow.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.martflow.io.SqlIdentifiers;
import io.martflow.warehouse.ConnectionSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Exports one table or view of schema core or mart to a file: CSV (RFC 4180, with a header),
 * JSON Lines or Parquet with typed columns (numeric as DECIMAL, dates, timestamps). Rows are read
 * through a server-side cursor ({@link #FETCH_SIZE} rows at a time) and written as they come, so a
 * large mart never sits in memory; Parquet rows go through a DuckDB database file on disk, then
 * DuckDB's Parquet writer (docs/report.md explains the choice).
 *
 * <p>The file is {@code <dir>/<schema>.<table>.<csv|jsonl|parquet>}, written under a temporary name
 * and moved into place when complete.
 */
public final class TableExporter {
  private TableExporter() {}

  /** Rows fetched from PostgreSQL per round trip. */
  public static final int FETCH_SIZE = 10_000;

  private static final Pattern TABLE = Pattern.compile("(core|mart)\\.([a-z_][a-z0-9_]{0,62})");

  /** The export formats. */
  public enum Format {
    CSV("csv"), JSON("jsonl"), PARQUET("parquet");

    private final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    public String extension() {
      return extension;
    }

    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown format '" + s + "'; formats are csv, json, parquet");
    }
  }

  public record Result(String table, Format format, Path file, long rows, double seconds) {}

  /** How one column is read from PostgreSQL and typed in Parquet. */
  record Column(String name, Kind kind, String pgType, int precision, int scale) {}

  enum Kind { BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, JSON, TEXT }

  /** Exports {@code table} (core.x or mart.x) to {@code outDir}; returns the file and the row count. */
  public static Result export(ConnectionSpec warehouse, String table, Format format, Path outDir) throws Exception {
    long started = System.nanoTime();
    var m = TABLE.matcher(table == null ? "" : table);
    if (!m.matches()) {
      throw new IllegalArgumentException("--table must name a table of schema core or mart, as core.<name> or"
          + " mart.<name> in lower case, not '" + table + "'");
    }
    String schema = m.group(1);
    String name = m.group(2);
    Files.createDirectories(outDir);
    Path target = outDir.resolve(schema + "." + name + "." + format.extension()).toAbsolutePath().normalize();
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    long rows;
    try (Connection c = warehouse.open()) {
      requireRelation(c, schema, name);
      c.setAutoCommit(false);
      c.setReadOnly(true);
      List<Column> columns = columns(c, schema, name);
      try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        s.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = s.executeQuery("select * from " + SqlIdentifiers.qualified(schema, name))) {
          rows = switch (format) {
            case CSV -> writeCsv(rs, columns, partial);
            case JSON -> writeJsonLines(rs, columns, partial);
            case PARQUET -> writeParquet(rs, columns, partial, outDir);
          };
        }
      }
      c.commit();
    } catch (Exception e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Result(schema + "." + name, format, target, rows, (System.nanoTime() - started) / 1e9);
  }

  private static void requireRelation(Connection c, String schema, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select 1 from pg_class k join pg_namespace n on n.oid ="
        + " k.relnamespace where n.nspname = ? and k.relname = ? and k.relkind in ('r', 'p', 'v', 'm', 'f')")) {
      ps.setString(1, schema);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no table " + schema + "." + name + " in the warehouse"
              + " (build the marts first: martflow build)");
        }
      }
    }
  }

  /** The columns with their kinds; unconstrained numeric gets the precision and scale its values need. */
  static List<Column> columns(Connection c, String schema, String name) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from " + SqlIdentifiers.qualified(schema, name) + " limit 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String type = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        Kind kind = switch (type) {
          case "bool" -> Kind.BOOLEAN;
          case "int2" -> Kind.SMALLINT;
          case "int4" -> Kind.INTEGER;
          case "int8" -> Kind.BIGINT;
          case "float4" -> Kind.REAL;
          case "float8" -> Kind.DOUBLE;
          case "numeric" -> Kind.DECIMAL;
          case "date" -> Kind.DATE;
          case "time" -> Kind.TIME;
          case "timestamp" -> Kind.TIMESTAMP;
          case "timestamptz" -> Kind.TIMESTAMPTZ;
          case "json", "jsonb" -> Kind.JSON;
          default -> Kind.TEXT;
        };
        columns.add(new Column(md.getColumnLabel(i), kind, type, md.getPrecision(i), md.getScale(i)));
      }
    }
    List<Column> sized = new ArrayList<>();
    for (Column col : columns) {
      boolean constrained = col.precision() > 0 && col.precision() <= 38 && col.scale() >= 0
          && col.scale() <= col.precision();
      sized.add(col.kind() == Kind.DECIMAL && !constrained ? sizeNumeric(c, schema, name, col) : col);
    }
    return sized;
  }

  /** An unconstrained numeric column: the scale and integer digits of its widest value (38 digits at most). */
  private static Column sizeNumeric(Connection c, String schema, String name, Column col) throws SQLException {
    String q = SqlIdentifiers.quote(col.name());
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select coalesce(max(scale(" + q + ")), 0),"
            + " coalesce(max(length(trunc(abs(" + q + "))::text)), 1) from " + SqlIdentifiers.qualified(schema, name)
            + " where " + q + " <> 'NaN'")) {
      rs.next();
      int scale = rs.getInt(1);
      int integerDigits = rs.getInt(2);
      if (integerDigits > 38) {
        return new Column(col.name(), Kind.TEXT, col.pgType(), 0, 0);
      }
      scale = Math.min(scale, 38 - integerDigits);
      return new Column(col.name(), Kind.DECIMAL, col.pgType(), Math.max(1, integerDigits + scale), scale);
    }
  }

  // ------------------------------------------------------------------------------------ CSV

  static long writeCsv(ResultSet rs, List<Column> columns, Path file) throws Exception {
    long rows = 0;
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      for (int i = 0; i < columns.size(); i++) {
        w.write(i == 0 ? "" : ",");
        w.write(csvField(columns.get(i).name()));
      }
      w.write("\r\n");
      while (rs.next()) {
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            w.write(',');
          }
          String v = text(rs, i + 1, columns.get(i));
          if (v != null) {
            w.write(v.isEmpty() ? "\"\"" : csvField(v));
          }
        }
        w.write("\r\n");
        rows++;
      }
    }
    return rows;
  }

  /** RFC 4180: a field with a comma, double quote, CR or LF is quoted, its quotes doubled. */
  static String csvField(String v) {
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
    return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  /** A value as text: ISO-8601 dates and times (timestamptz in UTC), plain decimals, null as null. */
  static String text(ResultSet rs, int i, Column col) throws SQLException {
    switch (col.kind()) {
      case BOOLEAN -> {
        boolean b = rs.getBoolean(i);
        return rs.wasNull() ? null : Boolean.toString(b);
      }
      case DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(i);
        return d == null ? null : d.toPlainString();
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.equals(OffsetDateTime.MAX) ? "infinity" : t.equals(OffsetDateTime.MIN)
            ? "-infinity" : t.toInstant().toString();
      }
      case TIMESTAMP -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : t.equals(LocalDateTime.MAX) ? "infinity" : t.equals(LocalDateTime.MIN)
            ? "-infinity" : t.toString();
      }
      case DATE -> {
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : d.equals(LocalDate.MAX) ? "infinity" : d.equals(LocalDate.MIN) ? "-infinity"
            : d.toString();
      }
      default -> {
        return rs.getString(i);
      }
    }
  }

  // ------------------------------------------------------------------------------------ JSON Lines

  static long writeJsonLines(ResultSet rs, List<Column> columns, Path file) throws Exception {
    long rows = 0;
    JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
      while (rs.next()) {
        g.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
          Column col = columns.get(i);
          g.writeFieldName(col.name());
          writeJsonValue(g, rs, i + 1, col);
        }
        g.writeEndObject();
        rows++;
      }
      g.writeRaw('\n');
    }
    return rows;
  }

  private static void writeJsonValue(JsonGenerator g, ResultSet rs, int i, Column col) throws Exception {
    switch (col.kind()) {
      case BOOLEAN -> {
        boolean b = rs.getBoolean(i);
        if (rs.wasNull()) {
          g.writeNull();
        } else {
          g.writeBoolean(b);
        }
      }
      case SMALLINT, INTEGER, BIGINT -> {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          g.writeNull();
        } else {
          g.writeNumber(v);
        }
      }
      case REAL, DOUBLE -> {
        double v = rs.getDouble(i);
        if (rs.wasNull()) {
          g.writeNull();
        } else if (Double.isFinite(v)) {
          g.writeNumber(v);
        } else {
          g.writeString(Double.toString(v));
        }
      }
      case DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(i);
        if (d == null) {
          g.writeNull();
        } else {
          g.writeNumber(d);
        }
      }
      case JSON -> {
        String raw = rs.getString(i);
        if (raw == null) {
          g.writeNull();
        } else {
          g.writeRawValue(raw);
        }
      }
      default -> {
        String v = text(rs, i, col);
        if (v == null) {
          g.writeNull();
        } else {
          g.writeString(v);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------ Parquet

  /** The DuckDB column type of a column. */
  static String duckType(Column col) {
    return switch (col.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case REAL -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + col.precision() + ", " + col.scale() + ")";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP";
      case TIMESTAMPTZ -> "TIMESTAMPTZ";
      case JSON, TEXT -> "VARCHAR";
    };
  }

  static long writeParquet(ResultSet rs, List<Column> columns, Path file, Path workDir) throws Exception {
    Path duckFile = Files.createTempFile(workDir, ".export-", ".duckdb");
    Files.delete(duckFile);  // DuckDB creates the database file itself
    long rows = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + duckFile);
        Statement ds = duck.createStatement()) {
      ds.execute("set threads = 2");
      ds.execute("set memory_limit = '512MB'");
      StringBuilder ddl = new StringBuilder("create table export_rows (");
      for (int i = 0; i < columns.size(); i++) {
        ddl.append(i == 0 ? "" : ", ").append(duckIdent(columns.get(i).name())).append(' ')
            .append(duckType(columns.get(i)));
      }
      ds.execute(ddl.append(')').toString());
      try (DuckDBAppender app = duck.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
          "export_rows")) {
        while (rs.next()) {
          app.beginRow();
          for (int i = 0; i < columns.size(); i++) {
            append(app, rs, i + 1, columns.get(i));
          }
          app.endRow();
          rows++;
        }
      }
      ds.execute("copy export_rows to '" + file.toString().replace("'", "''")
          + "' (format parquet, compression zstd)");
    } finally {
      Files.deleteIfExists(duckFile);
      Files.deleteIfExists(duckFile.resolveSibling(duckFile.getFileName() + ".wal"));
    }
    return rows;
  }

  private static String duckIdent(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** Parquet has no infinite timestamps: infinity and -infinity become the last and first microsecond of years 9999 and 1. */
  static final OffsetDateTime END_OF_TIME = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC);
  static final OffsetDateTime START_OF_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private static void append(DuckDBAppender app, ResultSet rs, int i, Column col) throws SQLException {
    switch (col.kind()) {
      case BOOLEAN -> {
        boolean b = rs.getBoolean(i);
        if (rs.wasNull()) {
          app.appendNull();
        } else {
          app.append(b);
        }
      }
      case SMALLINT -> {
        short v = rs.getShort(i);
        if (rs.wasNull()) {
          app.appendNull();
        } else {
          app.append(v);
        }
      }
      case INTEGER -> {
        int v = rs.getInt(i);
        if (rs.wasNull()) {
          app.appendNull();
        } else {
          app.append(v);
        }
      }
      case BIGINT -> {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          app.appendNull();
        } else {
          app.append(v);
        }
      }
      case REAL -> {
        float v = rs.getFloat(i);
        if (rs.wasNull()) {
          app.appendNull();
        } else {
          app.append(v);
        }
      }
      case DOUBLE -> {
        double v = rs.getDouble(i);
        if (rs.wasNull()) {
          app.appendNull();
        } else {
          app.append(v);
        }
      }
      case DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(i);
        if (d == null) {
          app.appendNull();
        } else {
          app.append(d.setScale(col.scale(), RoundingMode.HALF_UP));
        }
      }
      case DATE -> {
        LocalDate d = rs.getObject(i, LocalDate.class);
        if (d == null) {
          app.appendNull();
        } else {
          app.append(d.equals(LocalDate.MAX) ? END_OF_TIME.toLocalDate()
              : d.equals(LocalDate.MIN) ? START_OF_TIME.toLocalDate() : d);
        }
      }
      case TIME -> {
        LocalTime t = rs.getObject(i, LocalTime.class);
        if (t == null) {
          app.appendNull();
        } else {
          app.append(t);
        }
      }
      case TIMESTAMP -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        if (t == null) {
          app.appendNull();
        } else {
          app.append(t.equals(LocalDateTime.MAX) ? END_OF_TIME.toLocalDateTime()
              : t.equals(LocalDateTime.MIN) ? START_OF_TIME.toLocalDateTime() : t);
        }
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        if (t == null) {
          app.appendNull();
        } else {
          app.append(t.equals(OffsetDateTime.MAX) ? END_OF_TIME : t.equals(OffsetDateTime.MIN) ? START_OF_TIME
              : t.withOffsetSameInstant(ZoneOffset.UTC));
        }
      }
      default -> {
        String v = rs.getString(i);
        if (v == null) {
          app.appendNull();
        } else {
          app.append(v);
        }
      }
    }
  }
}
