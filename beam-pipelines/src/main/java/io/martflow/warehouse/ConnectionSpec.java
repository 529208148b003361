package io.martflow.warehouse;

import java.io.Serializable;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * How to reach one PostgreSQL database: a JDBC URL, a user and a reference to the password.
 * Serializable so that DoFns carry it to wherever they run; the password is resolved there.
 */
public final class ConnectionSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jdbcUrl;
  private final String user;
  private final SecretRef password;

  public ConnectionSpec(String jdbcUrl, String user, SecretRef password) {
    this.jdbcUrl = toJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
    this.user = user;
    this.password = password == null ? SecretRef.NONE : password;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public SecretRef password() {
    return password;
  }

  /** Opens a connection; failures become {@link DatabaseUnavailableException} with one clear line. */
  public Connection open() throws SQLException {
    return open("martflow");
  }

  /** Opens a connection that pg_stat_activity shows under {@code applicationName} (at most 63 bytes kept). */
  public Connection open(String applicationName) throws SQLException {
    Properties props = new Properties();
    props.setProperty("ApplicationName", applicationName);
    if (user != null && !user.isBlank()) {
      props.setProperty("user", user);
    }
    String secret = password.resolve();
    if (secret != null) {
      props.setProperty("password", secret);
    }
    try {
      return DriverManager.getConnection(jdbcUrl, props);
    } catch (SQLException e) {
      throw DatabaseUnavailableException.from(this, e);
    }
  }

  /** A DataSource over {@link #open()} for libraries that want one (Flyway): same errors, same secrets. */
  public javax.sql.DataSource dataSource() {
    return new SpecDataSource(this);
  }

  /** Host, port and database for messages (never the password). */
  public String describe() {
    String instance = CloudSql.instanceOf(jdbcUrl);
    if (instance != null && jdbcUrl.startsWith("jdbc:postgresql:///") && jdbcUrl.indexOf('?') > 0) {
      String database = jdbcUrl.substring("jdbc:postgresql:///".length(), jdbcUrl.indexOf('?'));
      return (user == null ? "" : user + "@") + "cloudsql:" + instance + "/" + database;
    }
    String rest = jdbcUrl.startsWith("jdbc:postgresql://") ? jdbcUrl.substring("jdbc:postgresql://".length()) : jdbcUrl;
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    return (user == null ? "" : user + "@") + rest;
  }

  /** A libpq URI for psql and Airflow; carries no password. */
  public String libpqUri() {
    String rest = jdbcUrl.substring("jdbc:".length());
    URI uri = URI.create(rest);
    String userInfo = user == null || user.isBlank() ? "" : user + "@";
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return "postgresql://" + userInfo + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + uri.getRawPath() + query;
  }

  /** Accepts a JDBC URL or a libpq URI (postgresql://host:port/db) without credentials. */
  static String toJdbcUrl(String url) {
    if (url.startsWith("jdbc:")) {
      return url;
    }
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      URI uri = URI.create(url);
      if (uri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "put the user and password in MARTFLOW_*_USER / MARTFLOW_*_PASSWORD, not in the URL");
      }
      return "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
          + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
    throw new IllegalArgumentException("not a PostgreSQL URL: " + url);
  }

  @Override
  public String toString() {
    // the password's reference (env:NAME, file:PATH, secret:...), never its value
    return "ConnectionSpec{" + describe() + ", password from " + password + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionSpec other && jdbcUrl.equals(other.jdbcUrl) && Objects.equals(user, other.user)
        && password.equals(other.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jdbcUrl, user, password);
  }
}
