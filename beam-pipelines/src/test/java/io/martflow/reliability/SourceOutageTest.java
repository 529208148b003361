package io.martflow.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.martflow.cli.Errors;
import io.martflow.cli.ExitCodes;
import io.martflow.control.ControlStatus;
import io.martflow.control.FaultPoints;
import io.martflow.control.Flow;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TcpProxy;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Retry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source outages (issue #10): a JDBC source that cannot be reached is retried with a growing
 * backoff, then the run fails with one clear line, recorded in ctl.run_log and in the window's
 * control status, and no watermark moves; a source cut off in the middle of a load is retried and
 * the run completes as a clean one; an HTTP source that keeps answering 503 is retried by its own
 * policy and fails the same clear way.
 */
class SourceOutageTest {
  static final LocalDate D1 = LocalDate.of(2026, 10, 1);
  private final List<String> databases = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    FaultPoints.listen(null);
    for (String d : databases) {
      TestDatabase.dropDatabase(d);
    }
  }

  private ConnectionSpec warehouseWithDay1() throws Exception {
    String name = TestDatabase.createDatabase(true);
    databases.add(name);
    ConnectionSpec db = TestDatabase.specFor(name);
    Shop.generate(db, 0.05, 3, 11, D1);
    run(env(db, null), day(D1), day(D1.plusDays(1)), null);
    return db;
  }

  /** The warehouse directly; the source (the same database) through {@code proxy} when given. */
  private static Map<String, String> env(ConnectionSpec db, TcpProxy proxy) {
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", db.jdbcUrl());
    env.put("MARTFLOW_DB_USER", db.user());
    if (proxy != null) {
      env.put("MARTFLOW_SOURCE_DB_URL", db.jdbcUrl().replace(":" + TestDatabase.port() + "/", ":" + proxy.port() + "/"));
      env.put("MARTFLOW_SOURCE_DB_USER", db.user());
    }
    env.put("MARTFLOW_RETRY_ATTEMPTS", "3");
    env.put("MARTFLOW_RETRY_BACKOFF_MS", "200");
    return env;
  }

  private static Instant day(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Flow.Outcome run(Map<String, String> env, Instant from, Instant to, String sources) throws Exception {
    return Connections.withEnvironment(env, () -> {
      try (Connections connections = Connections.from(env)) {
        return Flow.run(connections, new Flow.Request(from, to, List.of(), false, null, List.of(), sources),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      }
    });
  }

  private static Instant watermark(ConnectionSpec db, String domain) throws Exception {
    try (Connection c = db.open()) {
      return ControlStatus.lastWatermark(c, domain).orElse(null);
    }
  }

  @Test
  void anUnreachableSourceIsRetriedWithBackoffThenFailsClearlyAndNoWatermarkMoves() throws Exception {
    ConnectionSpec db = warehouseWithDay1();
    TcpProxy proxy = TcpProxy.to(TestDatabase.port()); // never up: connections are refused
    List<String> retries = new ArrayList<>();
    FaultPoints.listen(p -> {
      if (p.startsWith("retry:")) {
        retries.add(p);
      }
    });
    long started = System.nanoTime();
    Exception failure = assertThrows(Exception.class,
        () -> run(env(db, proxy), day(D1.plusDays(1)), day(D1.plusDays(2)), null));
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(failure, instanceOf(Retry.ConnectionLostException.class));
    assertThat("two retries after the first attempt", retries, equalTo(List.of("retry:the control check",
        "retry:the control check")));
    assertThat("it waited 200 ms, then 400 ms", seconds, greaterThanOrEqualTo(0.6));
    String line = Errors.describe(failure);
    assertThat(line, containsString("lost the database connection during the control check and it did not come"
        + " back after 3 attempt(s): cannot connect to PostgreSQL at postgres@localhost:" + proxy.port()));
    assertThat(Errors.exitCode(failure), equalTo(ExitCodes.DATABASE_UNAVAILABLE));

    assertThat("ctl.run_log: the control check failed, with the reason", Sql.count(db,
        "select count(*) from ctl.run_log where step = 'control_check' and status = 'failed'"
            + " and error like '%cannot connect to PostgreSQL at postgres@localhost:" + proxy.port() + "%'"),
        equalTo(1L));
    assertThat("the window failed for every domain, with the reason", Sql.count(db,
        "select count(*) from ctl.tb_control_data_update where window_start = '2026-10-02' and status = 'failed'"
            + " and error like 'control check failed: lost the database connection%'"), equalTo(4L));
    for (String domain : List.of("customers", "products", "orders", "order_items")) {
      assertThat(domain + ": the watermark did not move", watermark(db, domain), equalTo(day(D1.plusDays(1))));
    }
    assertThat("nothing is left running", Sql.count(db, "select count(*) from ctl.run_log where status = 'running'"),
        equalTo(0L));
  }

  @Test
  void aSourceCutOffDuringTheLoadIsRetriedAndTheRunEqualsACleanOne() throws Exception {
    ConnectionSpec db = warehouseWithDay1();
    ConnectionSpec clean = warehouseWithDay1();
    run(env(clean, null), day(D1.plusDays(1)), day(D1.plusDays(3)), null);
    try (TcpProxy proxy = TcpProxy.to(TestDatabase.port()).up()) {
      AtomicInteger rowsRead = new AtomicInteger();
      List<String> retries = new ArrayList<>();
      FaultPoints.listen(p -> {
        try {
          if (p.equals("extract-row:orders") && rowsRead.incrementAndGet() == 5) {
            proxy.down(); // the source's host goes away in the middle of reading orders
          } else if (p.startsWith("retry:")) {
            retries.add(p);
            proxy.up(); // and is back before the retry
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Flow.Outcome outcome = run(env(db, proxy), day(D1.plusDays(1)), day(D1.plusDays(3)), null);
      FaultPoints.listen(null);
      // orders and order items share one pipeline in a flow on the DirectRunner (Flow.loadOrdersTogether)
      assertThat(retries, equalTo(List.of("retry:the orders and order_items load")));
      assertThat(outcome.loaded(), equalTo(List.of("customers", "products", "orders", "order_items")));
    }
    assertThat(Shop.warehouseChecksums(db), equalTo(Shop.warehouseChecksums(clean)));
    assertThat("the cut attempt is recorded as failed", Sql.count(db, "select count(*) from ctl.run_log"
        + " where step = 'load' and domain = 'orders' and status = 'failed'"), equalTo(1L));
  }

  @Test
  void anHttpSourceThatKeepsFailingIsRetriedThenFailsClearlyAndNoWatermarkMoves() throws Exception {
    String name = TestDatabase.createDatabase(true);
    databases.add(name);
    ConnectionSpec db = TestDatabase.specFor(name);
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/customers", e -> {
      requests.incrementAndGet();
      byte[] body = "{\"error\": \"maintenance\"}".getBytes(StandardCharsets.UTF_8);
      e.sendResponseHeaders(503, body.length);
      e.getResponseBody().write(body);
      e.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/customers";
      Path mapping = Files.writeString(dir.resolve("api.yml"), ""
          + "sources:\n"
          + "  - name: api.customers\n    domain: customers\n    source_system: api\n    kind: http\n"
          + "    change_column: updatedAt\n"
          + "    http:\n      url: " + url + "\n      records: data\n"
          + "      retry: {attempts: 4, backoff_ms: 50, max_backoff_ms: 1000}\n"
          + "    columns:\n      customer_id: id\n      email: email\n      updated_at: updatedAt\n");
      long started = System.nanoTime();
      Exception failure = assertThrows(Exception.class,
          () -> run(env(db, null), day(D1), day(D1.plusDays(1)), mapping.toString()));
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat("4 attempts", requests.get(), equalTo(4));
      assertThat("waited 50 + 100 + 200 ms", seconds, greaterThanOrEqualTo(0.35));
      String line = Errors.describe(failure);
      assertThat(line, containsString(url));
      assertThat(line, containsString("503"));
      assertThat(Sql.count(db, "select count(*) from ctl.run_log where step = 'control_check' and status = 'failed'"
          + " and error like '%503%'"), equalTo(1L));
      assertThat(Sql.count(db, "select count(*) from ctl.tb_control_data_update where domain = 'customers'"
          + " and source_system = 'api' and status = 'failed' and error like '%" + url + "%'"), equalTo(1L));
      assertThat("no watermark", watermark(db, "customers"), equalTo(null));
    } finally {
      server.stop(0);
    }
  }
}
