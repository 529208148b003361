package io.martflow.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** Writes ctl.run_log: one row per step of a run, opened as running and closed with its outcome. */
public final class RunLog {
  private RunLog() {}

  /** Row counts a step reports; null when not applicable. */
  public record Counts(Long read, Long staged, Long rejected, Long published) {
    public static final Counts NONE = new Counts(null, null, null, null);
  }

  public static long start(Connection c, String runId, String step, String domain, String model, Window window)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "insert into ctl.run_log (run_id, step, domain, model, window_start, window_end, status)"
            + " values (?, ?, ?, ?, ?, ?, 'running') returning run_log_id")) {
      ps.setString(1, runId);
      ps.setString(2, step);
      ps.setString(3, domain);
      ps.setString(4, model);
      setInstant(ps, 5, window == null ? null : window.start());
      setInstant(ps, 6, window == null ? null : window.end());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public static void finish(Connection c, long id, String status, Counts counts, String error) throws SQLException {
    finish(c, id, status, counts, error, null);
  }

  /**
   * Closes a step. {@code detailsJson}, a JSON object, is merged into ctl.run_log.details (a load
   * records its rows read per source there: {"rows_read_by_source": {"shop.customers": 10}}).
   */
  public static void finish(Connection c, long id, String status, Counts counts, String error, String detailsJson)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "update ctl.run_log set status = ?, finished_at = now(), rows_read = ?, rows_staged = ?,"
            + " rows_rejected = ?, rows_published = ?, error = ?,"
            + " details = case when ?::jsonb is null then details else coalesce(details, '{}'::jsonb) || ?::jsonb end"
            + " where run_log_id = ?")) {
      ps.setString(1, status);
      setLong(ps, 2, counts.read());
      setLong(ps, 3, counts.staged());
      setLong(ps, 4, counts.rejected());
      setLong(ps, 5, counts.published());
      ps.setString(6, error);
      ps.setString(7, detailsJson);
      ps.setString(8, detailsJson);
      ps.setLong(9, id);
      ps.executeUpdate();
    }
  }

  /**
   * Closes a failed step without hiding why it failed: when the database connection is what broke,
   * recording the failure fails too, and that second error is only attached to {@code failure}. The
   * step then stays 'running' until the next run of its domain or model closes it as abandoned.
   */
  public static void finishQuietly(Connection c, long id, String status, String error, Throwable failure) {
    try {
      finish(c, id, status, Counts.NONE, error);
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Closes steps that another run left {@code running}: steps of the given kinds on {@code name} (a
   * domain, or a model for step 'model'). Call it holding the advisory lock of {@code name}: every
   * such step is written while its process holds that lock, so a running one found now belongs to a
   * process that died (killed, or cut off from the database) before it could close it. They become
   * 'failed' with a message saying so (an earlier attempt of the same run id included); their rows staged or published are what they are (a load only
   * stages, a publish or a model commits all or nothing).
   *
   * @return how many steps were closed
   */
  public static int abandonStale(Connection c, String name, String runId, String... steps) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "update ctl.run_log set status = 'failed', finished_at = now(), error = ?"
            + " where status = 'running' and step = any (?) and coalesce(domain, model) = ?")) {
      ps.setString(1, "abandoned: the process running this step stopped before finishing it (killed, or its"
          + " database connection was lost); found by run " + runId);
      ps.setArray(2, c.createArrayOf("text", steps));
      ps.setString(3, name);
      return ps.executeUpdate();
    }
  }

  private static void setInstant(PreparedStatement ps, int i, java.time.Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setTimestamp(i, Timestamp.from(v));
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }
}
