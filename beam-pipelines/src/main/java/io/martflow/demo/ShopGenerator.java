package io.martflow.demo;

import io.martflow.warehouse.ConnectionSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the demo operational source: drops and recreates schema shop in the source database and
 * fills it with {@code days} days of shop history from {@code startDate} (UTC): about 10,000 x
 * scale customers, 2,000 x scale products and 555 x scale orders a day with 1 to 8 lines each,
 * dirty at the rates of {@link DirtyKind}. The same reference data and options always give
 * byte-identical tables. Rows are generated as a stream (memory grows only with the number of
 * customers and products) and loaded with COPY on three connections at once.
 *
 * <pre>
 * ShopCounts counts = new ShopGenerator(ShopReference.load(warehouseConnection),
 *     new ShopGenerator.Options(1.0, 90, 42, LocalDate.of(2025, 1, 1))).generate(sourceSpec, listener);
 * </pre>
 */
public final class ShopGenerator {
  /** Bumped when the same options start giving different data. */
  public static final int VERSION = 1;
  public static final double MIN_SCALE = 0.01;
  public static final double MAX_SCALE = 1000;
  public static final int MAX_DAYS = 3660;

  /** What to generate. {@code startDate} is the first day of the history, [startDate, startDate + days). */
  public record Options(double scale, int days, long seed, LocalDate startDate) {
    public Options {
      Objects.requireNonNull(startDate, "startDate");
      scale = Math.round(scale * 10_000) / 10_000.0; // what shop.generator_state keeps
      if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
        throw new IllegalArgumentException("--scale must be between " + MIN_SCALE + " and " + (int) MAX_SCALE
            + ", not " + scale);
      }
      if (days < 1 || days > MAX_DAYS) {
        throw new IllegalArgumentException("--days must be between 1 and " + MAX_DAYS + ", not " + days);
      }
      if (startDate.getYear() < 2000 || startDate.plusDays(days).getYear() > 9000) {
        throw new IllegalArgumentException("--start-date must be in the year 2000 or later, not " + startDate);
      }
    }

    /** The default start date: {@code days} days before today (UTC), so the history ends today. */
    public static LocalDate defaultStartDate(int days, java.time.Clock clock) {
      return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days);
    }

    public LocalDate endDate() {
      return startDate.plusDays(days);
    }
  }

  private static final SqlSections SCHEMA = SqlSections.load("source/shop_schema.sql");
  private static final SqlSections QUERIES = SqlSections.load("source/shop_queries.sql");

  private final ShopReference reference;
  private final Options options;

  public ShopGenerator(ShopReference reference, Options options) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Replaces schema shop of {@code source} with a freshly generated shop; returns the tables' row counts. */
  public ShopCounts generate(ConnectionSpec source, GenerationListener listener) throws SQLException {
    GenerationListener progress = listener == null ? GenerationListener.NONE : listener;
    progress.progress("prepare generator", 0, false);
    ShopContext ctx = new ShopContext(reference, options.seed());
    progress.progress("prepare generator", 0, true);
    double scale = options.scale();
    long startDay = options.startDate().toEpochDay();
    long cutoff = ShopCalendar.dayStart(startDay + options.days());
    double customersPerDay = DailyActivity.customersPerDay(scale, options.days());
    double productsPerDay = DailyActivity.productsPerDay(scale, options.days());

    try (Connection admin = source.open()) {
      admin.setAutoCommit(true);
      progress.progress("recreate schema shop", 0, false);
      try (Statement st = admin.createStatement()) {
        st.execute(QUERIES.get("drop_schema"));
        st.execute(SCHEMA.get("tables"));
      }
      progress.progress("recreate schema shop", 0, true);
      List<Connection> connections = new ArrayList<>();
      List<CopySink> sinks = new ArrayList<>();
      try {
        for (String name : new String[] {"customers-products", "orders", "order-items"}) {
          Connection c = source.open();
          c.setAutoCommit(false);
          connections.add(c);
          sinks.add(new CopySink(c, name));
        }
        TableWriter customerWriter = new TableWriter(sinks.get(0), ShopTable.CUSTOMERS);
        TableWriter productWriter = new TableWriter(sinks.get(0), ShopTable.PRODUCTS);
        TableWriter orderWriter = new TableWriter(sinks.get(1), ShopTable.ORDERS);
        TableWriter lineWriter = new TableWriter(sinks.get(2), ShopTable.ORDER_ITEMS);
        TableWriter[] writers = {customerWriter, productWriter, orderWriter, lineWriter};

        CustomerPool customers = new CustomerPool(options.seed());
        ProductPool products = new ProductPool(options.seed());
        IdSequence customerIds = new IdSequence(1);
        IdSequence productIds = new IdSequence(1);
        IdSequence orderIds = new IdSequence(1);
        DailyActivity activity = new DailyActivity(ctx, options.seed(), startDay, startDay, scale, customersPerDay,
            productsPerDay, customers, products, customerIds, productIds, orderIds, customerWriter, productWriter,
            orderWriter, lineWriter);

        long totalCustomers = Math.max(1, Math.round(DailyActivity.CUSTOMERS * scale));
        long totalProducts = Math.max(1, Math.round(DailyActivity.PRODUCTS * scale));
        long baseCustomers = Math.max(1, totalCustomers
            - DailyActivity.arrivalsUntil(customersPerDay, activity.signupPhase(), options.days()));
        long baseProducts = Math.max(1, totalProducts
            - DailyActivity.arrivalsUntil(productsPerDay, activity.launchPhase(), options.days()));

        String step = "generate " + options.days() + " days";
        progress.progress(step, 0, false);
        for (int d = 0; d < options.days(); d++) {
          long day = startDay + d;
          long dayStart = ShopCalendar.dayStart(day);
          boolean first = d == 0;
          activity.run(day, first ? baseCustomers : 0, first ? baseProducts : 0,
              first ? dayStart + ShopCalendar.HOUR : dayStart, cutoff);
          progress.progress(step, TableWriter.rows(writers), false);
        }
        for (TableWriter w : writers) {
          w.flush();
        }
        for (CopySink sink : sinks) {
          sink.drain();
        }
        for (Connection c : connections) {
          c.commit();
        }
        progress.progress(step, TableWriter.rows(writers), true);

        progress.progress("index and analyze shop", 0, false);
        buildIndexes(connections);
        try (Statement st = admin.createStatement()) {
          st.execute(QUERIES.get("analyze"));
        }
        new GeneratorState(VERSION, options.seed(), BigDecimal.valueOf(scale), options.startDate(),
            options.endDate(), options.days(), 0, decimal(customersPerDay), decimal(productsPerDay),
            customerIds.peek(), productIds.peek(), orderIds.peek(), null).insert(admin);
        progress.progress("index and analyze shop", 0, true);
        return new ShopCounts(customerWriter.rows(), productWriter.rows(), orderWriter.rows(), lineWriter.rows());
      } finally {
        for (CopySink sink : sinks) {
          sink.close();
        }
        for (Connection c : connections) {
          try {
            c.rollback();
          } catch (SQLException ignored) {
            // closing anyway
          }
          c.close();
        }
      }
    }
  }

  /**
   * Runs the statements of section 'indexes' with one connection per large table at once (on a
   * multi-core server the order_items, orders and customer/product indexes build side by side).
   */
  private static void buildIndexes(List<Connection> connections) throws SQLException {
    Map<Integer, List<String>> byConnection = new TreeMap<>();
    Pattern table = Pattern.compile("\\son\\s+shop\\.(\\w+)");
    for (String statement : SCHEMA.get("indexes").split(";")) {
      String sql = statement.lines().filter(l -> !l.strip().startsWith("--"))
          .collect(Collectors.joining("\n")).strip();
      if (sql.isEmpty()) {
        continue;
      }
      Matcher m = table.matcher(sql);
      String name = m.find() ? m.group(1) : "";
      int slot = name.equals("order_items") ? 0 : name.equals("orders") ? 1 : 2;
      byConnection.computeIfAbsent(slot % connections.size(), k -> new ArrayList<>()).add(sql);
    }
    ExecutorService pool = Executors.newFixedThreadPool(byConnection.size());
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (Map.Entry<Integer, List<String>> e : byConnection.entrySet()) {
        Connection c = connections.get(e.getKey());
        done.add(pool.submit(() -> {
          try (Statement st = c.createStatement()) {
            st.execute("set maintenance_work_mem = '256MB'");
            for (String sql : e.getValue()) {
              st.execute(sql);
            }
          }
          c.commit();
          return null;
        }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while building indexes", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static BigDecimal decimal(double v) {
    return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP);
  }
}
