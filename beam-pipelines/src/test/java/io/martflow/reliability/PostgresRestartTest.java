package io.martflow.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.cli.Errors;
import io.martflow.cli.ExitCodes;
import io.martflow.control.FaultPoints;
import io.martflow.control.Flow;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.EmbeddedServer;
import io.martflow.warehouse.Migrations;
import io.martflow.warehouse.Retry;
import io.martflow.warehouse.SecretRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarts in the middle of a run (issue #10), on a server of its own (martflow's
 * embedded server in a scratch home, stopped the way a crash stops it: SIGQUIT, PostgreSQL's
 * immediate shutdown, then crash recovery at the next start):
 *
 * <ul>
 *   <li>restarted inside a publish transaction: the publish is retried after a backoff and the run
 *       ends exactly as a clean run; the interrupted step is recorded as abandoned;
 *   <li>down for good inside a model build: the run fails with one line naming the step (exit
 *       code 3), every table is as before the run or as after a clean one (nothing half-published),
 *       and once the server is back the next run converges to the clean run.
 * </ul>
 */
class PostgresRestartTest {
  static final LocalDate D1 = LocalDate.of(2026, 10, 1);
  @TempDir static Path home;
  static EmbeddedServer server;
  static ConnectionSpec clean;
  static String cleanDatabase;
  static Map<String, String> cleanChecksums;
  static Map<String, String> beforeChecksums;

  @BeforeAll
  static void startServerAndCleanReference() throws Exception {
    server = new EmbeddedServer(home, freePort());
    server.startOrAttach(true);
    cleanDatabase = TestDatabase.createDatabase(true);
    clean = TestDatabase.specFor(cleanDatabase);
    Shop.generate(clean, 0.05, 3, 11, D1);
    run(clean, D1, D1.plusDays(1));
    beforeChecksums = Shop.warehouseChecksums(clean);
    run(clean, D1.plusDays(1), D1.plusDays(3));
    cleanChecksums = Shop.warehouseChecksums(clean);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.stop();
    TestDatabase.dropDatabase(cleanDatabase);
  }

  @AfterEach
  void noListener() {
    FaultPoints.listen(null);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A migrated warehouse with the generated shop and day 1 loaded, in a new database of the server. */
  private static ConnectionSpec warehouse(String name) throws Exception {
    ConnectionSpec admin = new ConnectionSpec("jdbc:postgresql://localhost:" + port() + "/postgres", "postgres",
        SecretRef.NONE);
    try (Connection c = admin.open(); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    ConnectionSpec db = new ConnectionSpec("jdbc:postgresql://localhost:" + port() + "/" + name, "postgres",
        SecretRef.NONE);
    Migrations.migrate(db);
    Shop.generate(db, 0.05, 3, 11, D1);
    run(db, D1, D1.plusDays(1));
    assertThat(Shop.warehouseChecksums(db), equalTo(beforeChecksums));
    return db;
  }

  private static int port() {
    return server.status().orElseThrow().port();
  }

  private static Map<String, String> env(ConnectionSpec db) {
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", db.jdbcUrl());
    env.put("MARTFLOW_DB_USER", db.user());
    env.put("MARTFLOW_RETRY_ATTEMPTS", "3");
    env.put("MARTFLOW_RETRY_BACKOFF_MS", "300");
    return env;
  }

  private static Instant day(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Flow.Outcome run(ConnectionSpec db, LocalDate from, LocalDate to) throws Exception {
    Map<String, String> env = env(db);
    return Connections.withEnvironment(env, () -> {
      try (Connections connections = Connections.from(env)) {
        return Flow.run(connections, new Flow.Request(day(from), day(to), List.of(), false, null, List.of()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      }
    });
  }

  /** PostgreSQL's immediate shutdown (SIGQUIT): backends die at once, uncommitted work is lost. */
  private static void crash() throws Exception {
    long pid = server.status().orElseThrow().pid();
    new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start().waitFor();
    ProcessHandle.of(pid).ifPresent(p -> {
      try {
        p.onExit().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("PostgreSQL did not stop", e);
      }
    });
  }

  @Test
  void aRestartInsideAPublishIsRetriedAndTheRunEqualsACleanOne() throws Exception {
    ConnectionSpec db = warehouse("restarted");
    AtomicBoolean restarted = new AtomicBoolean();
    List<String> retries = new ArrayList<>();
    FaultPoints.listen(p -> {
      try {
        if (p.equals("sql:publish/orders.sql#1") && restarted.compareAndSet(false, true)) {
          crash();
          server.startOrAttach(true); // back on the same port, after crash recovery
        } else if (p.startsWith("retry:")) {
          retries.add(p);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Flow.Outcome outcome = run(db, D1.plusDays(1), D1.plusDays(3));
    FaultPoints.listen(null);

    assertThat(restarted.get(), equalTo(true));
    // Publishes run side by side (SqlWorkers): one running beside orders when the server restarted
    // is retried too.
    assertThat(retries, hasItem("retry:the orders publish"));
    assertThat(retries, everyItem(matchesPattern("retry:the (customers|products|orders|order_items) publish")));
    assertThat(outcome.loaded(), equalTo(List.of("customers", "products", "orders", "order_items")));
    assertThat(Shop.warehouseChecksums(db), equalTo(cleanChecksums));
    assertThat("the interrupted publish is closed as abandoned", Sql.count(db, "select count(*) from ctl.run_log"
        + " where step = 'publish' and domain = 'orders' and status = 'failed' and error like 'abandoned:%'"),
        equalTo(1L));
    assertThat(Sql.count(db, "select count(*) from ctl.tb_control_data_update where window_start = '2026-10-02'"
        + " and status = 'success'"), equalTo(4L));
  }

  @Test
  void aServerThatStaysDownFailsTheRunClearlyHalfPublishesNothingAndTheNextRunConverges() throws Exception {
    ConnectionSpec db = warehouse("stays_down");
    AtomicBoolean stopped = new AtomicBoolean();
    FaultPoints.listen(p -> {
      try {
        if (p.equals("sql:core/fact_orders.sql#1") && stopped.compareAndSet(false, true)) {
          crash();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Exception failure = assertThrows(Exception.class, () -> run(db, D1.plusDays(1), D1.plusDays(3)));
    FaultPoints.listen(null);
    assertThat(failure, instanceOf(Retry.ConnectionLostException.class));
    // Models without a dependency between them build side by side (SqlWorkers): the one named is the
    // earliest in manifest order that was running when the server went away.
    assertThat(Errors.describe(failure), matchesPattern("lost the database connection during the build of model"
        + " (dim_product|fact_orders) and it did not come back after 3 attempt\\(s\\): cannot connect to PostgreSQL at .*"));
    assertThat(Errors.exitCode(failure), equalTo(ExitCodes.DATABASE_UNAVAILABLE));

    server.startOrAttach(true);
    Map<String, String> afterFailure = Shop.warehouseChecksums(db);
    for (Map.Entry<String, String> t : afterFailure.entrySet()) {
      assertThat(t.getKey() + " is half-published", t.getValue(),
          anyOf(equalTo(beforeChecksums.get(t.getKey())), equalTo(cleanChecksums.get(t.getKey()))));
    }
    assertThat("the dw tables were published", afterFailure.get("dw.tb_orders"),
        equalTo(cleanChecksums.get("dw.tb_orders")));
    assertThat("the fact build was rolled back", afterFailure.get("core.fact_orders"),
        not(equalTo(cleanChecksums.get("core.fact_orders"))));
    assertThat("no window succeeded", Sql.count(db, "select count(*) from ctl.tb_control_data_update"
        + " where window_start = '2026-10-02' and status = 'success'"), equalTo(0L));

    Flow.Outcome next = run(db, D1.plusDays(1), D1.plusDays(3));
    assertThat(next.loaded(), equalTo(List.of("customers", "products", "orders", "order_items")));
    assertThat(Shop.warehouseChecksums(db), equalTo(cleanChecksums));
    assertThat("the step the crash interrupted is closed as abandoned", Sql.count(db, "select count(*)"
        + " from ctl.run_log where step = 'model' and model = 'fact_orders' and error like 'abandoned:%'"),
        equalTo(1L));
  }
}
