package io.martflow.pipelines;

import io.martflow.cli.Errors;
import io.martflow.cli.Logging;
import io.martflow.control.DomainLock;
import io.martflow.control.FaultPoints;
import io.martflow.control.RunIds;
import io.martflow.control.RunLog;
import io.martflow.control.Window;
import io.martflow.io.LoadMetrics;
import io.martflow.io.RangePlans;
import io.martflow.io.RangeWave;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Retry;
import io.martflow.warehouse.Statistics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Runs one domain pipeline the same way from every entry point (its {@code main}, `martflow load`,
 * `martflow run`, Airflow): resolves connections, takes the domain lock, logs the step in
 * ctl.run_log, runs the Beam graph and records rows read, staged and rejected.
 */
public final class LoadRunner {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LoadRunner.class.getName());

  static {
    PipelineOptionsFactory.register(WaveOptions.class); // --rangesPerWave is accepted by every load
  }

  private LoadRunner() {}

  /**
   * The outcome of one load: rows read (per source), staged and rejected; the runs of the pipeline
   * it took (waves of key ranges, {@link WaveOptions}).
   */
  public record Result(String runId, String domain, Window window, long read, long staged, long rejected,
      Map<String, Long> readBySource, double seconds, Map<String, Double> busySeconds, int waves) {
    /** Every row read was staged or rejected. */
    public boolean balanced() {
      return read == staged + rejected;
    }
  }

  /** Entry point of each pipeline class's {@code main}: exit status 0 on success. */
  public static <O extends LoadOptions> void main(LoadDefinition<O> definition, String[] args) {
    Logging.configure(false);
    try {
      Result r = run(definition, args);
      System.out.println(summary(r));
    } catch (Exception e) {
      System.err.println("martflow " + definition.domain() + ": " + Errors.describe(e));
      System.exit(Errors.exitCode(e));
    }
  }

  public static String summary(Result r) {
    return String.format(Locale.ROOT,
        "%-12s %s: read %,d, staged %,d, rejected %,d in %.1f s (%,d rows/s)%s", r.domain(), r.window(), r.read(),
        r.staged(), r.rejected(), r.seconds(), Math.round(r.read() / Math.max(r.seconds(), 1e-3)),
        r.balanced() ? "" : "  ACCOUNTING MISMATCH");
  }

  public static <O extends LoadOptions> Result run(LoadDefinition<O> definition, String[] args) throws Exception {
    try (Connections environment = Connections.fromEnvironment()) {
      return run(definition, args, environment);
    }
  }

  /** Runs with the given connections where the flags name none (the flow passes its own). */
  public static <O extends LoadOptions> Result run(LoadDefinition<O> definition, String[] args,
      Connections environment) throws Exception {
    O options = prepare(definition.optionsClass(), args, environment);
    List<LoadDefinition<?>> definitions = List.of(definition);
    Map<String, LoadContext> contexts = contexts(definitions, options);
    Retry.Step<Result> once = () -> runOnce(definitions, definition.build(), options, contexts)
        .get(definition.domain());
    if (RunnerChecks.isDataflow(options)) {
      // A Dataflow job keeps running when this process loses its connection: never launch a second one.
      return once.run();
    }
    return Retry.onConnectionLoss("the " + definition.domain() + " load", once);
  }

  /**
   * Loads several domains with ONE pipeline built by {@code build} (OrdersAndItemsLoad: one read
   * and one pricing for orders and order items). Each domain keeps its own lock, ctl.run_log row,
   * cleanup of an earlier attempt and counts, exactly as if loaded alone.
   */
  public static <O extends LoadOptions> Map<String, Result> runTogether(List<LoadDefinition<?>> definitions,
      Class<O> optionsClass, BiFunction<Pipeline, O, Pipeline> build, String[] args,
      Connections environment) throws Exception {
    O options = prepare(optionsClass, args, environment);
    Map<String, LoadContext> contexts = contexts(definitions, options);
    // the joint load runs on the DirectRunner only (Flow.loadOrdersTogether), so a lost connection is retried
    return Retry.onConnectionLoss("the " + String.join(" and ", contexts.keySet()) + " load",
        () -> runOnce(definitions, build, options, contexts));
  }

  /** The options of a load: parsed and checked, connections filled in, a run id given. */
  private static <O extends LoadOptions> O prepare(Class<O> optionsClass, String[] args, Connections environment)
      throws Exception {
    O options = parse(optionsClass, args);
    resolveConnections(options, environment);
    ensureRunId(options);
    return options;
  }

  private static void ensureRunId(LoadOptions options) {
    if (options.getRunId() == null) {
      options.setRunId(RunIds.newRunId("load"));
    }
    RunIds.validate(options.getRunId());
  }

  private static Map<String, LoadContext> contexts(List<LoadDefinition<?>> definitions, LoadOptions options) {
    Map<String, LoadContext> contexts = new LinkedHashMap<>();
    for (LoadDefinition<?> d : definitions) {
      contexts.put(d.domain(), LoadContext.from(d.domain(), options));
    }
    return contexts;
  }

  /**
   * One attempt: takes every domain's lock, opens its ctl.run_log row and clears its earlier
   * attempt, runs the one pipeline, then records each domain's counts (or the failure in each row).
   */
  private static <O extends LoadOptions> Map<String, Result> runOnce(List<LoadDefinition<?>> definitions,
      BiFunction<Pipeline, O, Pipeline> build, O options, Map<String, LoadContext> contexts) throws Exception {
    LoadContext first = contexts.values().iterator().next();
    ConnectionSpec warehouse = first.warehouse();
    String domains = String.join(" and ", contexts.keySet());
    long started = System.nanoTime();
    Map<String, Long> logIds = new LinkedHashMap<>();
    Thread cancelOnExit = null;
    try (Connection control = warehouse.open();
        Locks locks = Locks.acquire(warehouse, contexts.keySet(), first.runId())) {
      try {
        for (LoadDefinition<?> d : definitions) {
          LoadContext context = contexts.get(d.domain());
          RunLog.abandonStale(control, d.domain(), context.runId(), "load", "publish");
          logIds.put(d.domain(), RunLog.start(control, context.runId(), "load", d.domain(), null, context.window()));
          clearPreviousAttempt(control, context);
          FaultPoints.hit("load-cleared:" + d.domain());
        }
        WaveOptions waveOptions = options.as(WaveOptions.class);
        int perWave = RunnerChecks.isDataflow(options) ? 0 : waveOptions.getRangesPerWave();
        if (perWave < 0) {
          throw new IllegalArgumentException("--rangesPerWave must be 0 or more, not " + perWave);
        }
        waveOptions.setRangePlanId(perWave > 0 ? UUID.randomUUID().toString() : null);
        Map<String, Long> counters = new TreeMap<>();
        int waves = 1;
        try {
          for (int wave = 0; wave < waves; wave++) {
            waveOptions.setRangeWave(wave);
            long t0 = System.nanoTime();
            Pipeline pipeline = Pipeline.create(options);
            build.apply(pipeline, options);
            long t1 = System.nanoTime();
            PipelineResult result = pipeline.run();
            if (result instanceof DataflowPipelineJob job) {
              announce(domains, options, job);
              cancelOnExit = cancelOnExit(domains, job, control, logIds.values());
              Runtime.getRuntime().addShutdownHook(cancelOnExit);
            }
            PipelineResult.State state = result.waitUntilFinish();
            LOG.info(String.format(Locale.ROOT, "%s: wave %d of %d: setup %.1f s, graph %.1f s, run %.1f s", domains,
                wave + 1, waves, (t0 - started) / 1e9, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9));
            if (state != PipelineResult.State.DONE) {
              throw new IllegalStateException("the pipeline ended in state " + state);
            }
            addCounters(result, counters);
            if (wave == 0) {
              waves = RangeWave.count(largestPlan(counters), perWave);
            }
          }
        } finally {
          RangePlans.forget(waveOptions.getRangePlanId());
        }
        Map<String, Result> results = new LinkedHashMap<>();
        double seconds = (System.nanoTime() - started) / 1e9;
        for (LoadDefinition<?> d : definitions) {
          LoadContext context = contexts.get(d.domain());
          Result r = collect(d, context, counters, seconds, waves);
          FaultPoints.hit("load-done:" + d.domain());
          Statistics.refreshAfter(control, "stage.tmp_" + d.domain(), r.staged());
          RunLog.finish(control, logIds.get(d.domain()), "success",
              new RunLog.Counts(r.read(), r.staged(), r.rejected(), null), null, details(context, r));
          results.put(d.domain(), r);
        }
        return results;
      } catch (Exception | Error e) {
        for (long id : logIds.values()) {
          RunLog.finishQuietly(control, id, "failed", Errors.describe(e), e);
        }
        throw e;
      } finally {
        if (cancelOnExit != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(cancelOnExit);
          } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: it cancels the job
          }
        }
      }
    }
  }

  /** The domain locks of one load, released like resources: each one, however the others fare. */
  private record Locks(List<DomainLock> held) implements AutoCloseable {
    static Locks acquire(ConnectionSpec warehouse, Collection<String> domains, String runId) throws Exception {
      Locks locks = new Locks(new ArrayList<>());
      try {
        for (String domain : domains) {
          locks.held().add(DomainLock.acquire(warehouse.open(), domain, runId));
        }
        return locks;
      } catch (Exception | Error e) {
        try {
          locks.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    @Override
    public void close() throws SQLException {
      SQLException failed = null;
      for (int i = held.size() - 1; i >= 0; i--) {
        try {
          held.get(i).close();
        } catch (SQLException e) {
          if (failed == null) {
            failed = e;
          } else {
            failed.addSuppressed(e);
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
    }
  }

  /**
   * A Flex Template launch: checks and submits the Dataflow job, then returns its id without
   * waiting, as the template launcher requires (it must exit for the job to start). The domain lock
   * is only checked (a running load of the domain refuses the launch), earlier rows of the same run
   * are cleared, and no ctl.run_log row is written: the launcher cannot stay to close it. Loads with
   * the full bookkeeping run through {@link #run} (Airflow's BeamRunJavaPipelineOperator).
   */
  public static <O extends LoadOptions> String launch(LoadDefinition<O> definition, String[] args) throws Exception {
    O options = parse(definition, args);
    if (!RunnerChecks.isDataflow(options)) {
      throw new IllegalArgumentException("the Flex Template launcher submits Dataflow jobs only (--runner=DataflowRunner)");
    }
    ensureRunId(options);
    LoadContext context = LoadContext.from(definition.domain(), options);
    try (Connection control = context.warehouse().open()) {
      DomainLock.acquire(context.warehouse().open(), definition.domain(), context.runId()).close();
      clearPreviousAttempt(control, context);
    }
    Pipeline pipeline = Pipeline.create(options);
    definition.build().apply(pipeline, options);
    PipelineResult result = pipeline.run();
    if (!(result instanceof DataflowPipelineJob job)) {
      throw new IllegalStateException("DataflowRunner returned " + result.getClass().getSimpleName() + ", not a job");
    }
    announce(definition.domain(), options, job);
    return job.getJobId();
  }

  private static <O extends LoadOptions> O parse(LoadDefinition<O> definition, String[] args) {
    return parse(definition.optionsClass(), args);
  }

  private static <O extends LoadOptions> O parse(Class<O> optionsClass, String[] args) {
    O options = PipelineOptionsFactory.fromArgs(withDirectRunnerDefaults(args)).withValidation().as(optionsClass);
    if (RunnerChecks.isDataflow(options)) {
      quietDataflowSubmissionLog();
    }
    RunnerChecks.validate(options);
    return options;
  }

  /**
   * Prints the job id and its console page. Deliberately not in the words of Beam's own
   * "Submitted job: ID" line: Airflow's Beam hook stops following the launching process as soon
   * as it reads that line, and this process must stay to hold the domain lock, wait for the job and
   * write the run log with its counts. The DAG's operator then finds the finished job by its name.
   */
  private static void announce(String domains, LoadOptions options, DataflowPipelineJob job) {
    DataflowPipelineOptions d = options.as(DataflowPipelineOptions.class);
    System.out.println("martflow " + domains + ": Dataflow job " + job.getJobId() + " (run "
        + options.getRunId() + ") https://console.cloud.google.com/dataflow/jobs/" + d.getRegion() + "/"
        + job.getJobId() + "?project=" + d.getProject());
    System.out.flush();
  }

  /** Stopping the launching process (an Airflow task killed or timed out) cancels its Dataflow job. */
  private static Thread cancelOnExit(String domains, DataflowPipelineJob job, Connection control,
      Collection<Long> logIds) {
    return new Thread(() -> {
      try {
        if (!job.getState().isTerminal()) {
          job.cancel();
          System.err.println("martflow " + domains + ": cancelled Dataflow job " + job.getJobId()
              + " because this process was stopped");
          for (long logId : logIds) {
            RunLog.finish(control, logId, "failed", RunLog.Counts.NONE,
                "cancelled Dataflow job " + job.getJobId() + ": the launching process was stopped");
          }
        }
      } catch (Exception e) {
        System.err.println("martflow " + domains + ": could not cancel Dataflow job " + job.getJobId()
            + ": " + Errors.describe(e));
      }
    }, "martflow-cancel-dataflow-job");
  }

  /** JUL holds loggers weakly: keep the one whose level is set. */
  private static final java.util.logging.Logger DATAFLOW_RUNNER_LOG =
      java.util.logging.Logger.getLogger(DataflowRunner.class.getName());

  private static void quietDataflowSubmissionLog() {
    DATAFLOW_RUNNER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** A retried load of the same run starts clean: its earlier staged rows and rejects go. */
  private static void clearPreviousAttempt(Connection c, LoadContext context) throws Exception {
    try (PreparedStatement stage = c.prepareStatement("delete from stage.tmp_" + context.domain() + " where run_id = ?");
        PreparedStatement rejects = c.prepareStatement("delete from ctl.rejects where run_id = ? and domain = ?")) {
      stage.setString(1, context.runId());
      stage.executeUpdate();
      rejects.setString(1, context.runId());
      rejects.setString(2, context.domain());
      rejects.executeUpdate();
    }
  }

  /** Adds a finished run's counters (one wave's) to the load's. */
  private static void addCounters(PipelineResult result, Map<String, Long> counters) {
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(LoadMetrics.NAMESPACE)).build()).getCounters()) {
      counters.merge(c.getName().getName(), valueOf(c), Long::sum);
    }
  }

  /** The most key ranges one read of the load planned: the waves it takes. */
  private static long largestPlan(Map<String, Long> counters) {
    return counters.entrySet().stream().filter(e -> e.getKey().startsWith(LoadMetrics.KEY_RANGES_PREFIX))
        .mapToLong(Map.Entry::getValue).max().orElse(0);
  }

  private static Result collect(LoadDefinition<?> definition, LoadContext context, Map<String, Long> counters,
      double seconds, int waves) {
    Map<String, Long> readBySource = new TreeMap<>();
    counters.forEach((name, value) -> {
      if (name.startsWith(definition.rowsReadPrefix())) {
        readBySource.put(name.substring(definition.rowsReadPrefix().length()), value);
      }
    });
    long read = readBySource.values().stream().mapToLong(Long::longValue).sum();
    long staged = counters.getOrDefault(LoadMetrics.rowsWritten("stage.tmp_" + definition.domain()), 0L);
    long rejected = counters.getOrDefault(LoadMetrics.rowsWritten(Staging.rejectsLabel(definition.domain())), 0L);
    Map<String, Double> busy = new TreeMap<>();
    counters.forEach((name, micros) -> {
      if (name.startsWith(io.martflow.io.BusyTime.PREFIX)) {
        busy.put(name.substring(io.martflow.io.BusyTime.PREFIX.length()), micros / 1e6);
      }
    });
    return new Result(context.runId(), definition.domain(), context.window(), read, staged, rejected, readBySource,
        seconds, busy, waves);
  }

  /**
   * ctl.run_log.details of a load: rows read per source (every configured source of the domain,
   * 0 when it had nothing), and the mapping file.
   */
  static String details(LoadContext context, Result r) {
    var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    var bySource = json.putObject("rows_read_by_source");
    for (var s : context.sources().forDomain(r.domain())) {
      bySource.put(s.name(), r.readBySource().getOrDefault(s.name(), 0L));
    }
    r.readBySource().forEach((name, rows) -> {
      if (!bySource.has(name)) {
        bySource.put(name, rows);
      }
    });
    json.put("sources", context.sources().file());
    var busy = json.putObject("busy_seconds");
    r.busySeconds().forEach(busy::put);
    return json.toString();
  }

  private static long valueOf(MetricResult<Long> c) {
    try {
      Long committed = c.getCommitted();
      return committed == null ? c.getAttempted() : committed;
    } catch (UnsupportedOperationException e) {
      return c.getAttempted();
    }
  }

  /** Fills connection options from MARTFLOW_* (or the embedded server) where not given as flags. */
  static void resolveConnections(LoadOptions options, Connections environment) throws Exception {
    if (RunnerChecks.isDataflow(options)) {
      return; // workers have none of this machine's environment: connections come from flags only
    }
    if (options.getDbUrl() == null && options.getCloudSqlInstance() == null) {
      apply(environment.warehouse(), options::setDbUrl, options::setDbUser, options::setDbPasswordEnv,
          options::setDbPasswordFile);
    }
    // Only a separately configured source: otherwise the source is the warehouse connection (and
    // asking for it would start the embedded server even when the warehouse came from flags).
    if (options.getSourceDbUrl() == null && options.getSourceCloudSqlInstance() == null
        && environment.hasSeparateSource()) {
      apply(environment.source(), options::setSourceDbUrl, options::setSourceDbUser,
          options::setSourceDbPasswordEnv, options::setSourceDbPasswordFile);
    }
  }

  private static void apply(ConnectionSpec spec, java.util.function.Consumer<String> url,
      java.util.function.Consumer<String> user, java.util.function.Consumer<String> passwordEnv,
      java.util.function.Consumer<String> passwordFile) {
    url.accept(spec.jdbcUrl());
    user.accept(spec.user());
    switch (spec.password().kind()) {
      case "env" -> passwordEnv.accept(spec.password().location());
      case "file" -> passwordFile.accept(spec.password().location());
      default -> { }
    }
  }

  /**
   * The DirectRunner's immutability and encodability checks re-encode every element several times;
   * they are for developing DoFns (tests keep them on), not for loading data. Off unless asked for.
   */
  static String[] withDirectRunnerDefaults(String[] args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    boolean direct = all.stream().noneMatch(a -> a.startsWith("--runner=") && !a.endsWith("DirectRunner"));
    if (direct) {
      if (all.stream().noneMatch(a -> a.startsWith("--enforceImmutability"))) {
        all.add("--enforceImmutability=false");
      }
      if (all.stream().noneMatch(a -> a.startsWith("--enforceEncodability"))) {
        all.add("--enforceEncodability=false");
      }
    }
    return all.toArray(new String[0]);
  }
}
