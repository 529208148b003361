package io.martflow.cli;

import io.martflow.control.RunIds;
import io.martflow.quality.QualityRunner;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The quality checks of sql/quality for one run (docs/quality.md). */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description = {
      "Run the quality checks of sql/quality (listed in manifest.yml) for a run and record them in",
      "ctl.dq_results. A check of severity error with violations fails with exit code 5 and one line",
      "naming the check and a violating row; warn checks are reported only."
    })
final class QualityCommand implements Callable<Integer> {
  @Option(names = "--run-id", description = "The run to check (default: the latest run in ctl.run_log).")
  String runId;

  @Option(names = "--select", split = ",", paramLabel = "CHECK",
      description = "Only these checks (repeatable or comma-separated; default: every check).")
  List<String> select = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (Connections connections = Connections.fromEnvironment()) {
      ConnectionSpec warehouse = connections.warehouse();
      String run = runId != null ? RunIds.validate(runId)
          : QualityRunner.latestRunId(warehouse).orElseThrow(() -> CliException.usage(
              "no run in ctl.run_log yet; give --run-id"));
      QualityRunner.Report report = QualityRunner.run(warehouse, run, select);
      System.out.println("quality checks of run " + run + ":");
      for (QualityRunner.CheckResult r : report.results()) {
        String mark = r.status().equals("pass") ? "ok" : r.severity().equals("error") ? "FAIL" : "warn";
        System.out.printf(Locale.ROOT, "  %-5s %-40s %,10d violation(s) %7d ms%n", mark, r.check(), r.violations(),
            r.durationMs());
      }
      System.out.println(QualityRunner.tally(report));
      for (QualityRunner.CheckResult w : report.warnings()) {
        System.out.println("warning: " + w.summary());
      }
      if (report.hasErrors()) {
        throw new CliException(ExitCodes.QUALITY_FAILED, report.failureMessage());
      }
      return ExitCodes.OK;
    }
  }
}
