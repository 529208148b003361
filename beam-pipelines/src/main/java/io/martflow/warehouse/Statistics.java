package io.martflow.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Planner statistics after a large write (ctl.analyze_if_changed, V12_3): the next step reads a
 * table the planner knows, instead of one it takes for nearly empty until autovacuum comes by.
 */
public final class Statistics {
  private Statistics() {}

  /**
   * Analyzes {@code table} (schema.name) when {@code rowsWritten} is more than a tenth of the rows
   * its statistics hold, or it has none; call after the write committed.
   *
   * @return whether it analyzed
   */
  public static boolean refreshAfter(Connection c, String table, long rowsWritten) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(true);
    try (PreparedStatement ps = c.prepareStatement("select ctl.analyze_if_changed(cast(? as regclass), ?)")) {
      ps.setString(1, table);
      ps.setLong(2, rowsWritten);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
