package io.martflow.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * ctl.tb_control_data_update: the status of each (domain, source system, window). A window's
 * watermark is its end once the whole flow succeeded; the next run without dates starts at the
 * latest one. A full refresh is recorded as the window (-infinity, as-of). A window that succeeded
 * stays a success (with its run and rows) when a later run of it finds nothing new and skips it.
 */
public final class ControlStatus {
  private ControlStatus() {}

  public static void mark(Connection c, String domain, String sourceSystem, Window window, String status,
      String runId, Long rowsChanged, Long rowsPublished, String error) throws SQLException {
    boolean finished = !status.equals("running");
    try (PreparedStatement ps = c.prepareStatement("""
        insert into ctl.tb_control_data_update as t (domain, source_system, window_start, window_end, status,
            watermark, run_id, rows_changed, rows_published, error, started_at, finished_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, now())
        on conflict (domain, source_system, window_start, window_end) do update set
          status = excluded.status,
          watermark = coalesce(excluded.watermark, t.watermark),
          run_id = excluded.run_id,
          rows_changed = coalesce(excluded.rows_changed, t.rows_changed),
          rows_published = coalesce(excluded.rows_published, t.rows_published),
          error = excluded.error,
          started_at = case when excluded.status = 'running' then now() else t.started_at end,
          finished_at = excluded.finished_at,
          updated_at = now()
        where not (t.status = 'success' and excluded.status = 'skipped')""")) {
      ps.setString(1, domain);
      ps.setString(2, sourceSystem);
      ps.setObject(3, start(window));
      ps.setTimestamp(4, Timestamp.from(end(window)));
      ps.setString(5, status);
      ps.setTimestamp(6, status.equals("success") || status.equals("skipped") ? Timestamp.from(end(window)) : null);
      ps.setString(7, runId);
      ps.setObject(8, rowsChanged);
      ps.setObject(9, rowsPublished);
      ps.setString(10, error);
      ps.setTimestamp(11, finished ? Timestamp.from(Instant.now()) : null);
      ps.executeUpdate();
    }
  }

  /** The latest watermark of a domain's successful (or empty) windows. */
  public static Optional<Instant> lastWatermark(Connection c, String domain) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "select max(watermark) from ctl.tb_control_data_update where domain = ? and status in ('success', 'skipped')")) {
      ps.setString(1, domain);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp t = rs.getTimestamp(1);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
      }
    }
  }

  /** Whether a domain's window already ended in success or skipped (nothing to load). */
  public static boolean isDone(Connection c, String domain, Window window) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select count(*) from ctl.tb_control_data_update where domain = ?"
        + " and window_start = ? and window_end = ? and status in ('success', 'skipped')")) {
      ps.setString(1, domain);
      ps.setObject(2, start(window));
      ps.setTimestamp(3, Timestamp.from(end(window)));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** The successful load of this exact window, if any: rows it counted and when it finished. */
  static Optional<Loaded> loaded(Connection c, String domain, String sourceSystem, Window window) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select rows_changed, finished_at from ctl.tb_control_data_update"
        + " where domain = ? and source_system = ? and window_start = ? and window_end = ? and status = 'success'")) {
      ps.setString(1, domain);
      ps.setString(2, sourceSystem);
      ps.setObject(3, start(window));
      ps.setTimestamp(4, Timestamp.from(end(window)));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Loaded(rs.getObject(1, Long.class), rs.getTimestamp(2).toInstant()));
      }
    }
  }

  record Loaded(Long rowsChanged, Instant finishedAt) {}

  /** A full refresh covers everything before its as-of time: recorded from the year 1. */
  static final java.time.OffsetDateTime BEGINNING = java.time.OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0,
      java.time.ZoneOffset.UTC);

  private static java.time.OffsetDateTime start(Window w) {
    return w.start() == null ? BEGINNING : w.start().atOffset(java.time.ZoneOffset.UTC);
  }

  private static Instant end(Window w) {
    if (w.end() == null) {
      throw new IllegalArgumentException("a recorded window needs an end (the as-of time of a full refresh)");
    }
    return w.end();
  }
}
