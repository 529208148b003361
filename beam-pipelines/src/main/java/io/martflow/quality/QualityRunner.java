package io.martflow.quality;

import io.martflow.cli.Errors;
import io.martflow.control.RunLog;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.SqlFiles;
import io.martflow.warehouse.SqlRunner;
import io.martflow.warehouse.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the quality checks of sql/quality for a run and records them in ctl.dq_results. Each check
 * returns its violating rows (none = pass) and has a severity; an error-severity violation fails
 * the run.
 *
 * <p>A check is one SQL query in a file whose first line is {@code -- severity: error|warn} and
 * whose second line says what it checks; manifest.yml lists the checks in the order they run.
 * The run id reaches the SQL as {@code current_setting('martflow.run_id')}, so the same files run
 * from the CLI, from Airflow and from psql ({@code set martflow.run_id = '...'}).
 *
 * <p>Every check runs in its own read-only transaction and is recorded (replacing an earlier
 * result of the same run and check) with its violation count, up to {@link #SAMPLE_ROWS} violating
 * rows as JSON and its duration; each is also a 'quality' step of ctl.run_log. A check whose SQL
 * fails is recorded with status 'error' and, after the other checks ran, {@link #run} throws
 * {@link CheckFailedToRunException}: a check that cannot run proves nothing.
 */
public final class QualityRunner {
  private QualityRunner() {}

  /** Violating rows kept per check in ctl.dq_results.sample and shown by the report. */
  public static final int SAMPLE_ROWS = 5;

  private static final Pattern SEVERITY = Pattern.compile("^--\\s*severity:\\s*(error|warn)\\s*$");
  private static final Pattern DESCRIPTION = Pattern.compile("^--\\s*(\\S.*)$");

  /** A check as declared: manifest entry plus the file's header and query. */
  public record Check(String name, String file, String severity, String description, String query) {}

  /**
   * One check's outcome. status is pass, fail (violations > 0) or error (the SQL failed; see error).
   * sample is a JSON array of up to {@link #SAMPLE_ROWS} violating rows.
   */
  public record CheckResult(String check, String severity, String status, long violations, String sample,
      long durationMs, String description, String error) {
    public boolean failed() {
      return violations > 0;
    }

    public boolean errored() {
      return "error".equals(status);
    }

    /** One line: {@code name (severity): N violation(s), e.g. {...}}. */
    public String summary() {
      if (errored()) {
        return check + " (" + severity + "): could not run: " + error;
      }
      return check + " (" + severity + "): " + violations + " violation" + (violations == 1 ? "" : "s")
          + (sample == null || sample.equals("[]") ? "" : ", e.g. " + firstSampleRow(sample));
    }
  }

  public record Report(String runId, List<CheckResult> results) {
    public Report {
      results = List.copyOf(results);
    }

    public boolean hasErrors() {
      return results.stream().anyMatch(r -> r.failed() && r.severity().equals("error"));
    }

    public List<CheckResult> errors() {
      return results.stream().filter(r -> r.failed() && r.severity().equals("error")).toList();
    }

    public List<CheckResult> warnings() {
      return results.stream().filter(r -> r.failed() && r.severity().equals("warn")).toList();
    }

    /**
     * The one-line message of a failed run: each error check with its count and its first violating
     * row, e.g. {@code quality checks failed for run r1: invariants_dw_orders (error): 2 violations,
     * e.g. {"order_id": 7, ...}; see ctl.dq_results}.
     */
    public String failureMessage() {
      StringBuilder s = new StringBuilder("quality checks failed for run " + runId + ": ");
      List<String> parts = errors().stream().map(CheckResult::summary).toList();
      s.append(String.join("; ", parts));
      s.append(" (martflow report shows every result; rows in ctl.dq_results)");
      return s.toString();
    }
  }

  /** A check's SQL failed: it proves nothing, so the quality step fails (exit code 1). */
  public static final class CheckFailedToRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Report report;

    CheckFailedToRunException(String message, Report report) {
      super(message);
      this.report = report;
    }

    public Report report() {
      return report;
    }
  }

  /** Runs every check of the manifest for {@code runId}. */
  public static Report run(ConnectionSpec warehouse, String runId) throws Exception {
    return run(warehouse, runId, List.of());
  }

  /** Runs the selected checks (all when empty), in manifest order, and records each result. */
  public static Report run(ConnectionSpec warehouse, String runId, List<String> select) throws Exception {
    return io.martflow.warehouse.Retry.onConnectionLoss("the quality checks", () -> runOnce(warehouse, runId, select));
  }

  private static Report runOnce(ConnectionSpec warehouse, String runId, List<String> select) throws Exception {
    List<Check> checks = select(checks(), select);
    // Checks only read: they run side by side (SqlWorkers), results in manifest order.
    List<io.martflow.warehouse.SqlWorkers.Step<CheckResult>> steps = new ArrayList<>();
    for (Check check : checks) {
      steps.add(() -> {
        try (Connection c = warehouse.open()) {
          return runOne(c, check, runId);
        }
      });
    }
    List<CheckResult> results = io.martflow.warehouse.SqlWorkers.runIndependent(steps);
    Report report = new Report(runId, results);
    List<CheckResult> broken = results.stream().filter(CheckResult::errored).toList();
    if (!broken.isEmpty()) {
      throw new CheckFailedToRunException("quality check" + (broken.size() == 1 ? "" : "s") + " could not run for run "
          + runId + ": " + String.join("; ", broken.stream().map(CheckResult::summary).toList()), report);
    }
    return report;
  }

  /** One check on one connection: its run_log step, its read-only evaluation, its recorded result. */
  private static CheckResult runOne(Connection c, Check check, String runId) throws Exception {
    long logId = RunLog.start(c, runId, "quality", null, check.name(), null);
    CheckResult result = evaluateIsolated(c, check, runId);
    record(c, runId, result);
    io.martflow.control.FaultPoints.hit("quality:" + check.name());
    String status = result.errored() || (result.failed() && result.severity().equals("error")) ? "failed"
        : "success";
    RunLog.finish(c, logId, status, RunLog.Counts.NONE,
        result.errored() || result.failed() ? result.summary() : null);
    return result;
  }

  /** The checks of manifest.yml, each with its file's header and query; a mismatch is a configuration error. */
  public static List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    for (Manifest.QualityCheck q : Manifest.load().quality()) {
      checks.add(parse(q, SqlFiles.read(q.file())));
    }
    return checks;
  }

  /** Parses a check file: severity line, description line, exactly one query. */
  public static Check parse(Manifest.QualityCheck declared, String text) {
    String[] lines = text.split("\r?\n", 3);
    Matcher severity = lines.length > 0 ? SEVERITY.matcher(lines[0].strip()) : null;
    if (severity == null || !severity.matches()) {
      throw new IllegalStateException("sql/" + declared.file() + ": the first line must be '-- severity: error' or"
          + " '-- severity: warn'");
    }
    Matcher description = lines.length > 1 ? DESCRIPTION.matcher(lines[1].strip()) : null;
    if (description == null || !description.matches() || description.group(1).startsWith("severity")) {
      throw new IllegalStateException("sql/" + declared.file() + ": the second line must be a comment saying what"
          + " the check verifies");
    }
    if (!severity.group(1).equals(declared.severity())) {
      throw new IllegalStateException("quality check " + declared.name() + ": manifest.yml says severity "
          + declared.severity() + " but sql/" + declared.file() + " says " + severity.group(1));
    }
    List<String> statements = SqlScript.statements(text);
    if (statements.size() != 1) {
      throw new IllegalStateException("sql/" + declared.file() + ": a check is exactly one query returning its"
          + " violating rows, found " + statements.size() + " statements");
    }
    return new Check(declared.name(), declared.file(), declared.severity(), description.group(1).strip(),
        statements.get(0));
  }

  static List<Check> select(List<Check> all, List<String> names) {
    for (String name : names) {
      if (all.stream().noneMatch(c -> c.name().equals(name))) {
        throw new IllegalArgumentException("unknown quality check '" + name + "'; checks are "
            + String.join(", ", all.stream().map(Check::name).toList()));
      }
    }
    return names.isEmpty() ? all : all.stream().filter(c -> names.contains(c.name())).toList();
  }

  /** The query that counts a check's rows and keeps a sample (the check's text is one query). */
  static String wrap(Check check) {
    return "with violations as (\n" + check.query() + "\n)\n"
        + "select (select count(*) from violations) as violations,\n"
        + "       (select coalesce(json_agg(v), '[]'::json)::text\n"
        + "        from (select * from violations limit " + SAMPLE_ROWS + ") v) as sample";
  }

  /**
   * Evaluates a check in the caller's connection and transaction, recording nothing (tests seed a
   * violation, evaluate and roll back). The run id is set for the current transaction.
   */
  public static CheckResult evaluate(Connection c, Check check, String runId) throws SQLException {
    long started = System.nanoTime();
    SqlRunner.applySettings(c, Map.of("run_id", runId, "check", check.name()));
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(wrap(check))) {
      rs.next();
      long violations = rs.getLong(1);
      String sample = rs.getString(2);
      return new CheckResult(check.name(), check.severity(), violations == 0 ? "pass" : "fail", violations,
          sample, millis(started), check.description(), null);
    }
  }

  /** Evaluates in a read-only transaction of its own; a failing query becomes an 'error' result. */
  static CheckResult evaluateIsolated(Connection c, Check check, String runId) throws SQLException {
    long started = System.nanoTime();
    try {
      return SqlRunner.inTransaction(c, () -> {
        c.setReadOnly(true);
        return evaluate(c, check, runId);
      });
    } catch (SQLException e) {
      if (io.martflow.warehouse.Retry.connectionLoss(e) != null) {
        throw e; // not the check's fault: the whole run of checks is retried
      }
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : Errors.oneLine(e.getMessage());
      return new CheckResult(check.name(), check.severity(), "error", 0, null, millis(started), check.description(),
          "sql/" + check.file() + ": " + message + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState()
              + "]"));
    } finally {
      if (!c.isClosed()) {
        try {
          c.setReadOnly(false);
        } catch (SQLException lost) {
          // the connection broke: the error being thrown says why
        }
      }
    }
  }

  private static void record(Connection c, String runId, CheckResult r) throws SQLException {
    SqlRunner.inTransaction(c, () -> {
      try (PreparedStatement delete = c.prepareStatement(
              "delete from ctl.dq_results where run_id = ? and check_name = ?");
          PreparedStatement insert = c.prepareStatement(
              "insert into ctl.dq_results (run_id, check_name, severity, status, violation_count, sample, duration_ms,"
                  + " description, error) values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)")) {
        delete.setString(1, runId);
        delete.setString(2, r.check());
        delete.executeUpdate();
        insert.setString(1, runId);
        insert.setString(2, r.check());
        insert.setString(3, r.severity());
        insert.setString(4, r.status());
        insert.setLong(5, r.violations());
        insert.setString(6, r.sample());
        insert.setLong(7, r.durationMs());
        insert.setString(8, r.description());
        insert.setString(9, r.error());
        insert.executeUpdate();
      }
      return null;
    });
  }

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000L;
  }

  /** The first element of a JSON array, cut to 300 characters, for one-line messages. */
  static String firstSampleRow(String sampleArray) {
    try {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sampleArray);
      String first = node.isArray() && node.size() > 0 ? node.get(0).toString() : sampleArray;
      return first.length() > 300 ? first.substring(0, 297) + "..." : first;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return sampleArray.length() > 300 ? sampleArray.substring(0, 297) + "..." : sampleArray;
    }
  }

  /** Counts for a console line: {@code 19 checks: 17 pass, 1 warn, 1 error}. */
  public static String tally(Report report) {
    long passed = report.results().stream().filter(r -> r.status().equals("pass")).count();
    return String.format(Locale.ROOT, "%d checks: %d pass, %d warn, %d error", report.results().size(), passed,
        report.warnings().size(), report.errors().size());
  }

  /**
   * The run to check or report when none is given: the run of the latest step in ctl.run_log
   * (load, publish, model, quality...), if any.
   */
  public static java.util.Optional<String> latestRunId(ConnectionSpec warehouse) throws SQLException {
    try (Connection c = warehouse.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select run_id from ctl.run_log order by started_at desc, run_log_id desc"
            + " limit 1")) {
      return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
    }
  }
}
