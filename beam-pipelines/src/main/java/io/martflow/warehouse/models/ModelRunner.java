package io.martflow.warehouse.models;

import io.martflow.control.RunLog;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.SqlRunner;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the SQL models of manifest.yml (sql/core, sql/marts) in manifest order, each in one
 * transaction, each logged in ctl.run_log. Models read the run through session settings:
 * {@code martflow.run_id} and {@code martflow.full_refresh} ('true' or 'false').
 */
public final class ModelRunner {
  private ModelRunner() {}

  public record ModelResult(String model, long rows, double seconds) {}

  /**
   * @param select model names to build (empty: all), in manifest order whatever order is given
   */
  public static List<ModelResult> build(ConnectionSpec warehouse, String runId, List<String> select,
      boolean fullRefresh) throws Exception {
    Manifest manifest = Manifest.load();
    for (String name : select) {
      if (manifest.models().stream().noneMatch(m -> m.name().equals(name))) {
        throw new IllegalArgumentException("unknown model '" + name + "'");
      }
    }
    List<ModelResult> results = new ArrayList<>();
    try (Connection control = warehouse.open()) {
      for (Manifest.Model model : manifest.models()) {
        if (!select.isEmpty() && !select.contains(model.name())) {
          continue;
        }
        long started = System.nanoTime();
        long logId = RunLog.start(control, runId, "model", null, model.name(), null);
        try (Connection c = warehouse.open()) {
          long[] counts = SqlRunner.runInTransaction(c, model.file(),
              Map.of("run_id", runId, "full_refresh", Boolean.toString(fullRefresh)));
          long rows = counts.length == 0 ? 0 : counts[counts.length - 1];
          RunLog.finish(control, logId, "success", new RunLog.Counts(null, null, null, rows), null);
          results.add(new ModelResult(model.name(), rows, (System.nanoTime() - started) / 1e9));
        } catch (Exception e) {
          RunLog.finish(control, logId, "failed", RunLog.Counts.NONE, io.martflow.cli.Errors.describe(e));
          throw e;
        }
      }
    }
    return results;
  }
}
