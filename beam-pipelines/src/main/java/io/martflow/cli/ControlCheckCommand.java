package io.martflow.cli;

import io.martflow.control.ControlCheck;
import io.martflow.control.Flow;
import io.martflow.control.RunIds;
import io.martflow.control.Window;
import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.Sources;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Is there anything new to load? Exit 99 when not (Airflow's skip code). */
@Command(
    name = "control-check",
    mixinStandardHelpOptions = true,
    description = {
      "Count each domain's source changes in the window into ctl.tmp_tb_control_data_update, compare",
      "with ctl.tb_control_data_update and print the domains with new data.",
      "Exit 0 when some domain has new data, 99 when none has (the DAG short-circuits on it).",
      "Without a window: [last successful watermark, now)."
    })
final class ControlCheckCommand implements Callable<Integer> {
  @Option(names = "--window-start", description = "Window start, inclusive (ISO date or timestamp).")
  String windowStart;

  @Option(names = "--window-end", description = "Window end, exclusive (default: now).")
  String windowEnd;

  @Option(names = "--domains", split = ",", description = "Only these domains (default: all).")
  List<String> domains = new ArrayList<>();

  @Option(names = "--run-id", description = "Id recorded with the check (default: generated).")
  String runId;

  @Option(names = "--sources", paramLabel = "FILE",
      description = "Source mapping file (docs/sources.md); default: the bundled demo shop mapping.")
  String sources;

  @Override
  public Integer call() throws Exception {
    Manifest manifest = Manifest.load();
    SourceConfig config = Sources.resolve(sources, null, null, Connections.currentEnvironment());
    List<String> names = Flow.domains(manifest, config, domains);
    try (Connections connections = Connections.fromEnvironment()) {
      Window window = window(connections, names);
      String checkId = runId != null ? RunIds.validate(runId) : RunIds.newRunId("check");
      ControlCheck.Result result = ControlCheck.run(connections.warehouse(), connections.source(), window, checkId,
          names, config);
      System.out.println("control check " + checkId + " over " + window + ":");
      for (ControlCheck.SourceChange c : result.changes()) {
        System.out.printf(Locale.ROOT, "  %-12s %-24s %,10d changed  latest %s%s%n", c.domain(), c.sourceName(),
            c.rowsChanged(), c.maxChange() == null ? "-" : c.maxChange(),
            c.alreadyLoaded() && c.rowsChanged() > 0 ? "  (already loaded)" : "");
      }
      List<String> fresh = result.domainsWithNewData();
      if (fresh.isEmpty()) {
        System.out.println("nothing new");
        return ExitCodes.NOTHING_NEW;
      }
      System.out.println("new data: " + String.join(",", fresh));
      return ExitCodes.OK;
    }
  }

  /** The window asked for, else [last successful watermark, end) as the run would take it. */
  private Window window(Connections connections, List<String> names) throws Exception {
    Instant end = Window.parseInstant(windowEnd, "--window-end");
    try (Connection c = connections.warehouse().open()) {
      Window window = Flow.window(c, Window.parseInstant(windowStart, "--window-start"), end, false, names);
      if (window == null) {
        throw CliException.usage("the last watermark of " + String.join(", ", names) + " is not before the window"
            + " end" + (end == null ? " (now)" : " " + end) + "; give --window-start to check an earlier window");
      }
      return window;
    }
  }
}
