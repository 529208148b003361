package io.martflow.warehouse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The warehouse and source connections of one command, from the environment:
 *
 * <ul>
 *   <li>{@code MARTFLOW_DB_URL} (JDBC URL or libpq URI without credentials), {@code MARTFLOW_DB_USER},
 *       {@code MARTFLOW_DB_PASSWORD} or {@code MARTFLOW_DB_PASSWORD_FILE};
 *   <li>{@code MARTFLOW_SOURCE_DB_URL}, {@code MARTFLOW_SOURCE_DB_USER},
 *       {@code MARTFLOW_SOURCE_DB_PASSWORD} or {@code MARTFLOW_SOURCE_DB_PASSWORD_FILE}
 *       (default: the warehouse connection, whose schema {@code shop} holds the demo source);
 *   <li>with no {@code MARTFLOW_DB_URL}: the embedded server under {@code MARTFLOW_HOME}
 *       (default {@code ./.martflow}), on {@code MARTFLOW_EMBEDDED_PORT} (default 54329) when free.
 * </ul>
 *
 * The embedded server is started lazily, on the first call that needs it, and stopped on close if
 * this command started it.
 */
public final class Connections implements AutoCloseable {
  private final Map<String, String> env;
  private final EmbeddedServer embedded;
  private EmbeddedServer.Handle handle;

  private Connections(Map<String, String> env) {
    this.env = env;
    this.embedded = new EmbeddedServer(home(env), embeddedPort(env));
  }

  /** The process environment, or the one a test installed with {@link #withEnvironment}. */
  public static Connections fromEnvironment() {
    Map<String, String> override = ENVIRONMENT_OVERRIDE.get();
    return new Connections(override != null ? override : System.getenv());
  }

  private static final ThreadLocal<Map<String, String>> ENVIRONMENT_OVERRIDE = new ThreadLocal<>();

  /** The environment commands read: the process's, or the one a test installed with {@link #withEnvironment}. */
  public static Map<String, String> currentEnvironment() {
    Map<String, String> override = ENVIRONMENT_OVERRIDE.get();
    return override != null ? override : System.getenv();
  }

  /** Runs {@code body} with {@link #fromEnvironment()} reading {@code env} instead (in-process CLI tests). */
  public static <T> T withEnvironment(Map<String, String> env, java.util.concurrent.Callable<T> body) throws Exception {
    ENVIRONMENT_OVERRIDE.set(env);
    try {
      return body.call();
    } finally {
      ENVIRONMENT_OVERRIDE.remove();
    }
  }

  public static Connections from(Map<String, String> env) {
    return new Connections(env);
  }

  public static Path home(Map<String, String> env) {
    String home = env.get("MARTFLOW_HOME");
    return Path.of(home == null || home.isBlank() ? ".martflow" : home).toAbsolutePath().normalize();
  }

  private static int embeddedPort(Map<String, String> env) {
    String port = env.get("MARTFLOW_EMBEDDED_PORT");
    if (port == null || port.isBlank()) {
      return EmbeddedServer.DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("MARTFLOW_EMBEDDED_PORT must be a port number, not '" + port + "'");
    }
  }

  public boolean usesEmbedded() {
    return blank(env.get("MARTFLOW_DB_URL"));
  }

  public EmbeddedServer embeddedServer() {
    return embedded;
  }

  public ConnectionSpec warehouse() throws IOException {
    if (usesEmbedded()) {
      if (handle == null) {
        handle = embedded.startOrAttach(false);
      }
      return handle.connection();
    }
    return configured("MARTFLOW_DB");
  }

  /** Whether MARTFLOW_SOURCE_DB_URL names a source other than the warehouse. */
  public boolean hasSeparateSource() {
    return !blank(env.get("MARTFLOW_SOURCE_DB_URL"));
  }

  public ConnectionSpec source() throws IOException {
    if (blank(env.get("MARTFLOW_SOURCE_DB_URL"))) {
      return warehouse();
    }
    return configured("MARTFLOW_SOURCE_DB");
  }

  private ConnectionSpec configured(String prefix) {
    String url = env.get(prefix + "_URL");
    String user = env.get(prefix + "_USER");
    SecretRef password;
    if (!blank(env.get(prefix + "_PASSWORD_FILE"))) {
      password = SecretRef.file(env.get(prefix + "_PASSWORD_FILE"));
    } else if (env.containsKey(prefix + "_PASSWORD")) {
      password = SecretRef.env(prefix + "_PASSWORD");
    } else {
      password = SecretRef.NONE;
    }
    try {
      return new ConnectionSpec(url.trim(), blank(user) ? null : user.trim(), password);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + "_URL: " + e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public void close() throws IOException {
    if (handle != null) {
      handle.close();
      handle = null;
    }
  }
}
