package io.martflow.cli;

import io.martflow.control.RunIds;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.models.ModelRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Builds the SQL models (core and marts) of manifest.yml: the DAG's core and mart tasks. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Build the SQL models of manifest.yml (sql/core, sql/marts) in dependency order, each in one",
      "transaction. Incremental by default: a model rebuilds what changed since its last build;",
      "--full-refresh rebuilds everything (same rows). One progress line per model on stderr."
    })
final class BuildCommand implements Callable<Integer> {
  @Option(names = "--select", arity = "1..*", split = ",", paramLabel = "MODEL",
      description = "Only these models (in dependency order, whatever order is given); default: all.")
  List<String> select = new ArrayList<>();

  @Option(names = "--full-refresh", description = "Rebuild the selected models from scratch.")
  boolean fullRefresh;

  @Option(names = "--run-id", description = "Run id recorded in ctl.run_log and on the rows written (default: generated).")
  String runId;

  @Option(names = "--wait", description = {"When another run is building a model, wait for it and then build",
      "(default: refuse with exit code 4)."})
  boolean waitForOthers;

  @Override
  public Integer call() throws Exception {
    String run = runId != null ? RunIds.validate(runId) : RunIds.newRunId("build");
    List<Manifest.Model> plan = ModelRunner.plan(Manifest.load(), select);
    System.out.printf(Locale.ROOT, "build %s: %d model(s)%s%n", run, plan.size(), fullRefresh ? ", full refresh" : "");
    long started = System.nanoTime();
    try (Connections connections = Connections.fromEnvironment()) {
      List<ModelRunner.ModelResult> results = ModelRunner.build(connections.warehouse(), run,
          plan.stream().map(Manifest.Model::name).toList(), fullRefresh, new ProgressLines(), waitForOthers);
      long rows = results.stream().mapToLong(ModelRunner.ModelResult::rows).sum();
      System.out.printf(Locale.ROOT, "built %d model(s), %,d row(s) written in %.1f s%n", results.size(), rows,
          (System.nanoTime() - started) / 1e9);
    }
    return ExitCodes.OK;
  }

  /**
   * One progress line per model when it finishes. Models build side by side (SqlWorkers), so each
   * model's progress is kept under its name: another model may start before this one finishes.
   */
  static final class ProgressLines implements ModelRunner.Listener {
    private final Map<String, Progress> running = new ConcurrentHashMap<>();

    @Override
    public void started(Manifest.Model model) {
      running.put(model.name(), Progress.start(model.name()));
    }

    @Override
    public void finished(ModelRunner.ModelResult result) {
      running.remove(result.model()).done(result.rows());
    }

    @Override
    public void waiting(Manifest.Model model, String message) {
      System.err.println("build " + model.name() + ": " + message);
    }
  }
}
