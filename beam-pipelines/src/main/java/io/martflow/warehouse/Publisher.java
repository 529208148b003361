package io.martflow.warehouse;

import io.martflow.control.DomainLock;
import io.martflow.control.RunLog;
import io.martflow.control.Window;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Publishes a run's staged rows of one domain into its dw table with the domain's SQL file, in one
 * transaction: the table is either fully updated or untouched.
 */
public final class Publisher {
  private Publisher() {}

  /** Rows the run wrote to the dw table (new versions, inserted or changed rows). */
  public record Result(String domain, long published, double seconds) {}

  public static Result publish(ConnectionSpec warehouse, Manifest.Domain domain, String runId, Window window)
      throws Exception {
    return Retry.onConnectionLoss("the " + domain.name() + " publish", () -> publishOnce(warehouse, domain, runId,
        window));
  }

  private static Result publishOnce(ConnectionSpec warehouse, Manifest.Domain domain, String runId, Window window)
      throws Exception {
    long started = System.nanoTime();
    try (Connection control = warehouse.open();
        DomainLock lock = DomainLock.acquire(warehouse.open(), domain.name(), runId)) {
      RunLog.abandonStale(control, domain.name(), runId, "load", "publish");
      long logId = RunLog.start(control, runId, "publish", domain.name(), null, window);
      try (Connection c = warehouse.open()) {
        long published = SqlRunner.inTransaction(c, () -> {
          SqlRunner.run(c, domain.publish(), settings(runId, window));
          return countWrittenBy(c, domain.dwTable(), runId);
        });
        io.martflow.control.FaultPoints.hit("publish-committed:" + domain.name());
        Statistics.refreshAfter(c, domain.dwTable(), published);
        RunLog.finish(control, logId, "success", new RunLog.Counts(null, null, null, published), null);
        return new Result(domain.name(), published, (System.nanoTime() - started) / 1e9);
      } catch (Exception e) {
        RunLog.finishQuietly(control, logId, "failed", io.martflow.cli.Errors.describe(e), e);
        throw e;
      }
    }
  }

  /**
   * The publish files' parameters. A full refresh read every source row, so keys it did not see
   * were deleted from the source; they are flagged as of the window's end.
   */
  static Map<String, String> settings(String runId, Window window) {
    boolean full = window != null && window.fullRefresh();
    java.time.Instant asOf = window != null && window.end() != null ? window.end()
        : java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return Map.of("run_id", runId, "full_refresh", Boolean.toString(full), "as_of", asOf.toString());
  }

  private static long countWrittenBy(Connection c, String dwTable, String runId) throws SQLException {
    String[] parts = dwTable.split("\\.");
    String table = io.martflow.io.SqlIdentifiers.qualified(parts[0], parts[1]);
    try (PreparedStatement ps = c.prepareStatement("select count(*) from " + table + " where run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
