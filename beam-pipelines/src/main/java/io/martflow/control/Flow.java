package io.martflow.control;

import io.martflow.cli.Errors;
import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.Sources;
import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.orders.OrdersAndItemsLoad;
import io.martflow.pipelines.orders.OrdersPipeline;
import io.martflow.pipelines.Pipelines;
import io.martflow.quality.QualityRunner;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.Publisher;
import io.martflow.warehouse.Retry;
import io.martflow.warehouse.SqlWorkers;
import io.martflow.warehouse.models.ModelRunner;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole flow, in the order the Airflow DAG runs it: control check, loads, publish, core and
 * marts, quality, control update. One run id ties every step together in ctl.run_log.
 *
 * <p>A failure at any step marks the window failed for every domain of the run (the watermark does
 * not move) and leaves what that step would have changed as it was: loads only stage, each publish
 * and each model is one transaction. Re-running the window completes it.
 */
public final class Flow {
  private Flow() {}

  /** What to run. Null from/to: from the last successful watermark to now. */
  public record Request(Instant from, Instant to, List<String> domains, boolean fullRefresh, String runId,
      List<String> beamArgs, String sources) {
    public Request {
      domains = List.copyOf(domains);
      beamArgs = List.copyOf(beamArgs);
    }

    /** A request over the bundled demo shop mapping. */
    public Request(Instant from, Instant to, List<String> domains, boolean fullRefresh, String runId,
        List<String> beamArgs) {
      this(from, to, domains, fullRefresh, runId, beamArgs, null);
    }
  }

  public record Outcome(String runId, Window window, List<String> loaded, Map<String, LoadRunner.Result> loads,
      Map<String, Publisher.Result> published, List<ModelRunner.ModelResult> models, QualityRunner.Report quality,
      double seconds) {
    public boolean nothingNew() {
      return loaded.isEmpty();
    }
  }

  /** Quality errors: the run failed its checks (exit code 5). */
  public static final class QualityFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QualityFailedException(String message) {
      super(message);
    }
  }

  public static Outcome run(Connections connections, Request request, PrintStream out) throws Exception {
    long started = System.nanoTime();
    Manifest manifest = Manifest.load();
    SourceConfig sources = Sources.resolve(request.sources(), null, null, Connections.currentEnvironment());
    List<String> domains = domains(manifest, sources, request.domains());
    ConnectionSpec warehouse = connections.warehouse();
    ConnectionSpec source = connections.source();
    String runId = request.runId() != null ? RunIds.validate(request.runId()) : RunIds.newRunId("run");

    Window window = control(warehouse, "the run's window", c -> window(c, request.from(), request.to(),
        request.fullRefresh(), domains));
    if (window == null) {
      out.println("run " + runId + ": the last watermark is not before the window end; nothing to run");
      return new Outcome(runId, null, List.of(), Map.of(), Map.of(), List.of(), null, seconds(started));
    }
    out.println("run " + runId + ": " + String.join(", ", domains) + " over " + window);

    long checkLog = control(warehouse, "the control check's start", c -> RunLog.start(c, runId, "control_check", null,
        null, window));
    ControlCheck.Result check;
    try {
      check = ControlCheck.run(warehouse, source, window, runId, domains, sources);
    } catch (Exception | Error e) {
      // The sources could not be counted (a source is down, the mapping is wrong): the window fails
      // for every domain of the run and no watermark moves.
      recordFailure(warehouse, e, c -> {
        RunLog.finish(c, checkLog, "failed", RunLog.Counts.NONE, Errors.describe(e));
        for (String d : domains) {
          for (String system : sources.sourceSystems(d)) {
            ControlStatus.mark(c, d, system, window, "failed", runId, null, null,
                "control check failed: " + Errors.describe(e));
          }
        }
      });
      throw e;
    }
    List<String> toLoad = window.fullRefresh() ? domains : check.domainsWithNewData();
    control(warehouse, "the control check's outcome", c -> {
      RunLog.finish(c, checkLog, "success", RunLog.Counts.NONE, null);
      for (String d : domains) {
        if (!toLoad.contains(d)) {
          for (String system : sources.sourceSystems(d)) {
            ControlStatus.mark(c, d, system, window, "skipped", runId, check.rowsChanged(d, system), 0L, null);
          }
        }
      }
      for (String d : toLoad) {
        for (String system : sources.sourceSystems(d)) {
          ControlStatus.mark(c, d, system, window, "running", runId, check.rowsChanged(d, system), null, null);
        }
      }
      return null;
    });
    for (String d : domains) {
      out.printf(Locale.ROOT, "  control check %-12s %,d row(s) changed%s%n", d, check.rowsChanged(d),
          toLoad.contains(d) ? "" : " - nothing new");
    }
    if (toLoad.isEmpty()) {
      return new Outcome(runId, window, List.of(), Map.of(), Map.of(), List.of(), null, seconds(started));
    }
    try {
      Map<String, LoadRunner.Result> loads = load(connections, manifest, sources, request, runId, window, toLoad,
          out);
      FaultPoints.hit("before-publish");
      // Publish, build and check as one section per warehouse: runs of other domains load in
      // parallel, but a run's quality checks must not see rows another run published and has not
      // built yet (reconciliation_facts would report them missing from the facts).
      Map<String, Publisher.Result> published;
      List<ModelRunner.ModelResult> models;
      QualityRunner.Report quality;
      try (DomainLock section = DomainLock.acquireOrWait(warehouse.open(), "publish-build-check", runId,
          m -> out.println("  publish, build and check: " + m))) {
        published = publish(warehouse, manifest, runId, window, toLoad, loads, out);
        // Runs of other domains build the same models after their own publishes: queue behind them.
        models = ModelRunner.build(warehouse, runId, List.of(), window.fullRefresh(),
            new ModelRunner.Listener() {
              @Override
              public void waiting(Manifest.Model model, String message) {
                out.println("  build " + model.name() + ": " + message);
              }
            }, true);
        for (ModelRunner.ModelResult m : models) {
          out.printf(Locale.ROOT, "  build %-32s %,d row(s) in %.1f s%n", m.model(), m.rows(), m.seconds());
        }
        FaultPoints.hit("after-models");
        quality = QualityRunner.run(warehouse, runId);
        if (quality.hasErrors()) {
          throw new QualityFailedException(quality.failureMessage());
        }
      }
      FaultPoints.hit("before-control-update");
      long updateLog = control(warehouse, "the control update's start", c -> RunLog.start(c, runId,
          "control_update", null, null, window));
      for (String d : toLoad) {
        control(warehouse, "the control update of " + d, c -> {
          for (String system : sources.sourceSystems(d)) {
            // rows published are the domain's, recorded on each of its source systems
            ControlStatus.mark(c, d, system, window, "success", runId, check.rowsChanged(d, system),
                published.get(d).published(), null);
          }
          return null;
        });
        FaultPoints.hit("control-update:" + d);
      }
      control(warehouse, "the control update's end", c -> {
        RunLog.finish(c, updateLog, "success", RunLog.Counts.NONE, null);
        return null;
      });
      return new Outcome(runId, window, toLoad, loads, published, models, quality, seconds(started));
    } catch (Exception | Error e) {
      String error = Errors.describe(e);
      recordFailure(warehouse, e, c -> {
        for (String d : toLoad) {
          for (String system : sources.sourceSystems(d)) {
            ControlStatus.mark(c, d, system, window, "failed", runId, check.rowsChanged(d, system), null, error);
          }
        }
      });
      throw e;
    }
  }

  /** A write or read of the control tables on its own connection, retried when the connection is lost. */
  private static <T> T control(ConnectionSpec warehouse, String what, ControlWork<T> work) throws Exception {
    return Retry.onConnectionLoss("recording " + what, () -> {
      try (Connection c = warehouse.open()) {
        return work.apply(c);
      }
    });
  }

  @FunctionalInterface
  private interface ControlWork<T> {
    T apply(Connection c) throws Exception;
  }

  @FunctionalInterface
  private interface FailureRecord {
    void write(Connection c) throws Exception;
  }

  /**
   * Records a failure without hiding it: when the database itself is what failed, recording fails
   * too; that error is attached to the failure, which is what the user sees. The window then stays
   * 'running' (never 'success'), so its watermark does not move either way.
   */
  private static void recordFailure(ConnectionSpec warehouse, Throwable failure, FailureRecord record) {
    try {
      control(warehouse, "the failure", c -> {
        record.write(c);
        return null;
      });
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The domains to run: those asked for (each must have a source in the mapping), else every domain
   * of the manifest that the mapping feeds.
   */
  public static List<String> domains(Manifest manifest, SourceConfig sources, List<String> asked) {
    if (asked.isEmpty()) {
      List<String> fed = manifest.domainNames().stream().filter(d -> !sources.readBy(d).isEmpty()).toList();
      if (fed.isEmpty()) {
        throw new IllegalArgumentException("the source mapping " + sources.file() + " feeds no domain");
      }
      return fed;
    }
    for (String d : asked) {
      manifest.requireDomain(d);
      if (sources.readBy(d).isEmpty()) {
        throw new IllegalArgumentException("the source mapping " + sources.file() + " has no source for " + d);
      }
    }
    return asked;
  }

  /**
   * Loads each domain in manifest order, stopping at the first load that lost rows. Orders and
   * order items load as one pipeline when {@link #loadOrdersTogether} says so, at the place of
   * the first of them.
   */
  private static Map<String, LoadRunner.Result> load(Connections connections, Manifest manifest,
      SourceConfig sources, Request request, String runId, Window window, List<String> toLoad, PrintStream out)
      throws Exception {
    Map<String, LoadRunner.Result> loads = new LinkedHashMap<>();
    boolean ordersTogether = loadOrdersTogether(toLoad, request, sources);
    for (String d : toLoad) {
      String[] args = loadArgs(request.beamArgs(), runId, request.sources(), window);
      if (ordersTogether && d.equals(OrdersAndItemsLoad.DOMAINS.get(0))) {
        List<LoadDefinition<?>> definitions = new ArrayList<>();
        for (String n : OrdersAndItemsLoad.DOMAINS) {
          definitions.add(Pipelines.definition(manifest.requireDomain(n)));
        }
        for (LoadRunner.Result r : LoadRunner.runTogether(definitions, OrdersPipeline.Options.class,
            OrdersAndItemsLoad::build, args, connections).values()) {
          accept(r, loads, out);
        }
      } else if (!ordersTogether || !OrdersAndItemsLoad.DOMAINS.contains(d)) {
        accept(LoadRunner.run(Pipelines.definition(manifest.requireDomain(d)), args, connections), loads, out);
      }
    }
    return loads;
  }

  /**
   * Each domain publishes into its own dw table in its own transaction: side by side, the most
   * staged rows first (the longest publish starts at once instead of after the short ones).
   */
  private static Map<String, Publisher.Result> publish(ConnectionSpec warehouse, Manifest manifest, String runId,
      Window window, List<String> toLoad, Map<String, LoadRunner.Result> loads, PrintStream out) throws Exception {
    List<String> largestFirst = new ArrayList<>(toLoad);
    largestFirst.sort(Comparator.comparingLong((String d) -> loads.get(d).staged()).reversed());
    List<SqlWorkers.Step<Publisher.Result>> publishes = new ArrayList<>();
    for (String d : largestFirst) {
      publishes.add(() -> {
        Publisher.Result p = Publisher.publish(warehouse, manifest.requireDomain(d), runId, window);
        FaultPoints.hit("after-publish:" + d);
        return p;
      });
    }
    Map<String, Publisher.Result> byDomain = new java.util.HashMap<>();
    SqlWorkers.runIndependent(publishes).forEach(p -> byDomain.put(p.domain(), p));
    Map<String, Publisher.Result> published = new LinkedHashMap<>();
    for (String d : toLoad) {
      Publisher.Result p = byDomain.get(d);
      out.printf(Locale.ROOT, "  publish %-12s %,d row(s) in %.1f s%n", d, p.published(), p.seconds());
      published.put(d, p);
    }
    return published;
  }

  /** Records one load's result; a load that lost rows stops the run before anything is published. */
  private static void accept(LoadRunner.Result r, Map<String, LoadRunner.Result> loads, PrintStream out) {
    out.println("  " + LoadRunner.summary(r));
    FaultPoints.hit("after-load:" + r.domain());
    if (!r.balanced()) {
      throw new IllegalStateException(r.domain() + ": read " + r.read() + " rows but staged " + r.staged()
          + " and rejected " + r.rejected() + "; nothing is published");
    }
    loads.put(r.domain(), r);
  }

  /**
   * Orders and order items share one read and one pricing when the run loads both on the
   * DirectRunner from JDBC sources (see OrdersAndItemsLoad); otherwise each has its own pipeline.
   */
  static boolean loadOrdersTogether(List<String> toLoad, Request request, SourceConfig sources) {
    boolean direct = request.beamArgs().stream()
        .noneMatch(a -> a.startsWith("--runner=") && !a.endsWith("DirectRunner"));
    return direct && toLoad.containsAll(OrdersAndItemsLoad.DOMAINS)
        && OrdersAndItemsLoad.applies(sources.orderPairs());
  }

  /**
   * The window of a run or a control check: a full refresh as of {@code to} (or now); [from, to)
   * when from is given; otherwise from the earliest last watermark of the domains (so a lagging
   * domain catches up) to {@code to} or now. A domain never loaded makes it a full refresh. Null
   * when the watermark is already at or past the end.
   */
  public static Window window(Connection control, Instant from, Instant to, boolean fullRefresh, List<String> domains)
      throws Exception {
    Instant end = to != null ? to : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (fullRefresh) {
      return Window.full(end);
    }
    if (from != null) {
      return Window.of(from, end);
    }
    Instant start = null;
    for (String d : domains) {
      Optional<Instant> watermark = ControlStatus.lastWatermark(control, d);
      if (watermark.isEmpty()) {
        return Window.full(end);
      }
      start = start == null || watermark.get().isBefore(start) ? watermark.get() : start;
    }
    return start.isBefore(end) ? Window.of(start, end) : null;
  }

  /**
   * A domain load's pipeline arguments: the Beam arguments given, then the run id, the source
   * mapping (null: the bundled demo mapping) and the window (run, load and bench use the same).
   */
  public static String[] loadArgs(List<String> beamArgs, String runId, String sources, Window w) {
    List<String> args = new ArrayList<>(beamArgs);
    args.add("--runId=" + runId);
    if (sources != null) {
      args.add("--sources=" + sources);
    }
    if (w.fullRefresh()) {
      args.add("--fullRefresh=true");
    } else {
      args.add("--windowStart=" + w.start());
    }
    if (w.end() != null) {
      args.add("--windowEnd=" + w.end());
    }
    return args.toArray(new String[0]);
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
