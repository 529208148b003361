package io.martflow.cli;

import io.martflow.control.RunIds;
import io.martflow.quality.QualityRunner;
import io.martflow.report.ReportWriter;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The run report: one self-contained HTML file (docs/report.md). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the run report: one self-contained HTML file (viewable offline) with the run summary per",
      "domain, rejects by reason, quality results and charts (daily revenue, orders by status, segments,",
      "cohort retention, top categories). Prints the file's path."
    })
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run-id", description = "The run to report (default: the latest run in ctl.run_log).")
  String runId;

  @Option(names = "--out", paramLabel = "FILE",
      description = "The HTML file to write (default: $MARTFLOW_HOME/reports/report-<run id>.html).")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (Connections connections = Connections.fromEnvironment()) {
      ConnectionSpec warehouse = connections.warehouse();
      String run = runId != null ? RunIds.validate(runId)
          : QualityRunner.latestRunId(warehouse).orElseThrow(() -> CliException.usage(
              "no run in ctl.run_log yet; give --run-id"));
      Path target = out != null ? out : ReportWriter.defaultPath(connections.embeddedServer().home(), run);
      Path written = ReportWriter.write(warehouse, run, target);
      System.out.println(written);
      return ExitCodes.OK;
    }
  }
}
