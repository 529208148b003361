package io.martflow.warehouse.models;

import io.martflow.warehouse.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The advisory locks a model build holds around its transaction: its own name exclusively, the
 * models it depends on shared. A core model takes change ids from a sequence while it builds, and a
 * model reading those changes records the highest id it saw (ctl.mark_built): had its snapshot been
 * taken while one of its sources was still writing, it would skip that source's changes for good.
 * So the locks are taken on the model's connection before its REPEATABLE READ transaction takes its
 * snapshot, and only the sources are waited for: a mart of fact_orders builds while
 * fact_order_items does. Taken in name order (no two builds wait for each other in a cycle) and
 * held until the transaction ended.
 */
final class BuildLocks implements AutoCloseable {
  /** 'mart' as an int4: the first half of every build lock's two-part key. */
  static final int NAMESPACE = 1835102836;

  private record Lock(String model, boolean exclusive) {
    String call(String verb) {
      return "select pg_advisory_" + verb + (exclusive ? "" : "_shared") + "(" + NAMESPACE + ", hashtext(?))";
    }
  }

  private final Connection connection;
  private final List<Lock> held = new ArrayList<>();

  private BuildLocks(Connection connection) {
    this.connection = connection;
  }

  /** Waits for and takes the model's locks on {@code connection}, which must be in auto-commit. */
  static BuildLocks acquire(Connection connection, Manifest.Model model) throws SQLException {
    TreeMap<String, Boolean> wanted = new TreeMap<>();
    model.dependsOn().forEach(dependency -> wanted.put(dependency, false));
    wanted.put(model.name(), true);
    BuildLocks locks = new BuildLocks(connection);
    try {
      for (var entry : wanted.entrySet()) {
        Lock lock = new Lock(entry.getKey(), entry.getValue());
        locks.execute(lock, "lock");
        locks.held.add(lock);
      }
    } catch (SQLException e) {
      try {
        locks.close();
      } catch (SQLException release) {
        e.addSuppressed(release);
      }
      throw e;
    }
    return locks;
  }

  @Override
  public void close() throws SQLException {
    if (connection.isClosed()) {
      return; // the session ended: the server released its locks
    }
    for (int i = held.size() - 1; i >= 0; i--) {
      execute(held.get(i), "unlock");
    }
  }

  private void execute(Lock lock, String verb) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(lock.call(verb))) {
      ps.setString(1, lock.model());
      ps.execute();
    }
  }
}
