package io.martflow.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Runs a file of sql/ in one transaction. Parameters reach SQL as session settings
 * ({@code current_setting('martflow.run_id')}), set transaction-locally, so the same files run
 * unchanged from the CLI, from Airflow and from tests.
 */
public final class SqlRunner {
  private SqlRunner() {}

  /** Runs every statement of sql/{@code path} in one transaction; returns rows affected per statement. */
  public static long[] runInTransaction(Connection c, String path, Map<String, String> settings) throws SQLException {
    return inTransaction(c, () -> run(c, path, settings));
  }

  /** Work on a connection that {@link #inTransaction} commits or rolls back as one. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on {@code c}: committed when it returns, rolled back when
   * it throws (see {@link #rollbackQuietly}); the connection's auto-commit is restored after.
   */
  public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      if (!c.isClosed()) {
        try {
          c.setAutoCommit(autoCommit);
        } catch (SQLException lost) {
          // the connection is gone: the error being thrown says why
        }
      }
    }
  }

  /**
   * Rolls back without hiding {@code failure}: when the connection is lost the rollback fails too
   * (the server rolls the transaction back itself), and its error is only attached to the first.
   */
  public static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Runs the statements in the caller's transaction.
   *
   * @return per statement, the rows it inserted, updated or deleted; -1 for a query (a SELECT)
   */
  public static long[] run(Connection c, String path, Map<String, String> settings) throws SQLException {
    applySettings(c, settings);
    var statements = SqlScript.statements(SqlFiles.read(path));
    long[] counts = new long[statements.size()];
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < statements.size(); i++) {
        try {
          s.execute(statements.get(i));
          counts[i] = s.getLargeUpdateCount();
          io.martflow.control.FaultPoints.hit("sql:" + path + "#" + (i + 1));
        } catch (SQLException e) {
          throw new SQLException("sql/" + path + " statement " + (i + 1) + ": " + e.getMessage(), e.getSQLState(), e);
        }
      }
    }
    return counts;
  }

  /** Sets martflow.* settings for the current transaction (or session when autocommit is on). */
  public static void applySettings(Connection c, Map<String, String> settings) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select set_config(?, ?, ?)")) {
      for (var e : settings.entrySet()) {
        ps.setString(1, e.getKey().contains(".") ? e.getKey() : "martflow." + e.getKey());
        ps.setString(2, e.getValue());
        ps.setBoolean(3, !c.getAutoCommit());
        ps.execute();
      }
    }
  }
}
