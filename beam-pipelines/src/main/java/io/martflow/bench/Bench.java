package io.martflow.bench;

import io.martflow.control.Flow;
import io.martflow.demo.GenerationListener;
import io.martflow.demo.ShopCounts;
import io.martflow.demo.ShopGenerator;
import io.martflow.demo.ShopReference;
import io.martflow.demo.ShopSimulator;
import io.martflow.io.SqlIdentifiers;
import io.martflow.pipelines.LoadRunner;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Migrations;
import io.martflow.warehouse.SqlRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * `martflow bench`: generates the source at a scale, times every stage of a full run and of an
 * incremental run, and measures in the same run the baselines our load is compared with — the
 * same order line cleaning and pricing as one INSERT ... SELECT in PostgreSQL, and COPY out plus
 * COPY in of the same rows (the floor for moving them). Results are ratios, never assertions.
 */
public final class Bench {
  public static final Set<String> STAGES = Set.of("generate", "baselines", "run", "incremental");

  private Bench() {}

  public record Options(double scale, int days, long seed, LocalDate start, Set<String> stages, String database,
      List<String> beamArgs) {}

  /** One timed thing: its stage (load, publish, model...), what (a domain, a model), rows and seconds. */
  public record Timing(String stage, String name, double seconds, Long rows, Map<String, Double> busy) {
    public Double rowsPerSecond() {
      return rows == null || seconds <= 0 ? null : rows / seconds;
    }
  }

  public record Result(Options options, Map<String, Object> machine, ShopCounts source, List<Timing> timings,
      Map<String, Double> ratios, Map<String, Long> memory) {}

  public static Result run(Connections base, Options o, PrintStream progress) throws Exception {
    ConnectionSpec db = prepareDatabase(base.warehouse(), o.database(), progress);
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", db.jdbcUrl());
    if (db.user() != null) {
      env.put("MARTFLOW_DB_USER", db.user());
    }
    if (db.password().kind().equals("file")) {
      env.put("MARTFLOW_DB_PASSWORD_FILE", db.password().location());
    } else if (db.password().kind().equals("env")) {
      env.put("MARTFLOW_DB_PASSWORD", System.getenv(db.password().location()));
    }
    List<Timing> timings = new ArrayList<>();
    Map<String, Double> ratios = new LinkedHashMap<>();
    Map<String, Long> memory = new LinkedHashMap<>();
    ShopCounts counts = null;
    LocalDate end = o.start().plusDays(o.days());

    if (o.stages().contains("generate")) {
      long t = System.nanoTime();
      ShopReference reference;
      try (Connection c = db.open()) {
        reference = ShopReference.load(c);
      }
      counts = new ShopGenerator(reference, new ShopGenerator.Options(o.scale(), o.days(), o.seed(), o.start()))
          .generate(db, GenerationListener.NONE);
      timings.add(new Timing("generate", "shop", seconds(t), counts.total(), Map.of()));
      progress.printf("generated scale %s: %,d rows in %.1f s%n", o.scale(), counts.total(), seconds(t));
    }
    if (o.stages().contains("baselines")) {
      timings.addAll(baselines(db, progress));
      try (Connections connections = Connections.from(env)) {
        timings.add(orderItemsAlone(db, connections, instant(end), o.beamArgs(), progress));
      }
    }
    if (o.stages().contains("run")) {
      Memory.resetPeaks();
      try (Connections connections = Connections.from(env)) {
        Flow.Outcome full = Flow.run(connections, new Flow.Request(null, instant(end), List.of(), true, "bench-full",
            o.beamArgs()), progress);
        List<Timing> steps = steps(db, full);
        timings.addAll(steps);
        timings.add(new Timing("run", "full", full.seconds(), null, Map.of()));
      }
      memory.put("peak_heap_bytes", Memory.peakHeapBytes());
      memory.put("peak_rss_bytes", Memory.peakRssBytes());
      memory.put("max_heap_bytes", Memory.maxHeapBytes());
    }
    if (o.stages().contains("incremental")) {
      ShopReference reference;
      try (Connection c = db.open()) {
        reference = ShopReference.load(c);
      }
      ShopSimulator.Result day = new ShopSimulator(reference).simulate(db, 1, null, GenerationListener.NONE);
      long changed = day.inserted().total() + day.updated().total();
      try (Connections connections = Connections.from(env)) {
        Flow.Outcome incremental = Flow.run(connections, new Flow.Request(instant(day.from()), instant(day.to()),
            List.of(), false, "bench-incremental", o.beamArgs()), progress);
        timings.addAll(steps(db, incremental));
        timings.add(new Timing("run", "incremental", incremental.seconds(), changed, Map.of()));
      }
    }
    ratios.putAll(ratios(timings));
    return new Result(o, machine(), counts, timings, ratios, memory);
  }

  /** Drops and creates the bench database beside the warehouse, then migrates it. */
  static ConnectionSpec prepareDatabase(ConnectionSpec warehouse, String database, PrintStream progress)
      throws Exception {
    SqlIdentifiers.quote(database);
    ConnectionSpec admin = withDatabase(warehouse, "postgres");
    try (Connection c = admin.open(); Statement s = c.createStatement()) {
      s.execute("drop database if exists " + SqlIdentifiers.quote(database) + " with (force)");
      s.execute("create database " + SqlIdentifiers.quote(database));
    }
    ConnectionSpec db = withDatabase(warehouse, database);
    Migrations.migrate(db);
    progress.println("bench database " + db.describe() + " created and migrated");
    return db;
  }

  static ConnectionSpec withDatabase(ConnectionSpec spec, String database) {
    String url = spec.jdbcUrl();
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?', slash);
    String rest = query < 0 ? "" : url.substring(query);
    return new ConnectionSpec(url.substring(0, slash + 1) + database + rest, spec.user(), spec.password());
  }

  /** The in-database baseline and the COPY floor, on the same order lines. */
  static List<Timing> baselines(ConnectionSpec db, PrintStream progress) throws Exception {
    List<Timing> out = new ArrayList<>();
    try (Connection c = db.open()) {
      SqlRunner.runInTransaction(c, "bench/bench_tables.sql", Map.of());
      long t = System.nanoTime();
      long[] counts = SqlRunner.runInTransaction(c, "bench/order_items_in_database.sql", Map.of());
      out.add(new Timing("baseline", "order_items_in_database", seconds(t), counts[counts.length - 1], Map.of()));
      progress.printf("baseline: order lines cleaned and priced in PostgreSQL in %.1f s%n", seconds(t));

      t = System.nanoTime();
      PGConnection pg = c.unwrap(PGConnection.class);
      ByteArrayOutputStream rows = new ByteArrayOutputStream(64 << 20);
      long out1 = pg.getCopyAPI().copyOut("copy shop.order_items to stdout", rows);
      c.setAutoCommit(false);
      long in = pg.getCopyAPI().copyIn("copy bench.order_items_copy from stdin", new ByteArrayInputStream(rows.toByteArray()));
      c.commit();
      c.setAutoCommit(true);
      out.add(new Timing("baseline", "order_items_copy_out_in", seconds(t), in, Map.of()));
      progress.printf("baseline: %,d order lines copied out and in in %.1f s%n", out1, seconds(t));
    }
    return out;
  }

  /**
   * The order_items load on its own pipeline (what Airflow runs, one task per domain), full
   * refresh, staged but not published; compared with the in-database baseline, which also does
   * order lines only. In a flow, orders and order items share one pipeline (Flow). Its stage rows
   * are removed afterwards, outside the timing, so the run that follows starts as it would.
   */
  static Timing orderItemsAlone(ConnectionSpec db, Connections connections, Instant end, List<String> beamArgs,
      PrintStream progress) throws Exception {
    String runId = "bench-items-alone";
    LoadRunner.Result r = LoadRunner.run(io.martflow.pipelines.Pipelines.definition(
        io.martflow.warehouse.Manifest.load().requireDomain("order_items")),
        Flow.loadArgs(beamArgs, runId, null, io.martflow.control.Window.full(end)), connections);
    progress.println("baseline: " + LoadRunner.summary(r) + " (its own pipeline)");
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("delete from stage.tmp_order_items where run_id = '" + runId + "'");
      s.execute("delete from ctl.rejects where run_id = '" + runId + "'");
    }
    return new Timing("load_alone", "order_items", r.seconds(), r.read(), r.busySeconds());
  }

  /** Every step of a run as ctl.run_log recorded it, loads with their busy seconds per stage. */
  static List<Timing> steps(ConnectionSpec db, Flow.Outcome outcome) throws Exception {
    List<Timing> out = new ArrayList<>();
    String kind = outcome.runId().endsWith("full") ? "" : "incremental ";
    try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
        "select step, coalesce(domain, model, ''), extract(epoch from finished_at - started_at),"
            + " coalesce(rows_read, rows_published) from ctl.run_log where run_id = ? order by run_log_id")) {
      ps.setString(1, outcome.runId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String step = rs.getString(1);
          String name = rs.getString(2);
          Map<String, Double> busy = Map.of();
          if (step.equals("load") && outcome.loads().containsKey(name)) {
            LoadRunner.Result r = outcome.loads().get(name);
            busy = r.busySeconds();
          }
          out.add(new Timing(kind + step, name, rs.getDouble(3), rs.getObject(4) == null ? null : rs.getLong(4), busy));
        }
      }
    }
    return out;
  }

  static Map<String, Double> ratios(List<Timing> timings) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    Timing load = find(timings, "load_alone", "order_items");
    if (load == null) {
      load = find(timings, "load", "order_items");
    }
    Timing inDb = find(timings, "baseline", "order_items_in_database");
    Timing copy = find(timings, "baseline", "order_items_copy_out_in");
    Timing full = find(timings, "run", "full");
    Timing incremental = find(timings, "run", "incremental");
    if (load != null && inDb != null) {
      ratios.put("order_items_load_vs_in_database", load.seconds() / inDb.seconds());
    }
    if (load != null && copy != null) {
      ratios.put("order_items_load_vs_copy_floor", load.seconds() / copy.seconds());
    }
    if (full != null && incremental != null) {
      ratios.put("incremental_vs_full_run", incremental.seconds() / full.seconds());
    }
    return ratios;
  }

  private static Timing find(List<Timing> timings, String stage, String name) {
    return timings.stream().filter(t -> t.stage().equals(stage) && t.name().equals(name)).findFirst().orElse(null);
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("started", Instant.now().toString());
    return m;
  }

  private static Instant instant(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
