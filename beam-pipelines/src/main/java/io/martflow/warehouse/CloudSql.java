package io.martflow.warehouse;

import java.util.regex.Pattern;

/**
 * Connections to Cloud SQL for PostgreSQL through the Cloud SQL JDBC socket factory
 * ({@code com.google.cloud.sql:postgres-socket-factory}): the factory looks the instance up with the
 * Cloud SQL Admin API, opens a TLS connection to its private (or public, or PSC) IP with an
 * ephemeral certificate, and with IAM database authentication logs in with an OAuth token of the
 * machine's service account. No proxy, no authorized networks, no password for IAM users.
 */
public final class CloudSql {
  public static final String SOCKET_FACTORY = "com.google.cloud.sql.postgres.SocketFactory";
  /** PROJECT:REGION:INSTANCE (a domain-scoped project is DOMAIN:PROJECT). */
  public static final Pattern INSTANCE =
      Pattern.compile("([a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][-a-z0-9]{0,97}");
  public static final Pattern IP_TYPES = Pattern.compile("(PRIVATE|PUBLIC|PSC)(,(PRIVATE|PUBLIC|PSC))*");
  public static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

  private CloudSql() {}

  /**
   * The connection to database {@code database} of {@code instance}. With {@code iamAuth} the
   * password is {@link SecretRef#IAM} (the driver needs a non-empty one; the connector ignores it).
   */
  public static ConnectionSpec connection(String instance, String database, String user, SecretRef password,
      String ipTypes, boolean iamAuth) {
    require(INSTANCE, instance, "a Cloud SQL instance must be PROJECT:REGION:INSTANCE");
    require(DATABASE, database, "not a database name");
    require(IP_TYPES, ipTypes, "--cloudSqlIpTypes must be a comma-separated list of PRIVATE, PUBLIC, PSC");
    String url = "jdbc:postgresql:///" + database + "?cloudSqlInstance=" + instance + "&socketFactory=" + SOCKET_FACTORY
        + "&ipTypes=" + ipTypes + (iamAuth ? "&enableIamAuth=true&sslmode=disable" : "");
    return new ConnectionSpec(url, user, iamAuth ? SecretRef.IAM : password);
  }

  /** The instance of a socket-factory URL, or null for any other URL. */
  public static String instanceOf(String jdbcUrl) {
    int at = jdbcUrl.indexOf("cloudSqlInstance=");
    if (at < 0) {
      return null;
    }
    int end = jdbcUrl.indexOf('&', at);
    return jdbcUrl.substring(at + "cloudSqlInstance=".length(), end < 0 ? jdbcUrl.length() : end);
  }

  private static void require(Pattern pattern, String value, String message) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(message + ", not '" + value + "'");
    }
  }
}
