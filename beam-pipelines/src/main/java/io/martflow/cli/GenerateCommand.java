package io.martflow.cli;

import io.martflow.demo.DemoSourceException;
import io.martflow.demo.PartnerStore;
import io.martflow.demo.ShopCounts;
import io.martflow.demo.ShopGenerator;
import io.martflow.demo.ShopReference;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Migrations;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the deterministic demo source (schema shop) into the source database, or a partner store. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the demo e-commerce source: drop and recreate schema shop in the source database and fill",
      "it with --days days of history (customers, products, orders, order_items) with dirty rows at",
      "documented rates (docs/demo-data.md). The same options always give the same data.",
      "Migrates the warehouse first: the generator draws from its reference data.",
      "With --as csv (and --out DIR) or --as http (and --port N) it makes a second store instead, as a",
      "partner would send it: CSV exports in DIR, or a JSON API on localhost, each with the mapping file",
      "DIR/sources.yml that loads it next to the shop (docs/sources.md). Schema shop is not touched."
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--as", paramLabel = "db|csv|http", defaultValue = "db",
      description = "db: schema shop (default); csv: partner CSV files in --out; http: serve a partner API on --port.")
  String as;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder of the CSV files (--as csv) or of the mapping file (--as http; default $MARTFLOW_HOME/partner-api).")
  java.nio.file.Path out;

  @Option(names = "--port", defaultValue = "8765", description = "Port of the partner API (--as http; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--source-system", paramLabel = "NAME",
      description = "Key namespace of the partner store in its mapping (default partner_csv or partner_api).")
  String sourceSystem;

  @Option(names = "--scale", paramLabel = "S",
      description = "Size: about 10,000 x S customers, 2,000 x S products, 555 x S orders a day (default 1, a partner store 0.1; at least 0.01).")
  Double scaleOption;

  double scale;

  @Option(names = "--days", defaultValue = "90", paramLabel = "D",
      description = "Days of history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of every random choice (default 42, a partner store 7: another store than the shop).")
  Long seedOption;

  long seed;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD",
      description = "First day of the history, UTC (default: today minus --days, so the history ends today).")
  String startDate;

  @Override
  public Integer call() throws Exception {
    boolean partner = !as.equals("db");
    if (!java.util.List.of("db", "csv", "http").contains(as)) {
      throw CliException.usage("--as must be db, csv or http, not '" + as + "'");
    }
    if (as.equals("csv") && out == null) {
      throw CliException.usage("--as csv writes files: give --out DIR");
    }
    scale = scaleOption != null ? scaleOption : partner ? 0.1 : 1;
    seed = seedOption != null ? seedOption : partner ? 7 : 42;
    if (sourceSystem != null && !io.martflow.io.sources.MappingParser.SOURCE_SYSTEM.matcher(sourceSystem).matches()) {
      throw CliException.usage("--source-system must be lower-case letters, digits and _, not '" + sourceSystem + "'");
    }
    ShopGenerator.Options options = options();
    if (partner) {
      try {
        return partnerStore(options);
      } catch (DemoSourceException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    try (Connections connections = Connections.fromEnvironment()) {
      ConnectionSpec warehouse = connections.warehouse();
      Progress step = Progress.start("migrate warehouse");
      Migrations.migrate(warehouse);
      step.done();
      ShopReference reference;
      try (Connection c = warehouse.open()) {
        reference = ShopReference.load(c);
      }
      ConnectionSpec source = connections.source();
      ShopCounts counts = new ShopGenerator(reference, options).generate(source, new DemoProgress());
      System.out.printf(Locale.ROOT, "Generated the demo shop in schema shop of %s:%n", source.describe());
      System.out.printf(Locale.ROOT, "  history      %s .. %s (%d days, scale %s, seed %d)%n", options.startDate(),
          options.endDate().minusDays(1), options.days(), plain(options.scale()), options.seed());
      System.out.printf(Locale.ROOT, "  customers    %,12d rows%n", counts.customers());
      System.out.printf(Locale.ROOT, "  products     %,12d rows%n", counts.products());
      System.out.printf(Locale.ROOT, "  orders       %,12d rows%n", counts.orders());
      System.out.printf(Locale.ROOT, "  order_items  %,12d rows%n", counts.orderItems());
      System.out.println("Dirty rows are included at the rates of docs/demo-data.md. Next: martflow simulate --days 1");
      return ExitCodes.OK;
    } catch (DemoSourceException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** A second store as CSV files or a served JSON API, with its mapping file. */
  private int partnerStore(ShopGenerator.Options options) throws Exception {
    try (Connections connections = Connections.fromEnvironment()) {
      ConnectionSpec warehouse = connections.warehouse();
      Progress step = Progress.start("migrate warehouse");
      Migrations.migrate(warehouse);
      step.done();
      ShopReference reference;
      try (Connection c = warehouse.open()) {
        reference = ShopReference.load(c);
      }
      if (as.equals("csv")) {
        String system = sourceSystem != null ? sourceSystem : "partner_csv";
        PartnerStore.Written w = PartnerStore.writeCsv(reference, options, connections.source(), out, system,
            new DemoProgress());
        System.out.printf(Locale.ROOT, "Wrote a partner store (%s .. %s, scale %s, seed %d) as CSV to %s:%n",
            options.startDate(), options.endDate().minusDays(1), plain(options.scale()), options.seed(), out);
        w.rows().forEach((table, rows) -> System.out.printf(Locale.ROOT, "  %-12s %,12d rows  %s%n", table, rows,
            PartnerStore.CSV_FILES_BY_TABLE.get(table)));
        System.out.println("Mapping: " + w.mapping() + " (source_system " + system + ", with the shop)");
        System.out.println("Next: martflow sources validate " + w.mapping() + " && martflow demo --sources " + w.mapping());
        return ExitCodes.OK;
      }
      String system = sourceSystem != null ? sourceSystem : "partner_api";
      PartnerStore.JsonStore store = PartnerStore.readJson(reference, options, connections.source(), new DemoProgress());
      java.nio.file.Path dir = out != null ? out : Connections.home(Connections.currentEnvironment()).resolve("partner-api");
      try (io.martflow.demo.PartnerApi api = io.martflow.demo.PartnerApi.start(store, port)) {
        java.nio.file.Path mapping = PartnerStore.writeHttpMapping(dir, system, api.baseUrl());
        System.out.printf(Locale.ROOT, "Serving a partner store (%s .. %s, scale %s, seed %d) at %s%n",
            options.startDate(), options.endDate().minusDays(1), plain(options.scale()), options.seed(), api.baseUrl());
        store.tables().forEach((table, rows) -> System.out.printf(Locale.ROOT, "  %-12s %,12d rows  %s/%s%n", table,
            rows.size(), api.baseUrl(), table));
        System.out.println("Mapping: " + mapping + " (source_system " + system + ", with the shop)");
        System.out.println("In another terminal: martflow demo --sources " + mapping + "   (Ctrl-C here stops the API)");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return ExitCodes.OK;
    }
  }

  private ShopGenerator.Options options() {
    LocalDate start;
    if (startDate == null) {
      start = ShopGenerator.Options.defaultStartDate(Math.max(days, 0), Clock.systemUTC());
    } else {
      try {
        start = LocalDate.parse(startDate.strip());
      } catch (DateTimeParseException e) {
        throw CliException.usage("--start-date must be a date like 2025-01-31, not '" + startDate + "'");
      }
    }
    try {
      return new ShopGenerator.Options(scale, days, seed, start);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
