package io.martflow.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves a {@link PartnerStore.JsonStore} as a paged JSON API on localhost (the JDK's HttpServer):
 * GET /customers, /products, /orders, /order_items with page (from 1), per_page (at most 1000),
 * and optional updated_since / updated_before (ISO instants, [since, before)). A page is
 * {"data": [...], "page": n, "per_page": m}.
 */
public final class PartnerApi implements AutoCloseable {
  private final HttpServer server;

  private PartnerApi(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code port} (0: any free port). */
  public static PartnerApi start(PartnerStore.JsonStore store, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    for (String table : PartnerStore.TABLES) {
      List<PartnerStore.JsonStore.Row> rows = store.tables().get(table);
      server.createContext("/" + table, exchange -> serve(exchange, rows));
    }
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "martflow-partner-api");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new PartnerApi(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  private static void serve(HttpExchange exchange, List<PartnerStore.JsonStore.Row> rows) throws IOException {
    try (exchange) {
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      int page;
      int perPage;
      Instant since;
      Instant before;
      try {
        page = Integer.parseInt(q.getOrDefault("page", "1"));
        perPage = Math.min(1000, Integer.parseInt(q.getOrDefault("per_page", "100")));
        since = q.containsKey("updated_since") ? Instant.parse(q.get("updated_since")) : null;
        before = q.containsKey("updated_before") ? Instant.parse(q.get("updated_before")) : null;
        if (page < 1 || perPage < 1) {
          throw new IllegalArgumentException();
        }
      } catch (RuntimeException e) {
        send(exchange, 400, "{\"error\": \"bad page, per_page, updated_since or updated_before\"}");
        return;
      }
      List<PartnerStore.JsonStore.Row> selected = rows.stream()
          .filter(r -> since == null || (r.updatedAt() != null && !r.updatedAt().isBefore(since)))
          .filter(r -> before == null || (r.updatedAt() != null && r.updatedAt().isBefore(before)))
          .toList();
      int from = Math.min(selected.size(), (page - 1) * perPage);
      int to = Math.min(selected.size(), from + perPage);
      StringBuilder body = new StringBuilder("{\"data\": [");
      for (int i = from; i < to; i++) {
        body.append(i == from ? "" : ",").append(selected.get(i).json());
      }
      body.append("], \"page\": ").append(page).append(", \"per_page\": ").append(perPage).append('}');
      send(exchange, 200, body.toString());
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
