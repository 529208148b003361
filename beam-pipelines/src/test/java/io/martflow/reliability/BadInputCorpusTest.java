package io.martflow.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;

import com.sun.net.httpserver.HttpServer;
import io.martflow.control.Window;
import io.martflow.io.sources.SourceDomains;
import io.martflow.pipelines.LoadRunner;
import io.martflow.testing.Loads;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.Publisher;
import io.martflow.warehouse.models.ModelRunner;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The bad-input corpus (src/test/resources/reliability/bad_input_corpus.yml): every kind of
 * malformed row, sent through a CSV file, a JSON API, a JDBC table of text columns and a JDBC table
 * typed like the shop's, for each of the four domains, in one full-refresh load per domain on the
 * DirectRunner, then published and built into core and marts.
 *
 * <p>Each case (a kind through one source) carries a unique tag in its key, so every staged row and
 * every reject is traced back to its case. Proven: the loads read exactly the rows written; rows
 * read = staged + rejected per domain and source; each case ends as its one expected outcome (the
 * reject reason, or staged with the documented repair); no row is unaccounted for; one bad row
 * fails neither a load nor the publish nor a model.
 */
class BadInputCorpusTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path dir;

  static final String RUN = "corpus-run-1";
  static final Window WINDOW = Window.full(Instant.parse("2026-11-03T00:00:00Z"));
  static final List<String> SOURCES = List.of("csv", "http", "jdbc", "typed");
  static final List<String> DEFAULT_SOURCES = List.of("csv", "http", "jdbc");
  static final char FF = '\uE0FF'; // stands for the byte 0xFF until the text is encoded
  static final int FIRST_TAG = 7_000_001;

  /** One source row: field -> value (null = missing), or a raw CSV line / JSON element. */
  record Row(Map<String, String> values, String raw) {}

  /**
   * One kind through one source: its rows (two for a duplicate), what must become of them, and the
   * order its lines belong to (order_items).
   */
  record Case(String kind, String domain, String source, long tag, List<Row> rows, String expect,
      Map<String, String> check, Case parent) {
    String name() {
      return kind + " via " + source + " (tag " + tag + ")";
    }
  }

  /** What became of one case: staged rows (column -> text) and reject reasons. */
  record Outcome(List<Map<String, String>> staged, List<String> rejected) {}

  static Map<String, Object> corpus;
  static final List<Case> cases = new ArrayList<>();
  /** domain -> source -> rows written. */
  static final Map<String, Map<String, List<Row>>> written = new TreeMap<>();
  static final Map<String, LoadRunner.Result> results = new LinkedHashMap<>();
  static final Map<String, Publisher.Result> published = new LinkedHashMap<>();
  static List<ModelRunner.ModelResult> models;
  /** domain -> tag -> outcome. */
  static final Map<String, Map<Long, Outcome>> outcomes = new TreeMap<>();
  static final List<String> unattributed = new ArrayList<>();
  static HttpServer server;

  @BeforeAll
  static void loadTheCorpus() throws Exception {
    try (InputStream in = BadInputCorpusTest.class.getClassLoader()
        .getResourceAsStream("reliability/bad_input_corpus.yml")) {
      corpus = new Yaml().load(in);
    }
    buildCases();
    writeSources();
    Path mapping = Files.writeString(dir.resolve("sources.yml"), mapping());
    for (String domain : SourceDomains.NAMES) {
      results.put(domain, Loads.load(db.spec(), domain, RUN, WINDOW, "--sources=" + mapping));
    }
    for (String domain : SourceDomains.NAMES) {
      published.put(domain, Publisher.publish(db.spec(), Manifest.load().requireDomain(domain), RUN, WINDOW));
    }
    models = ModelRunner.build(db.spec(), RUN, List.of(), true);
    collectOutcomes();
  }

  @AfterAll
  static void stopApi() {
    if (server != null) {
      server.stop(0);
    }
  }

  // ------------------------------------------------------------------------------------ the tests

  @Test
  void theCorpusHasEveryKindTheIssueAsksFor() {
    List<Map<String, Object>> kinds = kinds();
    Set<String> domains = kinds.stream().map(k -> (String) k.get("domain")).collect(Collectors.toSet());
    Set<String> sources = cases.stream().map(Case::source).collect(Collectors.toSet());
    Set<String> reasons = cases.stream().map(Case::expect).collect(Collectors.toCollection(TreeSet::new));
    assertThat("kinds of malformed rows", kinds.size(), greaterThanOrEqualTo(40));
    assertThat(domains, equalTo(Set.of("customers", "products", "orders", "order_items")));
    assertThat(sources, equalTo(Set.copyOf(SOURCES)));
    assertThat(reasons, hasItems("MISSING_KEY", "MISSING_CUSTOMER_KEY", "MISSING_PRODUCT_KEY", "MISSING_ORDER_TS",
        "NO_CONTACT", "NEGATIVE_PRICE", "INVALID_QUANTITY", "QUANTITY_TOO_LARGE", "INVALID_UNIT_PRICE",
        "INVALID_DISCOUNT", "INVALID_TAX_RATE", "ORDER_TS_TOO_OLD", "ORDER_TS_IN_FUTURE", "UNKNOWN_STATUS",
        "UPDATED_AT_IN_FUTURE", "AMOUNT_OUT_OF_RANGE", "TEXT_TOO_LONG", "ENCODING_ERROR", "INVALID_NUMBER",
        "INVALID_DATE", "PARSE_ERROR", "CSV_FIELD_COUNT", "CSV_QUOTING", "HTTP_INVALID_RECORD", "DUPLICATE",
        "ORDER_REJECTED", "ORDER_NOT_FOUND", "STAGED"));
    // Figures for docs/reliability.md.
    System.out.printf("bad-input corpus: %d kinds, %d cases, %d rows written, %d read, %d staged, %d rejected%n",
        kinds.size(), cases.size(), written.values().stream().flatMap(m -> m.values().stream())
            .mapToLong(List::size).sum(), results.values().stream().mapToLong(LoadRunner.Result::read).sum(),
        results.values().stream().mapToLong(LoadRunner.Result::staged).sum(),
        results.values().stream().mapToLong(LoadRunner.Result::rejected).sum());
  }

  @Test
  void everyRowWrittenIsReadAndEveryRowReadIsStagedOrRejected() throws Exception {
    for (String domain : SourceDomains.NAMES) {
      LoadRunner.Result r = results.get(domain);
      Map<String, Long> perSource = new TreeMap<>();
      written.get(domain).forEach((source, rows) -> perSource.put(source + "." + domain, (long) rows.size()));
      assertThat(domain + ": rows read per source = rows written", new TreeMap<>(r.readBySource()),
          equalTo(perSource));
      assertThat(domain + ": read = staged + rejected", r.read(), equalTo(r.staged() + r.rejected()));
      assertThat(domain + ": staged rows", Sql.count(db.spec(), "select count(*) from stage.tmp_" + domain
          + " where run_id = '" + RUN + "'"), equalTo(r.staged()));
      assertThat(domain + ": rejects", Sql.count(db.spec(), "select count(*) from ctl.rejects where run_id = '" + RUN
          + "' and domain = '" + domain + "'"), equalTo(r.rejected()));
      for (String source : SOURCES) {
        long in = written.get(domain).get(source).size();
        long staged = Sql.count(db.spec(), "select count(*) from stage.tmp_" + domain + " where run_id = '" + RUN
            + "' and source_system = 'bad_" + source + "'");
        long rejected = Sql.count(db.spec(), "select count(*) from ctl.rejects where run_id = '" + RUN
            + "' and domain = '" + domain + "' and source_name = '" + source + "." + domain + "'");
        assertThat(domain + " via " + source + ": rows in = staged + rejected", staged + rejected, equalTo(in));
      }
    }
    assertThat("every staged row and every reject belongs to a case", unattributed, empty());
  }

  @TestFactory
  Stream<DynamicTest> eachCaseEndsAsItsExpectedOutcome() {
    List<Case> all = new ArrayList<>(cases);
    cases.stream().map(Case::parent).filter(Objects::nonNull).forEach(all::add);
    return all.stream().map(c -> DynamicTest.dynamicTest(c.domain() + ": " + c.name() + " -> " + c.expect(),
        () -> assertOutcome(c)));
  }

  @Test
  void oneBadRowFailsNeitherThePublishNorAModel() throws Exception {
    for (String domain : SourceDomains.NAMES) {
      assertThat(domain + " published", published.get(domain).published(), greaterThanOrEqualTo(1L));
    }
    assertThat("every model built", models.size(), equalTo(Manifest.load().models().size()));
    assertThat("what SQL text a row carried is data in the warehouse, not SQL",
        Sql.count(db.spec(), "select count(*) from dw.tb_customers where city like '%drop table dw.tb_customers%'"),
        equalTo(4L));
    assertThat(Sql.count(db.spec(), "select count(*) from core.dim_customer where source_system like 'bad_%'"),
        greaterThanOrEqualTo(4L));
    assertThat(Sql.count(db.spec(), "select count(*) from core.fact_orders where source_system like 'bad_%'"),
        greaterThanOrEqualTo(4L));
  }

  // ------------------------------------------------------------------------------------ outcome

  static void assertOutcome(Case c) {
    Outcome o = outcomes.getOrDefault(c.domain(), Map.of()).getOrDefault(c.tag(), new Outcome(List.of(), List.of()));
    String got = "staged " + o.staged().size() + ", rejected " + o.rejected();
    assertThat(c.name() + ": rows in = staged + rejected (" + got + ")", (long) o.staged().size() + o.rejected().size(),
        equalTo((long) c.rows().size()));
    switch (c.expect()) {
      case "STAGED" -> {
        assertThat(c.name() + ": " + got, o.rejected(), empty());
        for (Map.Entry<String, String> e : c.check().entrySet()) {
          assertThat(c.name() + ": staged " + e.getKey(), o.staged().get(0).get(e.getKey()), equalTo(e.getValue()));
        }
      }
      case "DUPLICATE" -> {
        assertThat(c.name() + ": " + got, o.staged().size(), equalTo(1));
        assertThat(c.name() + ": " + got, o.rejected(), equalTo(List.of("DUPLICATE")));
      }
      default -> assertThat(c.name() + ": " + got, o.rejected(), equalTo(List.of(c.expect())));
    }
  }

  /** Reads back every staged row and reject of the run and files it under its case's tag. */
  static void collectOutcomes() throws Exception {
    for (String domain : SourceDomains.NAMES) {
      Map<Long, Outcome> byTag = new TreeMap<>();
      outcomes.put(domain, byTag);
      String key = SourceDomains.of(domain).keyFields().get(0);
      for (Map<String, Object> row : Sql.rows(db.spec(), "select * from stage.tmp_" + domain + " where run_id = '"
          + RUN + "'")) {
        Map<String, String> text = new LinkedHashMap<>();
        row.forEach((k, v) -> text.put(k, v == null ? null : v.toString()));
        long tag = ((Number) row.get(key)).longValue();
        byTag.computeIfAbsent(tag, t -> new Outcome(new ArrayList<>(), new ArrayList<>())).staged().add(text);
      }
      // The tag is in the locator (key:TAG, key:TAG/1) or, for rows whose key was bad, in the payload.
      for (Map<String, Object> row : Sql.rows(db.spec(), "select reason_code, locator, coalesce("
          + " (regexp_match(locator, '^key:(7[0-9]{6})'))[1],"
          + " (regexp_match(payload::text, '(?:^|[^0-9])(7[0-9]{6})(?:[^0-9]|$)'))[1]) as tag"
          + " from ctl.rejects where run_id = '" + RUN + "' and domain = '" + domain + "'")) {
        if (row.get("tag") == null) {
          unattributed.add(domain + " reject " + row.get("locator") + " " + row.get("reason_code"));
          continue;
        }
        long tag = Long.parseLong((String) row.get("tag"));
        byTag.computeIfAbsent(tag, t -> new Outcome(new ArrayList<>(), new ArrayList<>())).rejected()
            .add((String) row.get("reason_code"));
      }
    }
    Set<String> known = new TreeSet<>();
    for (Case c : cases) {
      known.add(c.domain() + "/" + c.tag());
      if (c.parent() != null) {
        known.add("orders/" + c.tag());
      }
    }
    outcomes.forEach((domain, byTag) -> byTag.keySet().stream().filter(t -> !known.contains(domain + "/" + t))
        .forEach(t -> unattributed.add(domain + " tag " + t + ": " + byTag.get(t))));
  }

  // ------------------------------------------------------------------------------------ building cases

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> kinds() {
    return (List<Map<String, Object>>) corpus.get("kinds");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> map(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o != null) {
      ((Map<String, Object>) o).forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static void buildCases() {
    Map<String, Object> base = (Map<String, Object>) corpus.get("base");
    Map<String, String> tagFields = map(corpus.get("tag_fields"));
    long tag = FIRST_TAG;
    for (Map<String, Object> kind : kinds()) {
      String id = (String) kind.get("id");
      String domain = (String) kind.get("domain");
      List<String> sources = kind.containsKey("sources") ? (List<String>) kind.get("sources") : DEFAULT_SOURCES;
      for (String source : sources) {
        if (!SOURCES.contains(source)) {
          throw new IllegalStateException(id + ": unknown source " + source);
        }
        long t = tag++;
        String expect = (String) kind.getOrDefault("expect_" + source, kind.get("expect"));
        Objects.requireNonNull(expect, id + ": no expect");
        List<Row> rows = new ArrayList<>();
        Case parent = null;
        if (kind.containsKey("csv_line") || kind.containsKey("http_element")) {
          String raw = (String) kind.getOrDefault("csv_line", kind.get("http_element"));
          rows.add(new Row(null, expand(raw, t)));
        } else {
          Map<String, String> values = map(base.get(domain));
          Map<String, String> set = map(kind.get("set"));
          set.putAll(map(kind.get("set_" + source)));
          values.putAll(set);
          List<String> keys = SourceDomains.of(domain).keyFields();
          if (!set.containsKey(keys.get(0))) {
            values.put(keys.get(0), Long.toString(t));
          } else {
            values.put(tagFields.get(domain), Long.toString(t));
          }
          values.replaceAll((k, v) -> v == null ? null : expand(v, t));
          rows.add(new Row(values, null));
          if (kind.containsKey("duplicate")) {
            Map<String, String> dup = new LinkedHashMap<>(values);
            dup.putAll(map(kind.get("duplicate")));
            rows.add(new Row(dup, null));
          }
          if (domain.equals("order_items") && !"none".equals(kind.get("parent"))) {
            Map<String, String> order = map(base.get("orders"));
            order.putAll(map(kind.get("parent")));
            order.put("order_id", Long.toString(t));
            parent = new Case(id + " (its order)", "orders", source, t, List.of(new Row(order, null)),
                (String) kind.getOrDefault("parent_expect", "STAGED"), Map.of(), null);
          }
        }
        cases.add(new Case(id, domain, source, t, rows, expect, map(kind.get("check")), parent));
      }
    }
    for (String d : SourceDomains.NAMES) {
      for (String s : SOURCES) {
        written.computeIfAbsent(d, x -> new TreeMap<>()).put(s, new ArrayList<>());
      }
    }
    for (Case c : cases) {
      written.get(c.domain()).get(c.source()).addAll(c.rows());
      if (c.parent() != null) {
        written.get("orders").get(c.source()).addAll(c.parent().rows());
      }
    }
  }

  static String expand(String v, long tag) {
    return v.replace("{TAG}", Long.toString(tag)).replace("{1MB}", "x".repeat(1 << 20))
        .replace("{FF}", String.valueOf(FF));
  }

  /** A value as a CSV or JDBC source holds it: "=TOKEN" is the text TOKEN. */
  static String text(String v) {
    return v != null && v.startsWith("=") ? v.substring(1) : v;
  }

  // ------------------------------------------------------------------------------------ writing sources

  static void writeSources() throws Exception {
    Sql.runSqlFile(db.spec(), "source/shop_schema.sql");
    StringBuilder ddl = new StringBuilder("create schema legacy; create schema typed;\n");
    for (String domain : SourceDomains.NAMES) {
      SourceDomains.Domain d = SourceDomains.of(domain);
      ddl.append("create table typed.").append(domain).append(" (like shop.").append(domain)
          .append(" including defaults);\n");
      ddl.append("create table legacy.").append(domain).append(" (")
          .append(d.fields().stream().map(f -> f + (d.keyFields().contains(f) ? " bigint" : " text"))
              .collect(Collectors.joining(", ")))
          .append(");\n");
    }
    Sql.runText(db.spec(), ddl.toString());

    Map<String, byte[]> bodies = new LinkedHashMap<>();
    for (String domain : SourceDomains.NAMES) {
      List<String> fields = SourceDomains.of(domain).fields();
      // CSV: a header, then each row, every value quoted (a quoted field is never null).
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      write(csv, String.join(",", fields) + "\n");
      for (Row r : written.get(domain).get("csv")) {
        write(csv, (r.raw() != null ? r.raw() : fields.stream().map(f -> {
          String v = text(r.values().get(f));
          return v == null ? "" : '"' + v.replace("\"", "\"\"") + '"';
        }).collect(Collectors.joining(","))) + "\n");
      }
      Path file = dir.resolve("csv").resolve(domain + ".csv");
      Files.createDirectories(file.getParent());
      Files.write(file, csv.toByteArray());

      // HTTP: one JSON array.
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      write(json, "[");
      boolean first = true;
      for (Row r : written.get(domain).get("http")) {
        write(json, (first ? "" : ",\n") + (r.raw() != null ? r.raw() : fields.stream().map(f -> {
          String v = r.values().get(f);
          return '"' + f + "\": " + (v == null ? "null" : v.startsWith("=") ? v.substring(1) : jsonString(v));
        }).collect(Collectors.joining(", ", "{", "}"))));
        first = false;
      }
      write(json, "]");
      bodies.put(domain, json.toByteArray());

      // JDBC: untyped values; the server converts them to the column's type.
      try (Connection c = db.open()) {
        for (String schema : List.of("legacy", "typed")) {
          String sql = "insert into " + schema + "." + domain + " (" + String.join(", ", fields) + ") values ("
              + fields.stream().map(f -> "?").collect(Collectors.joining(", ")) + ")";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row r : written.get(domain).get(schema.equals("legacy") ? "jdbc" : "typed")) {
              for (int i = 0; i < fields.size(); i++) {
                ps.setObject(i + 1, text(r.values().get(fields.get(i))), Types.OTHER);
              }
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
      }
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bodies.forEach((domain, body) -> server.createContext("/" + domain, e -> {
      e.getResponseHeaders().set("Content-Type", "application/json");
      e.sendResponseHeaders(200, body.length);
      try (var out = e.getResponseBody()) {
        out.write(body);
      }
    }));
    server.start();
  }

  /** UTF-8, except that {@link #FF} becomes the byte 0xFF. */
  static void write(ByteArrayOutputStream out, String s) {
    int from = 0;
    for (int i = s.indexOf(FF); i >= 0; i = s.indexOf(FF, from)) {
      out.writeBytes(s.substring(from, i).getBytes(StandardCharsets.UTF_8));
      out.write(0xFF);
      from = i + 1;
    }
    out.writeBytes(s.substring(from).getBytes(StandardCharsets.UTF_8));
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String mapping() {
    StringBuilder m = new StringBuilder("version: 1\nsources:\n");
    for (String domain : SourceDomains.NAMES) {
      String columns = SourceDomains.of(domain).fields().stream().map(f -> "      " + f + ": " + f)
          .collect(Collectors.joining("\n", "    columns:\n", "\n"));
      for (String source : SOURCES) {
        m.append("  - name: ").append(source).append('.').append(domain).append('\n')
            .append("    domain: ").append(domain).append('\n')
            .append("    source_system: bad_").append(source).append('\n');
        switch (source) {
          case "csv" -> m.append("    kind: csv\n    csv: {path: csv/").append(domain).append(".csv}\n");
          case "http" -> m.append("    kind: http\n    http: {url: \"http://127.0.0.1:")
              .append(server.getAddress().getPort()).append('/').append(domain).append("\"}\n");
          default -> m.append("    kind: jdbc\n    jdbc: {schema: ").append(source.equals("jdbc") ? "legacy" : "typed")
              .append(", table: ").append(domain).append("}\n");
        }
        m.append(columns);
      }
    }
    return m.toString();
  }
}
