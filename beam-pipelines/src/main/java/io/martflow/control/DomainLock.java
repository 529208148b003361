package io.martflow.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL advisory lock per domain, held on its own connection for as long as a run works on
 * the domain. A second run of the same domain is refused at once; other domains are not blocked.
 */
public final class DomainLock implements AutoCloseable {
  private final Connection connection;
  private final String name;

  private DomainLock(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  /** Takes the lock or throws {@link LockedException} naming who holds it. */
  public static DomainLock acquire(Connection connection, String name, String runId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
      ps.setString(1, "martflow:" + name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          String holder = runningHolder(connection, name);
          connection.close();
          throw new LockedException("another run is already working on " + name
              + (holder == null ? "" : " (" + holder + ")") + "; wait for it or stop it, then retry");
        }
      }
    }
    return new DomainLock(connection, name);
  }

  /**
   * Takes the lock, waiting for its holder to release it when another run holds it: for work that
   * every run must do after its own (a model build), where queueing is right and refusing would
   * fail a run of another domain. {@code waiting} hears who holds it before the wait. The holder
   * never waits for this run (a model build holds one lock at a time and waits for no domain lock),
   * and a holder that dies releases the lock with its session.
   */
  public static DomainLock acquireOrWait(Connection connection, String name, String runId,
      java.util.function.Consumer<String> waiting) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
      ps.setString(1, "martflow:" + name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          return new DomainLock(connection, name);
        }
      }
      String holder = runningHolder(connection, name);
      waiting.accept("another run is working on " + name + (holder == null ? "" : " (" + holder + ")")
          + "; waiting for it");
      try (PreparedStatement wait = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
        wait.setString(1, "martflow:" + name);
        wait.execute();
      }
      return new DomainLock(connection, name);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static String runningHolder(Connection c, String name) {
    try (PreparedStatement ps = c.prepareStatement(
        "select run_id, started_at from ctl.run_log where (domain = ? or model = ?) and status = 'running'"
            + " order by started_at desc limit 1")) {
      ps.setString(1, name);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? "run " + rs.getString(1) + " started " + rs.getTimestamp(2).toInstant() : null;
      }
    } catch (SQLException e) {
      return null;
    }
  }

  @Override
  public void close() throws SQLException {
    // Closing the session releases the lock even if the unlock call fails.
    try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
      ps.setString(1, "martflow:" + name);
      ps.execute();
    } catch (SQLException e) {
      if (io.martflow.warehouse.Retry.connectionLoss(e) == null) {
        throw e;
      }
      // the session is gone (a server restart): so is its lock
    } finally {
      connection.close();
    }
  }

  /** The lock is held by another run. */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LockedException(String message) {
      super(message);
    }
  }
}
