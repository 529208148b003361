package io.martflow.io;

import io.martflow.io.sources.SourceSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Session settings of a connection that reads a JDBC source. */
final class SourceSessions {
  private SourceSessions() {}

  /**
   * Sets the session time zone to the source's, so a change column without a time zone compares
   * with the window's instants in the source's local time.
   */
  static void prepare(Connection c, SourceSpec spec) throws SQLException {
    prepare(c, spec.formats().timeZone());
  }

  static void prepare(Connection c, String zone) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select set_config('TimeZone', ?, false)")) {
      ps.setString(1, zone);
      ps.execute();
    }
  }
}
