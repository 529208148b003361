package io.martflow.cli;

import io.martflow.demo.DemoSourceException;
import io.martflow.demo.ShopReference;
import io.martflow.demo.ShopSimulator;
import io.martflow.demo.ShopTable;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Migrations;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Appends days to the generated demo source: new rows and updates of existing ones. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Move the generated demo shop forward by --days days after its last day: new customers, products",
      "and orders, and updates of existing rows (order status progress and deliveries, address, e-mail and",
      "phone changes, soft deletes, price and stock changes, discontinued products, lines added to recent",
      "orders) with updated_at inside the new days. Run 'martflow generate' first."
    })
final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--days", defaultValue = "1", paramLabel = "N",
      description = "Days to add (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of the new days' random choices (default: the seed of 'generate').")
  Long seed;

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > ShopSimulator.MAX_DAYS) {
      throw CliException.usage("--days must be between 1 and " + ShopSimulator.MAX_DAYS + ", not " + days);
    }
    try (Connections connections = Connections.fromEnvironment()) {
      ConnectionSpec warehouse = connections.warehouse();
      Migrations.migrate(warehouse);
      ShopReference reference;
      try (Connection c = warehouse.open()) {
        reference = ShopReference.load(c);
      }
      ConnectionSpec source = connections.source();
      ShopSimulator.Result result = new ShopSimulator(reference).simulate(source, days, seed, new DemoProgress());
      System.out.printf(Locale.ROOT, "Simulated %s .. %s (%d day%s) in schema shop of %s:%n", result.from(),
          result.to().minusDays(1), days, days == 1 ? "" : "s", source.describe());
      System.out.printf(Locale.ROOT, "  %-12s %12s %12s %12s%n", "table", "inserted", "updated", "rows now");
      for (ShopTable t : ShopTable.values()) {
        System.out.printf(Locale.ROOT, "  %-12s %,12d %,12d %,12d%n", t.tableName(), result.inserted().of(t),
            result.updated().of(t), result.totals().of(t));
      }
      return ExitCodes.OK;
    } catch (DemoSourceException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
