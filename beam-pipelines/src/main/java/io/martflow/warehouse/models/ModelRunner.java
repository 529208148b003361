package io.martflow.warehouse.models;

import io.martflow.cli.Errors;
import io.martflow.control.DomainLock;
import io.martflow.control.RunIds;
import io.martflow.control.RunLog;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.DatabaseUnavailableException;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.SqlFiles;
import io.martflow.warehouse.SqlRunner;
import io.martflow.warehouse.SqlWorkers;
import io.martflow.warehouse.Statistics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the SQL models of manifest.yml (sql/core, sql/marts) in dependency order, each in one
 * transaction (up to {@link SqlWorkers#workers()} at once: a model starts when the models it
 * depends on are built), each logged in ctl.run_log (step 'model'). Models read the run through session
 * settings only: {@code martflow.run_id} and {@code martflow.full_refresh} ('true' or 'false'), so
 * the Airflow tasks ({@code martflow build --select MODEL --run-id ID}) run the very same files.
 *
 * <p>Each model runs in REPEATABLE READ, so all its statements (scope, change log, delete, insert)
 * see one snapshot of dw and core, taken after {@link BuildLocks} waited for any build of the
 * models it depends on; and it holds a per-model advisory lock for its duration: a second
 * build of the same model is refused (exit code 4) instead of racing it, or, for the flow and
 * {@code build --wait}, waits for the first and then builds what is still pending. What a model rebuilds is
 * decided by the SQL itself (docs/marts.md, "Incremental builds").
 *
 * <p>Rows reported for a model: the rows of its last statement that writes rows, by convention the
 * insert into its table (the rows the build wrote); a query after it (ctl.restore_indexes) does
 * not count.
 */
public final class ModelRunner {
  private ModelRunner() {}

  public record ModelResult(String model, long rows, double seconds) {}

  /** Hears each model start and finish (the CLI prints progress lines). */
  public interface Listener {
    default void started(Manifest.Model model) {}

    default void finished(ModelResult result) {}

    /** The model is being built by another run; this build waits for it (see {@code waitForOthers}). */
    default void waiting(Manifest.Model model, String message) {}
  }

  private static final Listener SILENT = new Listener() {};

  /** A model's SQL failed: one line naming the model, the file and the statement. */
  public static final class ModelFailedException extends SQLException {
    private static final long serialVersionUID = 1L;

    ModelFailedException(String model, SQLException cause) {
      // No cause on purpose: the CLI prints the deepest cause's message, and this message is the
      // one a user needs (model, file, statement, PostgreSQL's error). The original is suppressed.
      super("model " + model + " failed: " + Errors.oneLine(cause.getMessage()), cause.getSQLState());
      addSuppressed(cause);
    }
  }

  /**
   * @param select model names to build (empty: all), in manifest order whatever order is given
   */
  public static List<ModelResult> build(ConnectionSpec warehouse, String runId, List<String> select,
      boolean fullRefresh) throws Exception {
    return build(warehouse, runId, select, fullRefresh, SILENT);
  }

  public static List<ModelResult> build(ConnectionSpec warehouse, String runId, List<String> select,
      boolean fullRefresh, Listener listener) throws Exception {
    return build(warehouse, runId, select, fullRefresh, listener, false);
  }

  /**
   * @param waitForOthers when another run is building a model: wait for it, then build (what the
   *     flow does: runs of different domains build the same models after their publishes, and
   *     each must see its rows in the marts), instead of refusing with exit code 4
   */
  public static List<ModelResult> build(ConnectionSpec warehouse, String runId, List<String> select,
      boolean fullRefresh, Listener listener, boolean waitForOthers) throws Exception {
    RunIds.validate(runId);
    List<Manifest.Model> plan = plan(Manifest.load(), select);
    List<SqlWorkers.Step<ModelResult>> steps = new ArrayList<>();
    for (Manifest.Model model : plan) {
      steps.add(() -> {
        listener.started(model);
        ModelResult result = io.martflow.warehouse.Retry.onConnectionLoss("the build of model " + model.name(),
            () -> buildOne(warehouse, model, runId, fullRefresh, waitForOthers, listener));
        listener.finished(result);
        return result;
      });
    }
    return SqlWorkers.run(steps, after(plan), SqlWorkers.workers());
  }

  /**
   * For each planned model, the positions of the planned models it depends on: a model starts once
   * those are built (models not selected count as built). Across runs, {@link BuildLocks} keeps a
   * model from building while one of its dependencies does.
   */
  static List<Set<Integer>> after(List<Manifest.Model> plan) {
    List<String> names = plan.stream().map(Manifest.Model::name).toList();
    List<Set<Integer>> after = new ArrayList<>();
    for (Manifest.Model model : plan) {
      Set<Integer> positions = new HashSet<>();
      for (String dependency : model.dependsOn()) {
        int at = names.indexOf(dependency);
        if (at >= 0) {
          positions.add(at);
        }
      }
      after.add(positions);
    }
    return after;
  }

  /**
   * The models to build, in manifest (dependency) order: all of them, or the selected ones. The
   * manifest is checked first: names unique, files present, every dependency listed earlier.
   */
  public static List<Manifest.Model> plan(Manifest manifest, List<String> select) {
    validate(manifest);
    List<String> names = manifest.models().stream().map(Manifest.Model::name).toList();
    Set<String> wanted = new LinkedHashSet<>();
    for (String raw : select) {
      String name = raw.strip();
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown model '" + name + "'; models are " + String.join(", ", names));
      }
      wanted.add(name);
    }
    return manifest.models().stream().filter(m -> wanted.isEmpty() || wanted.contains(m.name())).toList();
  }

  /** Names unique, files on the classpath, dependencies known and listed before their dependants. */
  public static void validate(Manifest manifest) {
    Set<String> seen = new HashSet<>();
    for (Manifest.Model m : manifest.models()) {
      if (!seen.add(m.name())) {
        throw new IllegalStateException("manifest.yml: model '" + m.name() + "' is listed twice");
      }
      if (!SqlFiles.exists(m.file())) {
        throw new IllegalStateException("manifest.yml: model '" + m.name() + "' names sql/" + m.file()
            + ", which does not exist");
      }
      for (String dependency : m.dependsOn()) {
        if (!seen.contains(dependency) || dependency.equals(m.name())) {
          throw new IllegalStateException("manifest.yml: model '" + m.name() + "' depends on '" + dependency
              + "', which is not a model listed before it");
        }
      }
    }
  }

  /** The table or view a model fills: schema core for sql/core, mart for sql/marts. */
  public static String relation(Manifest.Model model) {
    String folder = model.file().substring(0, Math.max(0, model.file().indexOf('/')));
    String schema = switch (folder) {
      case "core" -> "core";
      case "marts" -> "mart";
      default -> throw new IllegalStateException("manifest.yml: model '" + model.name()
          + "' must live in sql/core or sql/marts, not sql/" + model.file());
    };
    return schema + "." + model.name();
  }

  /** The rows of the last statement that wrote rows (queries report -1), 0 when none did. */
  static long rowsWritten(long[] counts) {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] >= 0) {
        return counts[i];
      }
    }
    return 0;
  }

  private static ModelResult buildOne(ConnectionSpec warehouse, Manifest.Model model, String runId,
      boolean fullRefresh, boolean waitForOthers, Listener listener) throws Exception {
    long started = System.nanoTime();
    try (Connection control = warehouse.open();
        DomainLock lock = waitForOthers
            ? DomainLock.acquireOrWait(warehouse.open(), model.name(), runId, m -> listener.waiting(model, m))
            : DomainLock.acquire(warehouse.open(), model.name(), runId)) {
      RunLog.abandonStale(control, model.name(), runId, "model");
      long logId = RunLog.start(control, runId, "model", null, model.name(), null);
      try (Connection c = warehouse.open()) {
        long rows;
        try (BuildLocks locks = BuildLocks.acquire(c, model)) {
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          long[] counts = SqlRunner.runInTransaction(c, model.file(),
              Map.of("run_id", runId, "full_refresh", Boolean.toString(fullRefresh)));
          rows = rowsWritten(counts);
          io.martflow.control.FaultPoints.hit("model-committed:" + model.name());
        } catch (SQLException e) {
          if (e instanceof DatabaseUnavailableException) {
            throw e;
          }
          throw new ModelFailedException(model.name(), e);
        }
        Statistics.refreshAfter(c, relation(model), rows);
        RunLog.finish(control, logId, "success", new RunLog.Counts(null, null, null, rows), null);
        return new ModelResult(model.name(), rows, (System.nanoTime() - started) / 1e9);
      } catch (Exception e) {
        RunLog.finishQuietly(control, logId, "failed", Errors.describe(e), e);
        throw e;
      }
    }
  }
}
