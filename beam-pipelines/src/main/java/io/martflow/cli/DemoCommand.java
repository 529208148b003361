package io.martflow.cli;

import io.martflow.control.Flow;
import io.martflow.demo.ShopCounts;
import io.martflow.demo.ShopGenerator;
import io.martflow.demo.ShopReference;
import io.martflow.demo.ShopSimulator;
import io.martflow.pipelines.LoadRunner;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The whole product on one machine: fresh warehouse, generated source, the flow, a summary. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run martflow end to end on the embedded PostgreSQL: an empty warehouse, a generated shop",
      "source, every domain load, publish, the models and quality checks, then a summary.",
      "With --keep the existing warehouse and source are kept: one more day is simulated and",
      "loaded incrementally."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--keep", description = "Keep the warehouse and source; simulate one more day and load it.")
  boolean keep;

  @Option(names = "--scale", defaultValue = "1", description = "Generator scale (default ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--days", defaultValue = "90", description = "Days of generated history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sources", paramLabel = "FILE",
      description = {"Source mapping file (docs/sources.md) to load instead of the shop alone, e.g. the one",
          "'martflow generate --as csv --out DIR' writes (DIR/sources.yml: the shop and a partner store)."})
  String sources;

  @Option(names = "--force",
      description = "Allow resetting a configured (MARTFLOW_DB_URL) warehouse; the embedded one resets freely.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    if (sources != null) {
      // A broken mapping fails here, before the warehouse is reset.
      io.martflow.io.sources.Sources.resolve(sources, null, null, Connections.currentEnvironment());
    }
    try (Connections connections = Connections.fromEnvironment()) {
      if (!keep && !connections.usesEmbedded() && !force) {
        throw CliException.usage("demo would empty the configured warehouse " + connections.warehouse().describe()
            + "; pass --force to allow it or --keep to keep it");
      }
      ConnectionSpec warehouse = connections.warehouse();
      ConnectionSpec source = connections.source();
      Progress step = Progress.start(keep ? "migrate warehouse" : "reset warehouse");
      if (keep) {
        Migrations.migrate(warehouse);
      } else {
        Migrations.reset(warehouse);
      }
      step.done();
      ShopReference reference;
      try (Connection c = warehouse.open()) {
        reference = ShopReference.load(c);
      }
      java.time.Instant to = null;
      if (keep && DemoSource.exists(source)) {
        ShopSimulator.Result r = new ShopSimulator(reference).simulate(source, 1, null, new DemoProgress());
        System.out.printf(Locale.ROOT, "Simulated %s: %,d new and %,d changed rows%n", r.from(),
            r.inserted().total(), r.updated().total());
        // The simulated day may not have ended yet on the wall clock: load through its end.
        java.time.Instant dayEnd = r.to().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        to = dayEnd.isAfter(java.time.Instant.now()) ? dayEnd : null;
      } else {
        DemoSource.generate(source, new ShopGenerator.Options(scale, days, seed,
            ShopGenerator.Options.defaultStartDate(days, Clock.systemUTC())));
      }
      // No dates: [last successful watermark, now), a full refresh the first time.
      Flow.Outcome outcome = Flow.run(connections, new Flow.Request(null, to, List.of(), false, null, List.of(),
          sources), System.out);
      printSummary(warehouse, outcome, (System.nanoTime() - started) / 1e9);
      java.nio.file.Path report = io.martflow.report.ReportWriter.write(warehouse, outcome.runId(),
          io.martflow.report.ReportWriter.defaultPath(connections.embeddedServer().home(), outcome.runId()));
      System.out.println("Report: " + report.toAbsolutePath());
      return ExitCodes.OK;
    }
  }

  private static void printSummary(ConnectionSpec warehouse, Flow.Outcome outcome, double seconds) throws Exception {
    System.out.println();
    System.out.printf(Locale.ROOT, "martflow demo: run %s over %s%n", outcome.runId(),
        outcome.window() == null ? "no window" : outcome.window());
    if (outcome.nothingNew()) {
      System.out.println("  nothing new to load");
    }
    System.out.printf(Locale.ROOT, "  %-12s %12s %12s %12s %12s%n", "domain", "read", "staged", "rejected", "published");
    for (String d : outcome.loaded()) {
      LoadRunner.Result r = outcome.loads().get(d);
      System.out.printf(Locale.ROOT, "  %-12s %,12d %,12d %,12d %,12d%n", d, r.read(), r.staged(), r.rejected(),
          outcome.published().get(d).published());
      if (r.readBySource().size() > 1) {
        r.readBySource().forEach((source, rows) -> System.out.printf(Locale.ROOT, "    %-22s %,8d read%n", source,
            rows));
      }
    }
    try (Connection c = warehouse.open();
        PreparedStatement ps = c.prepareStatement("select reason_code, count(*) from ctl.rejects where run_id = ?"
            + " group by 1 order by 2 desc, 1")) {
      ps.setString(1, outcome.runId());
      StringBuilder reasons = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reasons.append(reasons.length() == 0 ? "" : ", ").append(rs.getString(1)).append(' ').append(rs.getLong(2));
        }
      }
      if (reasons.length() > 0) {
        System.out.println("  rejects by reason: " + reasons);
      }
    }
    if (!outcome.models().isEmpty()) {
      double modelSeconds = outcome.models().stream().mapToDouble(m -> m.seconds()).sum();
      System.out.printf(Locale.ROOT, "  models: %d built in %.1f s (core star schema and marts)%n",
          outcome.models().size(), modelSeconds);
    }
    if (outcome.quality() != null) {
      var q = outcome.quality();
      System.out.printf(Locale.ROOT, "  quality: %d checks, %d warning(s), %d error(s)%n", q.results().size(),
          q.warnings().size(), q.errors().size());
      q.warnings().forEach(w -> System.out.println("    warn: " + w.summary()));
    }
    System.out.printf(Locale.ROOT, "  warehouse %s; finished in %.1f s%n", warehouse.describe(), seconds);
  }
}
