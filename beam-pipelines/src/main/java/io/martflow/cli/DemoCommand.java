package io.martflow.cli;

import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The whole product on one machine: fresh warehouse, generated source, the flow, a summary. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run martflow end to end on the embedded PostgreSQL: a fresh warehouse (unless --keep),",
      "a generated shop source, every domain load, the marts, the quality checks and a report."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--keep", description = "Keep the existing warehouse instead of starting from an empty one.")
  boolean keep;

  @Option(names = "--force",
      description = "Allow resetting a configured (MARTFLOW_DB_URL) warehouse; the embedded one resets freely.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    try (Connections connections = Connections.fromEnvironment()) {
      if (!keep && !connections.usesEmbedded() && !force) {
        throw CliException.usage("demo would empty the configured warehouse " + connections.warehouse().describe()
            + "; pass --force to allow it or --keep to keep it");
      }
      ConnectionSpec warehouse = connections.warehouse();
      Progress step = Progress.start(keep ? "migrate warehouse" : "reset warehouse");
      if (keep) {
        Migrations.migrate(warehouse);
      } else {
        Migrations.reset(warehouse);
      }
      step.done();
      System.out.println();
      System.out.println("martflow demo finished: warehouse " + warehouse.describe() + " at schema version "
          + Migrations.currentVersion(warehouse) + ".");
      return ExitCodes.OK;
    }
  }
}
