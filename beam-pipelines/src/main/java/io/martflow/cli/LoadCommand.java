package io.martflow.cli;

import io.martflow.control.Flow;
import io.martflow.control.RunIds;
import io.martflow.control.Window;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Pipelines;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.Publisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** Runs domain pipelines on a window and publishes what they staged. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Extract, clean and stage one or more domains for a window (or a full refresh), then publish.",
      "Other --flags are passed to Beam, e.g. --runner=DirectRunner --targetParallelism=4."
    })
final class LoadCommand implements Callable<Integer> {
  @Option(names = "--domain", required = true, split = ",",
      description = "Domain(s) to load, from manifest.yml: customers, products, orders, order_items.")
  List<String> domains;

  @Option(names = "--window-start", description = "Start of the change window, inclusive (ISO date or timestamp).")
  String windowStart;

  @Option(names = "--window-end", description = "End of the change window, exclusive.")
  String windowEnd;

  @Option(names = "--full-refresh", description = "Read every source row instead of a window.")
  boolean fullRefresh;

  @Option(names = "--run-id", description = "Run id (default: generated).")
  String runId;

  @Option(names = "--no-publish", description = "Stage only; publish later with 'martflow publish'.")
  boolean noPublish;

  @Option(names = "--sources", paramLabel = "FILE",
      description = "Source mapping file (docs/sources.md); default: the bundled demo shop mapping.")
  String sources;

  @Unmatched
  List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Manifest manifest = Manifest.load();
    Window window = window();
    String run = runId != null ? RunIds.validate(runId) : RunIds.newRunId("load");
    List<LoadRunner.Result> results = new ArrayList<>();
    for (String name : domains) {
      Manifest.Domain domain = manifest.requireDomain(name.trim());
      LoadRunner.Result r = LoadRunner.run(Pipelines.definition(domain), Flow.loadArgs(beamArgs, run, sources, window));
      System.out.println(LoadRunner.summary(r));
      results.add(r);
      if (!noPublish) {
        try (Connections connections = Connections.fromEnvironment()) {
          Publisher.Result p = Publisher.publish(connections.warehouse(), domain, run, window);
          System.out.printf("%-12s published %,d row(s) to %s in %.1f s%n", domain.name(), p.published(),
              domain.dwTable(), p.seconds());
        }
      }
    }
    return results.stream().allMatch(LoadRunner.Result::balanced) ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private Window window() {
    if (fullRefresh) {
      if (windowStart != null) {
        throw CliException.usage("--full-refresh reads every row: do not combine it with --window-start");
      }
      java.time.Instant asOf = Window.parseInstant(windowEnd, "--window-end");
      return Window.full(asOf != null ? asOf : java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
    if (windowStart == null || windowEnd == null) {
      throw CliException.usage("give --window-start and --window-end, or --full-refresh");
    }
    return Window.of(Window.parseInstant(windowStart, "--window-start"), Window.parseInstant(windowEnd, "--window-end"));
  }
}
