package io.martflow.cli;

import io.martflow.control.ControlStatus;
import io.martflow.control.Flow;
import io.martflow.control.Window;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** A date range as a series of windows, each recorded; resumable. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Run the flow over a date range as a series of day or week windows, each recorded in",
      "ctl.tb_control_data_update. Windows already successful (or empty) are skipped unless --reprocess,",
      "so an interrupted backfill resumes where it stopped."
    })
final class BackfillCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, description = "First day (YYYY-MM-DD).")
  String from;

  @Option(names = "--to", required = true, description = "Last day, inclusive (YYYY-MM-DD).")
  String to;

  @Option(names = "--step", defaultValue = "day", description = "Window size: day or week (default: ${DEFAULT-VALUE}).")
  String step;

  @Option(names = "--domains", split = ",", description = "Only these domains (default: all).")
  List<String> domains = new ArrayList<>();

  @Option(names = "--reprocess", description = "Run windows that already succeeded again.")
  boolean reprocess;

  @Option(names = "--sources", paramLabel = "FILE",
      description = "Source mapping file (docs/sources.md); default: the bundled demo shop mapping.")
  String sources;

  @Unmatched
  List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Instant start = Dates.from(from);
    Instant end = Dates.to(to);
    if (!start.isBefore(end)) {
      throw CliException.usage("--from must be before --to");
    }
    long days = switch (step) {
      case "day" -> 1;
      case "week" -> 7;
      default -> throw CliException.usage("--step must be day or week, not '" + step + "'");
    };
    List<String> names = Flow.domains(Manifest.load(), io.martflow.io.sources.Sources.resolve(sources, null, null,
        Connections.currentEnvironment()), domains);
    int ran = 0;
    int skipped = 0;
    try (Connections connections = Connections.fromEnvironment()) {
      for (Instant s = start; s.isBefore(end); s = s.plus(days, ChronoUnit.DAYS)) {
        Instant e = s.plus(days, ChronoUnit.DAYS).isAfter(end) ? end : s.plus(days, ChronoUnit.DAYS);
        Window window = Window.of(s, e);
        if (!reprocess && allDone(connections, names, window)) {
          System.out.println("window " + window + " already done; skipped (--reprocess to run it again)");
          skipped++;
          continue;
        }
        Flow.run(connections, new Flow.Request(s, e, names, false, null, beamArgs, sources), System.out);
        ran++;
      }
    }
    System.out.println("Backfill " + from + " .. " + to + ": " + ran + " window(s) run, " + skipped + " already done.");
    return ExitCodes.OK;
  }

  private static boolean allDone(Connections connections, List<String> domains, Window window) throws Exception {
    try (Connection c = connections.warehouse().open()) {
      for (String d : domains) {
        if (!ControlStatus.isDone(c, d, window)) {
          return false;
        }
      }
      return true;
    }
  }
}
