package io.martflow.cli;

import io.martflow.control.RunIds;
import io.martflow.control.Window;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.Publisher;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Publish what a run staged (the DAG's publish task). */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish a run's staged rows of each domain into its dw table, one transaction per domain.")
final class PublishCommand implements Callable<Integer> {
  @Option(names = "--domain", required = true, split = ",", description = "Domain(s) to publish.")
  List<String> domains;

  @Option(names = "--run-id", required = true, description = "The run whose staged rows to publish.")
  String runId;

  @Option(names = "--window-start", description = "The run's window start (recorded in the run log).")
  String windowStart;

  @Option(names = "--window-end", description = "The run's window end (recorded in the run log).")
  String windowEnd;

  @Option(names = "--full-refresh",
      description = "The run was a full refresh: keys it did not read were deleted from the source (flag them).")
  boolean fullRefresh;

  @Override
  public Integer call() throws Exception {
    Manifest manifest = Manifest.load();
    RunIds.validate(runId);
    Window window;
    if (fullRefresh) {
      window = Window.full(Window.parseInstant(windowEnd, "--window-end"));
    } else {
      window = windowStart == null ? null : Window.of(Window.parseInstant(windowStart, "--window-start"),
          Window.parseInstant(windowEnd, "--window-end"));
    }
    try (Connections connections = Connections.fromEnvironment()) {
      for (String d : domains) {
        Publisher.Result r = Publisher.publish(connections.warehouse(), manifest.requireDomain(d.trim()), runId, window);
        System.out.printf("%-12s published %,d row(s) in %.1f s%n", r.domain(), r.published(), r.seconds());
      }
    }
    return ExitCodes.OK;
  }
}
