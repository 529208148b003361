package io.martflow.io.sources;

import io.martflow.io.AvroRowMapper;
import io.martflow.io.SqlIdentifiers;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Checks a mapping against its live sources (`martflow sources validate`): the relation, files or
 * endpoint exist, every mapped source column exists, key and change columns have usable types, and
 * a sample of rows converts. Findings name the mapping file's line of what they are about.
 */
public final class SourceValidator {
  /** error: the mapping cannot load this source as written; warning: some rows would be rejected. */
  public enum Level { ERROR, WARNING, OK }

  public record Finding(Level level, String where, String message) {
    @Override
    public String toString() {
      return where + ": " + level.name().toLowerCase(Locale.ROOT) + ": " + message;
    }
  }

  private final Map<String, String> env;
  private final ConnectionSpec defaultSource;
  private final int sample;
  private final HttpPages.Sleeper sleeper;
  private final List<Finding> findings = new ArrayList<>();

  public SourceValidator(Map<String, String> env, ConnectionSpec defaultSource, int sample, HttpPages.Sleeper sleeper) {
    this.env = env;
    this.defaultSource = defaultSource;
    this.sample = sample;
    this.sleeper = sleeper;
  }

  /** Every finding for every source (the mapping itself already parsed). */
  public List<Finding> validate(SourceConfig config) {
    for (SourceSpec s : config.sources()) {
      int before = errors();
      try {
        String summary = switch (s.kind()) {
          case JDBC -> jdbc(s);
          case CSV -> csv(s);
          case HTTP -> http(s);
        };
        if (errors() == before) {
          findings.add(new Finding(Level.OK, s.where("name"), s.name() + " (" + s.kind().label() + " -> " + s.domain()
              + ", source_system " + s.sourceSystem() + "): " + summary));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error(s.where("name"), s.name() + ": interrupted");
      } catch (Exception e) {
        error(s.where(s.kind().label()), s.name() + ": " + io.martflow.cli.Errors.describe(e));
      }
    }
    return List.copyOf(findings);
  }

  private int errors() {
    return (int) findings.stream().filter(f -> f.level() == Level.ERROR).count();
  }

  private void error(String where, String message) {
    findings.add(new Finding(Level.ERROR, where, message));
  }

  private void warning(String where, String message) {
    findings.add(new Finding(Level.WARNING, where, message));
  }

  // ---- JDBC ----

  private String jdbc(SourceSpec s) throws SQLException {
    ConnectionSpec spec;
    try {
      spec = s.jdbc().connection() == null ? defaultSource : s.jdbc().connection().resolve(env);
    } catch (IllegalArgumentException e) {
      error(s.where("jdbc"), s.name() + ": " + e.getMessage());
      return "";
    }
    String from = s.jdbc().isQuery() ? "(" + s.jdbc().query() + ") as src"
        : SqlIdentifiers.qualified(s.jdbc().schema(), s.jdbc().table());
    try (Connection c = spec.open()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      Map<String, String> types = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("select * from " + from + " limit 0");
          ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          types.put(md.getColumnLabel(i), md.getColumnTypeName(i).toLowerCase(Locale.ROOT));
        }
      } catch (SQLException e) {
        c.rollback();
        error(s.where("jdbc"), s.name() + ": cannot read " + s.jdbc().describe() + " on " + spec.describe() + ": "
            + io.martflow.cli.Errors.describe(e));
        return "";
      }
      if (!missingColumns(s, types.keySet(), s.jdbc().describe())) {
        return "";
      }
      String key = s.keyColumns().get(0);
      if (!Set.of("int2", "int4", "int8", "numeric").contains(types.get(key))) {
        error(s.where("columns." + s.keyFields().get(0)), "columns." + s.keyFields().get(0) + ": key column '" + key
            + "' is " + types.get(key) + "; a jdbc source's key must be an integer column (it is split into ranges)");
      }
      if (s.changeColumn() != null
          && !Set.of("timestamptz", "timestamp", "date").contains(types.get(s.changeColumn()))) {
        error(s.where("change_column"), "change_column '" + s.changeColumn() + "' is " + types.get(s.changeColumn())
            + "; it must be a timestamp, timestamptz or date column");
      }
      List<String> columns = s.sourceColumns();
      String sql = "select " + columns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "))
          + " from " + from + " limit " + sample;
      List<Map<String, Object>> rows = new ArrayList<>();
      try (PreparedStatement tz = c.prepareStatement("select set_config('TimeZone', ?, false)")) {
        tz.setString(1, s.formats().timeZone());
        tz.execute();
      }
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), AvroRowMapper.value(rs, i + 1, types.get(columns.get(i))));
          }
          rows.add(row);
        }
      }
      c.rollback();
      sampleRows(s, rows, s.jdbc().describe());
      return rows.size() + " row(s) sampled from " + s.jdbc().describe() + " on " + spec.describe();
    }
  }

  // ---- CSV ----

  private String csv(SourceSpec s) throws Exception {
    List<CsvFiles.Match> files = CsvFiles.match(s.csv().path());
    if (files.isEmpty()) {
      error(s.where("csv"), s.name() + ": no file matches " + s.csv().path());
      return "";
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    int problems = 0;
    for (CsvFiles.Match file : files) {
      CsvParser.Parsed parsed;
      try {
        parsed = CsvParser.parse(CsvFiles.read(file.path()), s.csv(), s.formats());
      } catch (IllegalArgumentException e) {
        error(s.where("csv"), s.name() + ": " + file.relative() + " " + e.getMessage());
        continue;
      }
      if (!missingColumns(s, parsed.columns(), file.relative())) {
        continue;
      }
      for (CsvParser.Item item : parsed.items()) {
        if (rows.size() >= sample) {
          break;
        }
        if (item instanceof CsvParser.Problem p) {
          if (problems++ < 5) {
            warning(s.where("csv"), file.relative() + ":" + p.line() + ": " + p.reason() + " " + p.message()
                + " (this line will be rejected)");
          }
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        List<String> values = ((CsvParser.Record) item).fields();
        for (int i = 0; i < parsed.columns().size(); i++) {
          row.put(parsed.columns().get(i), values.get(i));
        }
        rows.add(row);
      }
    }
    if (errors() > 0) {
      return "";
    }
    sampleRows(s, rows, "the files");
    return files.size() + " file(s), " + rows.size() + " row(s) sampled";
  }

  // ---- HTTP ----

  private String http(SourceSpec s) throws Exception {
    HttpPages pages = new HttpPages(s, sleeper);
    List<HttpPages.Element> first;
    try {
      first = pages.readAll(null, null, 1);
    } catch (java.io.IOException e) {
      error(s.where("http"), s.name() + ": " + io.martflow.cli.Errors.describe(e));
      return "";
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    Set<String> fields = new LinkedHashSet<>();
    for (HttpPages.Element e : first) {
      if (e.record() != null && rows.size() < sample) {
        rows.add(e.record());
        fields.addAll(e.record().keySet());
      }
    }
    if (!rows.isEmpty() && !missingColumns(s, fields, "the records of the first page")) {
      return "";
    }
    sampleRows(s, rows.stream().map(r -> (Map<String, Object>) new LinkedHashMap<String, Object>(r)).toList(),
        "the first page");
    return rows.size() + " record(s) sampled from the first page";
  }

  // ---- shared ----

  /** Every source column the mapping reads must exist; false when one does not. */
  private boolean missingColumns(SourceSpec s, java.util.Collection<String> available, String in) {
    boolean ok = true;
    for (Map.Entry<String, Expr> e : s.columns().entrySet()) {
      for (String column : e.getValue().columns()) {
        if (!available.contains(column)) {
          error(s.where("columns." + e.getKey()), "columns." + e.getKey() + ": source column '" + column
              + "' is not in " + in + suggestion(column, available) + " (columns: " + String.join(", ", available) + ")");
          ok = false;
        }
      }
    }
    if (s.changeColumn() != null && !available.contains(s.changeColumn())) {
      error(s.where("change_column"), "change_column: source column '" + s.changeColumn() + "' is not in " + in
          + suggestion(s.changeColumn(), available));
      ok = false;
    }
    return ok;
  }

  private static String suggestion(String column, java.util.Collection<String> available) {
    for (String a : available) {
      if (a.equalsIgnoreCase(column) || a.replace("_", "").equalsIgnoreCase(column.replace("_", ""))) {
        return "; did you mean '" + a + "'?";
      }
    }
    return "";
  }

  /** Converts every mapped field of the sampled rows; reports fields that never or only sometimes convert. */
  private void sampleRows(SourceSpec s, List<Map<String, Object>> rows, String where) {
    Schema schema = s.domainContract().schema();
    for (Map.Entry<String, Expr> e : s.columns().entrySet()) {
      Schema.Field field = schema.getField(e.getKey());
      int values = 0;
      int failed = 0;
      String firstProblem = null;
      for (Map<String, Object> row : rows) {
        Function<String, Object> lookup = RecordMapper.lookup(row, s.formats());
        try {
          Object v = TypedValues.toField(Functions.eval(e.getValue(), lookup, s.formats()), field, s.formats());
          if (v != null) {
            values++;
          }
        } catch (ValueException ex) {
          values++;
          failed++;
          if (firstProblem == null) {
            firstProblem = ex.reason() + " " + ex.getMessage();
          }
        }
      }
      if (failed > 0 && failed == values) {
        error(s.where("columns." + e.getKey()), "columns." + e.getKey() + ": none of the " + failed + " sampled"
            + " value(s) of " + where + " converts to " + describe(field) + ": " + firstProblem);
      } else if (failed > 0) {
        warning(s.where("columns." + e.getKey()), "columns." + e.getKey() + ": " + failed + " of " + values
            + " sampled value(s) do not convert (those rows will be rejected): " + firstProblem);
      }
    }
    if (s.changeColumn() != null) {
      int failed = 0;
      String firstProblem = null;
      for (Map<String, Object> row : rows) {
        try {
          RecordMapper.changeOf(s, RecordMapper.lookup(row, s.formats()));
        } catch (ValueException ex) {
          failed++;
          firstProblem = firstProblem == null ? ex.getMessage() : firstProblem;
        }
      }
      if (failed > 0) {
        Finding f = new Finding(failed == rows.size() ? Level.ERROR : Level.WARNING, s.where("change_column"),
            "change_column '" + s.changeColumn() + "': " + failed + " of " + rows.size() + " sampled value(s) are not"
                + " timestamps: " + firstProblem);
        findings.add(f);
      }
    }
  }

  private static String describe(Schema.Field field) {
    Schema t = TypedValues.nonNull(field.schema());
    return t.getLogicalType() != null ? t.getLogicalType().getName() : t.getType().getName();
  }
}
