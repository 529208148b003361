package io.martflow.cli;

import io.martflow.demo.DemoSourceException;
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

/** Writes the deterministic demo source (schema shop) into the source database. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the demo e-commerce source: drop and recreate schema shop in the source database and fill",
      "it with --days days of history (customers, products, orders, order_items) with dirty rows at",
      "documented rates (docs/demo-data.md). The same options always give the same data.",
      "Migrates the warehouse first: the generator draws from its reference data."
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--scale", defaultValue = "1", paramLabel = "S",
      description = "Size: about 10,000 x S customers, 2,000 x S products, 555 x S orders a day (default ${DEFAULT-VALUE}; at least 0.01).")
  double scale;

  @Option(names = "--days", defaultValue = "90", paramLabel = "D",
      description = "Days of history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD",
      description = "First day of the history, UTC (default: today minus --days, so the history ends today).")
  String startDate;

  @Override
  public Integer call() throws Exception {
    ShopGenerator.Options options = options();
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
