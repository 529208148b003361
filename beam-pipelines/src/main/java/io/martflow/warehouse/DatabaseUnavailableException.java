package io.martflow.warehouse;

import io.martflow.cli.Errors;
import java.sql.SQLException;

/** A connection could not be opened; the message is one line a user can act on. */
public final class DatabaseUnavailableException extends SQLException {
  private static final long serialVersionUID = 1L;

  private DatabaseUnavailableException(String message, SQLException cause) {
    super(message, cause.getSQLState(), cause);
  }

  static DatabaseUnavailableException from(ConnectionSpec spec, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = spec.describe();
    String message;
    if (state.equals("28P01") || state.equals("28000")) {
      message = "authentication failed for " + where + ": check the user and the password reference ("
          + spec.password() + ")";
    } else if (state.equals("3D000")) {
      message = "database does not exist: " + where;
    } else if (CloudSql.instanceOf(spec.jdbcUrl()) != null) {
      message = "cannot connect to Cloud SQL " + where + ": " + Errors.oneLine(e.getMessage())
          + " (this service account needs roles/cloudsql.client, and with ipTypes=PRIVATE this machine must be"
          + " in the instance's VPC network)";
    } else if (state.startsWith("08")) {
      message = "cannot connect to PostgreSQL at " + where + ": " + Errors.oneLine(e.getMessage())
          + " (is the server running? check the URL: MARTFLOW_DB_URL, MARTFLOW_SOURCE_DB_URL or the source mapping;"
          + " 'martflow db start' starts the embedded server)";
    } else {
      message = "cannot open a connection to " + where + ": " + Errors.oneLine(e.getMessage());
    }
    return new DatabaseUnavailableException(message, e);
  }
}
