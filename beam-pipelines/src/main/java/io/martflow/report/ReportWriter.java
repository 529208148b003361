package io.martflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.martflow.cli.Errors;
import io.martflow.transforms.deadletter.RejectReason;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.SqlFiles;
import io.martflow.warehouse.SqlRunner;
import io.martflow.warehouse.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run report: one self-contained HTML file (inline CSS, JavaScript and SVG; no network) with
 * the run summary per domain (rows read, staged, rejected, published; durations), the rejects by
 * reason, the quality results with their violating samples, every step of the run and charts:
 * daily revenue, orders by status, segment sizes, cohort retention and top categories.
 *
 * <p>Every figure comes from a query of sql/report run with {@code martflow.run_id}. A chart whose
 * table is not built yet (a mart) says so instead of failing the report. The page's script draws
 * the charts and then marks {@code <body data-report-status="rendered">}; the Chromium test reads
 * that marker (docs/report.md).
 */
public final class ReportWriter {
  private ReportWriter() {}

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  /** One chart: how to draw it, from which query. */
  record ChartSpec(String name, String title, String subtitle, String kind, String file, Map<String, Object> axes,
      boolean wide) {}

  static final List<ChartSpec> CHARTS = List.of(
      new ChartSpec("daily_revenue", "Daily revenue", "net revenue of revenue orders (mart.daily_sales), last 90 days",
          "line", "report/daily_revenue.sql", Map.of("x", "day", "y", "revenue", "extra", "orders"), true),
      new ChartSpec("orders_by_status", "Orders by status", "live orders (core.fact_orders), current status", "bar",
          "report/orders_by_status.sql", Map.of("x", "status", "y", "orders"), false),
      new ChartSpec("segment_sizes", "Customer segments", "buyers per segment (mart.customer_segments)", "bar",
          "report/segment_sizes.sql", Map.of("x", "segment", "y", "customers"), false),
      new ChartSpec("cohort_retention", "Cohort retention",
          "share of each acquisition month's customers ordering N months later", "heatmap",
          "report/cohort_retention.sql",
          Map.of("row", "cohort_month", "col", "months_since", "value", "retention", "size", "cohort_size"), true),
      new ChartSpec("top_categories", "Top categories", "net revenue, top 10 (mart.category_performance)", "hbar",
          "report/top_categories.sql", Map.of("x", "category", "y", "revenue", "digits", 2), false),
      new ChartSpec("rejects_by_reason", "Rejects by reason", "this run, per domain", "hbar",
          "report/rejects_by_reason.sql", Map.of("x", "label", "y", "rejects"), false));

  /** Writes the report of {@code runId} to {@code out} (parent folders created) and returns the path. */
  public static Path write(ConnectionSpec warehouse, String runId, Path out) throws Exception {
    String html = render(warehouse, runId);
    Path target = out.toAbsolutePath().normalize();
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** The default file of a run's report under a martflow home: {@code <home>/reports/report-<run>.html}. */
  public static Path defaultPath(Path martflowHome, String runId) {
    return martflowHome.resolve("reports").resolve("report-" + runId.replaceAll("[^A-Za-z0-9_.+-]", "_") + ".html");
  }

  /** The report's HTML. */
  public static String render(ConnectionSpec warehouse, String runId) throws Exception {
    Map<String, Object> charts = new LinkedHashMap<>();
    List<Map<String, Object>> steps;
    List<Map<String, Object>> domains;
    List<Map<String, Object>> rejects;
    List<Map<String, Object>> quality;
    try (Connection c = warehouse.open()) {
      steps = query(c, "report/run_steps.sql", runId).rows();
      domains = query(c, "report/domain_summary.sql", runId).rows();
      Result rejectRows = query(c, "report/rejects_by_reason.sql", runId);
      rejects = rejectRows.rows();
      quality = query(c, "report/quality_results.sql", runId).rows();
      for (ChartSpec chart : CHARTS) {
        Result r = chart.name().equals("rejects_by_reason") ? rejectRows : query(c, chart.file(), runId);
        charts.put(chart.name(), chartData(chart, r));
      }
    }
    return page(runId, steps, domains, rejects, quality, charts);
  }

  // ------------------------------------------------------------------------------------ data

  /** Rows of a report query, or why it could not run (e.g. a mart not built yet). */
  record Result(List<Map<String, Object>> rows, String unavailable) {}

  static Result query(Connection c, String file, String runId) throws SQLException {
    List<String> statements = SqlScript.statements(SqlFiles.read(file));
    if (statements.size() != 1) {
      throw new IllegalStateException("sql/" + file + " must hold exactly one query");
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      SqlRunner.applySettings(c, Map.of("run_id", runId));
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(statements.get(0))) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), value(rs, i, md.getColumnType(i), md.getColumnTypeName(i)));
          }
          rows.add(row);
        }
      }
      c.commit();
      return new Result(rows, null);
    } catch (SQLException e) {
      c.rollback();
      // 42P01 undefined table, 3F000 undefined schema: the model is not built yet.
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        String m = e.getMessage() == null ? "" : Errors.oneLine(e.getMessage().replaceFirst("^ERROR: ", ""));
        return new Result(List.of(), "Not available yet: " + m + " (build the marts with martflow build).");
      }
      throw new SQLException("sql/" + file + ": " + e.getMessage(), e.getSQLState(), e);
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static Object value(ResultSet rs, int i, int type, String typeName) throws SQLException {
    Object v;
    switch (type) {
      case Types.NUMERIC, Types.DECIMAL -> v = rs.getBigDecimal(i);
      case Types.BIGINT -> v = rs.getLong(i);
      case Types.INTEGER, Types.SMALLINT -> v = rs.getInt(i);
      case Types.DOUBLE, Types.REAL, Types.FLOAT -> v = rs.getDouble(i);
      case Types.BOOLEAN, Types.BIT -> v = rs.getBoolean(i);
      case Types.DATE -> v = rs.getString(i);
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        v = t == null ? null : t.equals(OffsetDateTime.MAX) ? "infinity"
            : t.equals(OffsetDateTime.MIN) ? "-infinity" : TS.format(t.toInstant());
      }
      default -> v = rs.getString(i);
    }
    return rs.wasNull() ? null : v;
  }

  static Map<String, Object> chartData(ChartSpec chart, Result r) {
    Map<String, Object> data = new LinkedHashMap<>(chart.axes());
    data.put("kind", chart.kind());
    data.put("title", chart.title());
    List<Map<String, Object>> rows = r.rows();
    if (chart.name().equals("rejects_by_reason")) {
      rows = rows.stream().map(row -> {
        Map<String, Object> m = new LinkedHashMap<>(row);
        m.put("label", row.get("domain") + " · " + row.get("reason_code"));
        return m;
      }).toList();
    }
    data.put("rows", rows);
    if (r.unavailable() != null) {
      data.put("unavailable", r.unavailable());
    } else if (rows.isEmpty()) {
      data.put("unavailable", chart.name().equals("rejects_by_reason") ? "No row was rejected in this run."
          : "No data yet.");
    }
    return data;
  }

  // ------------------------------------------------------------------------------------ page

  private static String page(String runId, List<Map<String, Object>> steps, List<Map<String, Object>> domains,
      List<Map<String, Object>> rejects, List<Map<String, Object>> quality, Map<String, Object> charts)
      throws IOException {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"martflow report\">\n")
        .append("<title>martflow run report · ").append(esc(runId)).append("</title>\n<style>\n")
        .append(resource("report.css")).append("</style>\n</head>\n")
        .append("<body data-report-status=\"loading\" data-run-id=\"").append(esc(runId)).append("\">\n");
    header(h, runId, steps, domains, quality);
    h.append("<main>\n<div id=\"render-errors\" hidden></div>\n");
    summary(h, domains);
    rejectsSection(h, rejects);
    qualitySection(h, quality);
    chartsSection(h);
    stepsSection(h, steps);
    h.append("<footer>Generated by martflow at ").append(TS.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
        .append(". Self-contained: no network access is needed to view this file.</footer>\n</main>\n");
    h.append("<script type=\"application/json\" id=\"report-data\">")
        .append(json(Map.of("runId", runId, "charts", charts))).append("</script>\n");
    h.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, String runId, List<Map<String, Object>> steps,
      List<Map<String, Object>> domains, List<Map<String, Object>> quality) {
    String window = steps.stream().filter(s -> s.get("window_end") != null).findFirst()
        .map(s -> (s.get("window_start") == null ? "full refresh" : s.get("window_start")) + " → " + s.get("window_end"))
        .orElse("no window recorded");
    boolean failedStep = steps.stream().anyMatch(s -> "failed".equals(s.get("status")));
    boolean running = steps.stream().anyMatch(s -> "running".equals(s.get("status")));
    long qualityErrors = quality.stream().filter(q -> "error".equals(q.get("severity"))
        && !"pass".equals(q.get("status"))).count();
    String status = steps.isEmpty() ? "no steps" : failedStep ? "failed" : running ? "running" : "success";
    String badge = status.equals("success") ? "success" : status.equals("failed") ? "failed" : "warn";
    long passed = quality.stream().filter(q -> "pass".equals(q.get("status"))).count();
    double seconds = steps.stream().mapToDouble(s -> s.get("seconds") == null ? 0
        : ((BigDecimal) s.get("seconds")).doubleValue()).sum();
    h.append("<header>\n<h1>martflow run report</h1>\n<p>run <code>").append(esc(runId)).append("</code> · window ")
        .append(esc(window)).append(" · <span class=\"badge ").append(badge).append("\" id=\"run-status\">")
        .append(esc(status)).append("</span>")
        .append(qualityErrors > 0 ? " <span class=\"badge fail\">quality errors</span>" : "").append("</p>\n")
        .append("<div class=\"kpis\">\n");
    kpi(h, sum(domains, "rows_read"), "rows read");
    kpi(h, sum(domains, "rows_staged"), "rows staged");
    kpi(h, sum(domains, "rows_rejected"), "rows rejected");
    kpi(h, sum(domains, "rows_published"), "rows published");
    kpi(h, quality.isEmpty() ? "–" : passed + " / " + quality.size(), "quality checks passed");
    kpi(h, String.format(Locale.ROOT, "%.1f s", seconds), "time in steps");
    h.append("</div>\n</header>\n");
  }

  private static void kpi(StringBuilder h, Object value, String label) {
    h.append("<div class=\"kpi\"><b>").append(esc(value instanceof Long l ? String.format(Locale.ROOT, "%,d", l)
        : String.valueOf(value))).append("</b><span>").append(esc(label)).append("</span></div>\n");
  }

  private static long sum(List<Map<String, Object>> rows, String column) {
    return rows.stream().mapToLong(r -> r.get(column) == null ? 0 : ((Number) r.get(column)).longValue()).sum();
  }

  private static void summary(StringBuilder h, List<Map<String, Object>> domains) {
    h.append("<section id=\"summary\">\n<h2>Run summary per domain</h2>\n");
    if (domains.isEmpty()) {
      h.append("<p class=\"muted\">This run loaded no domain.</p>\n</section>\n");
      return;
    }
    h.append("<table>\n<thead><tr><th>domain</th><th>load</th><th class=\"num\">rows read</th>"
        + "<th class=\"num\">staged</th><th class=\"num\">rejected</th><th class=\"num\">reject share</th>"
        + "<th class=\"num\">load s</th><th>publish</th><th class=\"num\">published</th>"
        + "<th class=\"num\">publish s</th><th>read = staged + rejected</th></tr></thead>\n<tbody>\n");
    for (Map<String, Object> d : domains) {
      Long read = asLong(d.get("rows_read"));
      Long staged = asLong(d.get("rows_staged"));
      Long rejected = asLong(d.get("rows_rejected"));
      boolean balanced = read != null && staged != null && rejected != null && read == staged + rejected;
      h.append("<tr><td>").append(esc(d.get("domain"))).append("</td><td>").append(badge(d.get("load_status")))
          .append("</td>").append(num(read)).append(num(staged)).append(num(rejected))
          .append("<td class=\"num\">").append(read == null || read == 0 || rejected == null ? "–"
              : String.format(Locale.ROOT, "%.2f %%", 100.0 * rejected / read)).append("</td>")
          .append(num(d.get("load_seconds"))).append("<td>").append(badge(d.get("publish_status"))).append("</td>")
          .append(num(d.get("rows_published"))).append(num(d.get("publish_seconds"))).append("<td>")
          .append(read == null ? "<span class=\"muted\">not loaded</span>"
              : balanced ? "<span class=\"badge pass\">balanced</span>" : "<span class=\"badge fail\">off</span>")
          .append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void rejectsSection(StringBuilder h, List<Map<String, Object>> rejects) {
    h.append("<section id=\"rejects\">\n<h2>Rejects by reason</h2>\n<div class=\"grid2\">\n");
    figure(h, chart("rejects_by_reason"));
    h.append("<div>\n");
    if (rejects.isEmpty()) {
      h.append("<p class=\"muted\">No row was rejected in this run.</p>\n");
    } else {
      h.append("<table>\n<thead><tr><th>domain</th><th>reason</th><th class=\"num\">rows</th><th>meaning</th>"
          + "<th>example</th></tr></thead>\n<tbody>\n");
      for (Map<String, Object> r : rejects) {
        h.append("<tr><td>").append(esc(r.get("domain"))).append("</td><td><code>").append(esc(r.get("reason_code")))
            .append("</code></td>").append(num(r.get("rejects"))).append("<td>")
            .append(esc(describeReason(String.valueOf(r.get("reason_code"))))).append("</td><td class=\"muted\">")
            .append(esc(r.get("example_message"))).append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</div>\n</div>\n</section>\n");
  }

  private static String describeReason(String code) {
    try {
      return RejectReason.valueOf(code).description();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static void qualitySection(StringBuilder h, List<Map<String, Object>> quality) throws IOException {
    h.append("<section id=\"quality\">\n<h2>Quality checks</h2>\n");
    if (quality.isEmpty()) {
      h.append("<p class=\"muted\">No quality check was recorded for this run (martflow quality).</p>\n</section>\n");
      return;
    }
    h.append("<table>\n<thead><tr><th>result</th><th>check</th><th>severity</th><th class=\"num\">violations</th>"
        + "<th class=\"num\">ms</th><th>what it verifies, and violating rows</th></tr></thead>\n<tbody>\n");
    ObjectMapper mapper = new ObjectMapper();
    for (Map<String, Object> q : quality) {
      String status = String.valueOf(q.get("status"));
      String shown = status.equals("fail") && "warn".equals(q.get("severity")) ? "warn" : status;
      h.append("<tr class=\"dq ").append(esc(shown)).append("\"><td>").append(badge(shown)).append("</td><td><code>")
          .append(esc(q.get("check_name"))).append("</code></td><td>").append(esc(q.get("severity"))).append("</td>")
          .append(num(q.get("violation_count"))).append(num(q.get("duration_ms"))).append("<td>")
          .append(esc(q.get("description")));
      if (q.get("error") != null) {
        h.append("<div class=\"badge error\">could not run</div> <code>").append(esc(q.get("error"))).append("</code>");
      }
      Object sample = q.get("sample");
      if (sample != null && !"[]".equals(sample)) {
        var rows = mapper.readTree(sample.toString());
        h.append("<details class=\"sample\"><summary>").append(rows.size()).append(" of ")
            .append(esc(q.get("violation_count"))).append(" violating rows</summary>\n<table><thead><tr>");
        List<String> keys = new ArrayList<>();
        if (rows.size() > 0) {
          Iterator<String> it = rows.get(0).fieldNames();
          it.forEachRemaining(keys::add);
          keys.sort((a, b) -> a.equals("problem") ? -1 : b.equals("problem") ? 1 : 0);
        }
        for (String k : keys) {
          h.append("<th>").append(esc(k)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (var row : rows) {
          h.append("<tr>");
          for (String k : keys) {
            var v = row.get(k);
            h.append("<td>").append(v == null || v.isNull() ? "<span class=\"muted\">null</span>"
                : esc(v.isTextual() ? v.asText() : v.toString())).append("</td>");
          }
          h.append("</tr>\n");
        }
        h.append("</tbody></table></details>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void chartsSection(StringBuilder h) {
    h.append("<section id=\"charts\">\n<h2>Sales</h2>\n<div class=\"grid2\">\n");
    for (ChartSpec chart : CHARTS) {
      if (!chart.name().equals("rejects_by_reason")) {
        figure(h, chart);
      }
    }
    h.append("</div>\n</section>\n");
  }

  private static ChartSpec chart(String name) {
    return CHARTS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static void figure(StringBuilder h, ChartSpec chart) {
    h.append("<figure class=\"chart").append(chart.wide() ? " wide" : "").append("\" data-chart=\"")
        .append(esc(chart.name())).append("\" id=\"chart-").append(esc(chart.name())).append("\">\n<figcaption>")
        .append(esc(chart.title())).append("<small>").append(esc(chart.subtitle())).append("</small></figcaption>\n")
        .append("<div class=\"plot\"><p class=\"empty\">Drawing…</p></div>\n</figure>\n");
  }

  private static void stepsSection(StringBuilder h, List<Map<String, Object>> steps) {
    h.append("<section id=\"steps\">\n<h2>Steps</h2>\n");
    if (steps.isEmpty()) {
      h.append("<p class=\"muted\">No step of this run is in ctl.run_log.</p>\n</section>\n");
      return;
    }
    h.append("<table>\n<thead><tr><th>step</th><th>domain / model</th><th>status</th><th>started</th>"
        + "<th class=\"num\">seconds</th><th class=\"num\">read</th><th class=\"num\">staged</th>"
        + "<th class=\"num\">rejected</th><th class=\"num\">published</th><th>error</th></tr></thead>\n<tbody>\n");
    for (Map<String, Object> s : steps) {
      h.append("<tr><td>").append(esc(s.get("step"))).append("</td><td>").append(esc(s.get("subject")))
          .append("</td><td>").append(badge(s.get("status"))).append("</td><td>").append(esc(s.get("started_at")))
          .append("</td>").append(num(s.get("seconds"))).append(num(s.get("rows_read"))).append(num(s.get("rows_staged")))
          .append(num(s.get("rows_rejected"))).append(num(s.get("rows_published"))).append("<td class=\"muted\">")
          .append(esc(s.get("error"))).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  // ------------------------------------------------------------------------------------ helpers

  private static String badge(Object status) {
    return status == null ? "<span class=\"muted\">–</span>"
        : "<span class=\"badge " + esc(status) + "\">" + esc(status) + "</span>";
  }

  private static String num(Object v) {
    String s;
    if (v == null) {
      s = "–";
    } else if (v instanceof Long || v instanceof Integer) {
      s = String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    } else if (v instanceof BigDecimal d) {
      s = d.toPlainString();
    } else {
      s = String.valueOf(v);
    }
    return "<td class=\"num\">" + esc(s) + "</td>";
  }

  private static Long asLong(Object v) {
    return v == null ? null : ((Number) v).longValue();
  }

  /** HTML-escapes text for element content and double-quoted attributes. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** JSON safe inside a script element: no "<" (so no "</script>" or "<!--") can end it early. */
  static String json(Object value) throws IOException {
    String s = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(value);
    return s.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  private static String resource(String name) {
    try (InputStream in = ReportWriter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("io/martflow/report/" + name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
