package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.martflow.control.Window;
import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.MappingParser;
import io.martflow.io.sources.SourceSpec;
import io.martflow.testing.Loads;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP sources against a local JSON API (the JDK's HttpServer): customers paged by page number with
 * a transient 503 on page 2 (retried after a backoff) and an element that is not an object; orders
 * paged by cursor and their lines in one unpaged array, joined and priced like the shop's; a
 * bearer token read from a file; window parameters sent; a permanent failure ends the read with one
 * clear line.
 */
class HttpSourceTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path dir;
  static HttpServer server;
  static final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  static final AtomicInteger page2Attempts = new AtomicInteger();
  static final Window WINDOW = Window.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
  static final String TOKEN = "s3cret-token";
  static Map<String, LoadRunner.Result> results = new HashMap<>();
  static Path mapping;

  static final List<String> CUSTOMERS = List.of(
      "{\"id\": 1, \"email\": \"ann@api.example\", \"name\": {\"first\": \"Ann\", \"last\": \"Lee\"}, \"country\": \"US\","
          + " \"updatedAt\": \"2026-11-01T10:00:00Z\"}",
      "{\"id\": 2, \"email\": \"ben@api.example\", \"name\": {\"first\": \"Ben\", \"last\": \"Ng\"}, \"country\": \"SG\","
          + " \"updatedAt\": \"2026-11-01T11:00:00Z\"}",
      "{\"id\": 3, \"email\": \"cy@api.example\", \"name\": {\"first\": \"Cy\", \"last\": \"Ode\"}, \"country\": \"NG\","
          + " \"updatedAt\": \"2026-11-02T09:00:00+01:00\"}",
      "\"not an object\"",
      "{\"id\": 4, \"email\": \"di@api.example\", \"name\": {\"first\": \"Di\", \"last\": \"Po\"}, \"country\": \"IT\","
          + " \"updatedAt\": \"2026-11-02T10:00:00Z\"}",
      "{\"id\": 5, \"email\": \"ed@api.example\", \"name\": {\"first\": \"Ed\", \"last\": \"Qi\"}, \"country\": \"CN\","
          + " \"updatedAt\": \"2026-11-02T11:00:00Z\"}");

  static final List<String> ORDERS = List.of(
      "{\"id\": 1, \"customer\": 1, \"placed\": 1793523600, \"status\": \"Paid\", \"ship\": {\"country\": \"DE\"},"
          + " \"feeCents\": 499, \"updatedAt\": \"2026-11-01T10:00:00Z\"}",
      "{\"id\": 2, \"customer\": 2, \"placed\": 1793523600, \"status\": \"shipped\", \"ship\": {\"country\": \"DE\"},"
          + " \"feeCents\": 0, \"updatedAt\": \"2026-11-01T10:00:00Z\"}",
      "{\"id\": 3, \"customer\": 2, \"placed\": 1793523600, \"status\": \"pending\", \"ship\": {\"country\": \"FR\"},"
          + " \"feeCents\": 0, \"updatedAt\": \"2026-11-02T10:00:00Z\"}");

  static final String LINES = "["
      + "{\"order\": 1, \"line\": 1, \"product\": 10, \"qty\": 2, \"unitCents\": 1999, \"discount\": 0.1,"
      + " \"updatedAt\": \"2026-11-01T10:00:00Z\"},"
      + "{\"order\": 1, \"line\": 2, \"product\": 11, \"qty\": 1, \"unitCents\": 500, \"discount\": null,"
      + " \"updatedAt\": \"2026-11-01T10:00:00Z\"},"
      + "{\"order\": 2, \"line\": 1, \"product\": 10, \"qty\": 3, \"unitCents\": 1000, \"discount\": 0,"
      + " \"updatedAt\": \"2026-11-01T10:00:00Z\"},"
      + "{\"order\": 77, \"line\": 1, \"product\": 10, \"qty\": 1, \"unitCents\": 100, \"discount\": 0,"
      + " \"updatedAt\": \"2026-11-01T10:00:00Z\"}]";

  @BeforeAll
  static void startApiAndLoad() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/customers", HttpSourceTest::customers);
    server.createContext("/orders", HttpSourceTest::orders);
    server.createContext("/lines", e -> respond(e, 200, LINES));
    server.createContext("/broken", e -> respond(e, 500, "{\"error\": \"down\"}"));
    server.start();
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String retry = "      retry: {attempts: 3, backoff_ms: 1, max_backoff_ms: 5}\n      rate_limit: 1000\n"
        + "      auth: {bearer_token_file: " + token + "}\n";
    mapping = Files.writeString(dir.resolve("sources.yml"), ""
        + "sources:\n"
        + "  - name: api.customers\n    domain: customers\n    source_system: api\n    kind: http\n"
        + "    change_column: updatedAt\n"
        + "    http:\n      url: " + base + "/customers\n      records: data\n"
        + "      pagination: {type: page, page_param: page, size_param: size, page_size: 2}\n"
        + "      window: {start_param: updated_since, end_param: updated_before}\n" + retry
        + "    columns:\n      customer_id: id\n      email: email\n      first_name: name.first\n"
        + "      last_name: name.last\n      country: country\n      updated_at: updatedAt\n"
        + "  - name: api.orders\n    domain: orders\n    source_system: api\n    kind: http\n"
        + "    change_column: updatedAt\n"
        + "    http:\n      url: " + base + "/orders\n      records: orders\n"
        + "      pagination: {type: cursor, cursor_param: after, next_cursor: next}\n" + retry
        + "    columns:\n      order_id: id\n      customer_id: customer\n      order_ts: epoch_seconds(placed)\n"
        + "      status: status\n      ship_country: ship.country\n      shipping_fee: cents(feeCents)\n"
        + "      updated_at: updatedAt\n"
        + "  - name: api.lines\n    domain: order_items\n    source_system: api\n    kind: http\n"
        + "    change_column: updatedAt\n"
        + "    http:\n      url: " + base + "/lines\n" + retry
        + "    columns:\n      order_id: order\n      line_no: line\n      product_id: product\n      quantity: qty\n"
        + "      unit_price: cents(unitCents)\n      discount_pct: percent(discount)\n      updated_at: updatedAt\n");
    for (String domain : List.of("customers", "orders", "order_items")) {
      results.put(domain, Loads.load(db.spec(), domain, "http-run-1", WINDOW, "--sources=" + mapping));
      io.martflow.warehouse.Publisher.publish(db.spec(), io.martflow.warehouse.Manifest.load().requireDomain(domain),
          "http-run-1", WINDOW);
    }
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static void customers(HttpExchange e) throws IOException {
    requests.add(e.getRequestURI().toString() + " " + e.getRequestHeaders().getFirst("Authorization"));
    if (!("Bearer " + TOKEN).equals(e.getRequestHeaders().getFirst("Authorization"))) {
      respond(e, 401, "{}");
      return;
    }
    Map<String, String> q = query(e);
    int page = Integer.parseInt(q.get("page"));
    int size = Integer.parseInt(q.get("size"));
    if (page == 2 && page2Attempts.incrementAndGet() == 1) {
      respond(e, 503, "{\"error\": \"try again\"}");
      return;
    }
    List<String> slice = CUSTOMERS.subList(Math.min(CUSTOMERS.size(), (page - 1) * size),
        Math.min(CUSTOMERS.size(), page * size));
    respond(e, 200, "{\"data\": [" + String.join(",", slice) + "], \"page\": " + page + "}");
  }

  private static void orders(HttpExchange e) throws IOException {
    String after = query(e).get("after");
    if (after == null) {
      respond(e, 200, "{\"orders\": [" + ORDERS.get(0) + "," + ORDERS.get(1) + "], \"next\": \"c2\"}");
    } else if (after.equals("c2")) {
      respond(e, 200, "{\"orders\": [" + ORDERS.get(2) + "], \"next\": null}");
    } else {
      respond(e, 400, "{}");
    }
  }

  private static Map<String, String> query(HttpExchange e) {
    Map<String, String> q = new HashMap<>();
    String raw = e.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String p : raw.split("&")) {
        String[] kv = p.split("=", 2);
        q.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private static void respond(HttpExchange e, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type", "application/json");
    e.sendResponseHeaders(status, bytes.length);
    try (var out = e.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void pagesAreFollowedATransient503IsRetriedAndABadElementIsRejected() throws Exception {
    LoadRunner.Result r = results.get("customers");
    assertThat(r.read(), equalTo(6L));
    assertThat(r.staged(), equalTo(5L));
    assertThat(Sql.map(db.spec(), "select locator, reason_code || ' ' || source_name from ctl.rejects"
        + " where run_id = 'http-run-1' and domain = 'customers'"), equalTo(Map.of("page:2:1",
        "HTTP_INVALID_RECORD api.customers")));
    assertThat("page 2 was asked twice: a 503, then the retry", page2Attempts.get(), is(2));
    assertThat(requests.size(), is(5));
    assertThat("every request carried the bearer token", requests, everyItem(containsString(" Bearer " + TOKEN)));
    assertThat("the window is sent", requests.get(0), startsWith("/customers?updated_since=2026-11-01T00%3A00%3A00Z"
        + "&updated_before=2026-11-03T00%3A00%3A00Z&page=1&size=2"));
    assertThat(Sql.map(db.spec(), "select customer_id, first_name || ' ' || last_name from dw.tb_customers"
        + " where source_system = 'api' order by 1"), equalTo(Map.of("1", "Ann Lee", "2", "Ben Ng", "3", "Cy Ode",
        "4", "Di Po", "5", "Ed Qi")));
  }

  @Test
  void ordersByCursorAreJoinedWithTheirLinesAndPriced() throws Exception {
    assertThat(results.get("orders").read(), equalTo(3L));
    assertThat(results.get("order_items").read(), equalTo(4L));
    assertThat(Sql.map(db.spec(), "select order_id, items_net || '/' || shipping_fee || '/' || line_count"
            + " from dw.tb_orders where source_system = 'api' order by 1"),
        equalTo(Map.of("1", "40.98/4.99/2", "2", "30.00/0.00/1", "3", "0.00/0.00/0")));
    assertThat(Sql.rows(db.spec(), "select discount_applied from dw.tb_order_items where order_id = 1 and line_no = 1")
        .get(0).get("discount_applied"), equalTo(new BigDecimal("4.00")));
    assertThat(Sql.map(db.spec(), "select locator, reason_code || ' ' || source_name from ctl.rejects"
        + " where run_id = 'http-run-1' and domain = 'order_items'"), equalTo(Map.of("key:77/1",
        "ORDER_NOT_FOUND api.lines")));
  }

  @Test
  void aPermanentFailureEndsTheReadWithOneClearLine() throws Exception {
    SourceSpec broken = MappingParser.parse("sources:\n  - {name: api.broken, domain: customers, source_system: b,"
        + " kind: http, columns: {customer_id: id}, http: {url: \"http://127.0.0.1:" + server.getAddress().getPort()
        + "/broken\", retry: {attempts: 3, backoff_ms: 1}}}\n", "m.yml", "/", Map.of()).sources().get(0);
    List<Long> waits = new ArrayList<>();
    HttpPages pages = new HttpPages(broken, waits::add);
    IOException e = assertThrows(IOException.class, () -> pages.readAll(null, null, 10));
    assertThat(e.getMessage(), is("api.broken: GET http://127.0.0.1:" + server.getAddress().getPort()
        + "/broken failed after 3 attempt(s): status 500"));
    assertThat("exponential backoff between attempts", waits, equalTo(List.of(1L, 2L)));
  }
}
