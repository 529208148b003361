package io.martflow.cli;

import io.martflow.control.ControlStatus;
import io.martflow.control.RunIds;
import io.martflow.control.Window;
import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.Sources;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Record a window's outcome per domain (the DAG's last task and its failure callback). */
@Command(name = "control-update", mixinStandardHelpOptions = true,
    description = "Mark a window running, success, failed or skipped for domains in ctl.tb_control_data_update;"
        + " success moves the watermark to the window end.")
final class ControlUpdateCommand implements Callable<Integer> {
  @Option(names = "--window-start", required = true, description = "Window start.")
  String windowStart;

  @Option(names = "--window-end", required = true, description = "Window end.")
  String windowEnd;

  @Option(names = "--status", required = true, description = "running, success, failed or skipped.")
  String status;

  @Option(names = "--run-id", required = true, description = "The run.")
  String runId;

  @Option(names = "--domains", split = ",", description = "Domains (default: all).")
  List<String> domains = new ArrayList<>();

  @Option(names = "--error", description = "Error text for a failed window.")
  String error;

  @Option(names = "--sources", paramLabel = "FILE",
      description = "Source mapping file (docs/sources.md): the window is marked for every source system of each"
          + " domain; default: the bundled demo shop mapping.")
  String sources;

  @Override
  public Integer call() throws Exception {
    if (!List.of("running", "success", "failed", "skipped").contains(status)) {
      throw CliException.usage("--status must be running, success, failed or skipped");
    }
    RunIds.validate(runId);
    Manifest manifest = Manifest.load();
    SourceConfig config = Sources.resolve(sources, null, null, Connections.currentEnvironment());
    List<String> names = io.martflow.control.Flow.domains(manifest, config, domains);
    Window window = Window.of(Window.parseInstant(windowStart, "--window-start"),
        Window.parseInstant(windowEnd, "--window-end"));
    try (Connections connections = Connections.fromEnvironment(); Connection c = connections.warehouse().open()) {
      for (String d : names) {
        for (String system : config.sourceSystems(d)) {
          ControlStatus.mark(c, d, system, window, status, runId, null, null, error);
        }
      }
    }
    System.out.println("window " + window + " marked " + status + " for " + String.join(", ", names));
    return ExitCodes.OK;
  }
}
