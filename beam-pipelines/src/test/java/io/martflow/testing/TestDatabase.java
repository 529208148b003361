package io.martflow.testing;

import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Migrations;
import io.martflow.warehouse.SecretRef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 17 for tests: one embedded server per test JVM, a database per test class
 * (copied from a migrated template, so each class starts from a fresh warehouse in ~100 ms).
 *
 * <pre>
 * &#64;RegisterExtension static final TestDatabase db = TestDatabase.migrated();
 * </pre>
 *
 * The server trusts the superuser {@code postgres} and asks every other role for a password
 * (scram-sha-256), so authentication and least-privilege behaviour are real.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String TEMPLATE = "martflow_template";
  private static EmbeddedPostgres server;
  private static boolean templateReady;

  private final boolean migrated;
  private ConnectionSpec spec;
  private String database;

  private TestDatabase(boolean migrated) {
    this.migrated = migrated;
  }

  /** A database with every migration applied. */
  public static TestDatabase migrated() {
    return new TestDatabase(true);
  }

  /** An empty database (for migration tests). */
  public static TestDatabase empty() {
    return new TestDatabase(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = createDatabase(migrated);
    spec = specFor(database);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    dropDatabase(database);
  }

  /** The superuser connection to this class's database. */
  public ConnectionSpec spec() {
    return spec;
  }

  public Connection open() throws SQLException {
    return spec.open();
  }

  public String databaseName() {
    return database;
  }

  public static int port() {
    return server().getPort();
  }

  /** Environment variables that point martflow's CLI at this database. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", spec.jdbcUrl());
    env.put("MARTFLOW_DB_USER", spec.user());
    return env;
  }

  /** Another fresh database for a single test; drop it with {@link #dropDatabase(String)}. */
  public static String createDatabase(boolean migrated) {
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = admin(); Statement s = c.createStatement()) {
      if (migrated) {
        ensureTemplate(s);
        s.execute("create database " + name + " template " + TEMPLATE);
      } else {
        s.execute("create database " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
    }
    return name;
  }

  /**
   * A new database copied from {@code template} (another test database): a warehouse state saved
   * once and restored in a second. Sessions still open on the template are ended first.
   */
  public static String copyDatabase(String template) {
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + template
          + "' and pid <> pg_backend_pid()");
      s.execute("create database " + name + " template " + template);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot copy test database " + template + ": " + e.getMessage(), e);
    }
    return name;
  }

  /**
   * A copy of this database for one test, dropped when closed:
   * {@code try (TestDatabase.Copy copy = db.copy()) { ... copy.spec() ... }}.
   */
  public Copy copy() {
    String name = copyDatabase(database);
    return new Copy(name, specFor(name));
  }

  /** A database copied for one test (see {@link #copy()}). */
  public record Copy(String name, ConnectionSpec spec) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      dropDatabase(name);
    }
  }

  public static void dropDatabase(String name) throws SQLException {
    if (name == null) {
      return;
    }
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("drop database if exists " + name + " with (force)");
    }
  }

  public static ConnectionSpec specFor(String database) {
    return new ConnectionSpec("jdbc:postgresql://localhost:" + port() + "/" + database, "postgres", SecretRef.NONE);
  }

  private static synchronized void ensureTemplate(Statement s) throws SQLException {
    if (templateReady) {
      return;
    }
    s.execute("drop database if exists " + TEMPLATE + " with (force)");
    s.execute("create database " + TEMPLATE);
    Migrations.migrate(specFor(TEMPLATE));
    templateReady = true;
  }

  private static Connection admin() throws SQLException {
    return specFor("postgres").open();
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("jit", "off")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("work_mem", "32MB")
            .setDataDirectoryCustomizer(TestDatabase::requirePasswords)
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
      }
    }
    return server;
  }

  /** Superuser postgres is trusted; every other role must authenticate with a password. */
  private static void requirePasswords(java.io.File dataDirectory) {
    String hba = String.join("\n",
        "local all postgres trust",
        "host  all postgres 127.0.0.1/32 trust",
        "host  all postgres ::1/128 trust",
        "local all all scram-sha-256",
        "host  all all 127.0.0.1/32 scram-sha-256",
        "host  all all ::1/128 scram-sha-256",
        "");
    try {
      Files.writeString(Path.of(dataDirectory.getPath(), "pg_hba.conf"), hba, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
