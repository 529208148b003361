package io.martflow.warehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent SQL steps (publishes of different domains, models whose dependencies are
 * built, quality checks) on a few connections at once. PostgreSQL runs each statement on one core
 * (most of ours are too small for parallel query), so one step at a time leaves the other cores
 * idle. With one worker the steps run one by one in the given order, exactly as before.
 *
 * <p>Workers: {@code MARTFLOW_SQL_WORKERS} (environment) or {@code -Dmartflow.sql.workers}, else
 * the number of cores, at most 4.
 */
public final class SqlWorkers {
  private SqlWorkers() {}

  /** One step; its result is returned in the step's position. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws Exception;
  }

  public static int workers() {
    String configured = System.getProperty("martflow.sql.workers", System.getenv("MARTFLOW_SQL_WORKERS"));
    if (configured != null && !configured.isBlank()) {
      try {
        int n = Integer.parseInt(configured.strip());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new IllegalArgumentException("MARTFLOW_SQL_WORKERS must be a whole number >= 1, not '" + configured + "'");
    }
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** Runs independent steps; see {@link #run(List, List, int)}. */
  public static <T> List<T> runIndependent(List<Step<T>> steps) throws Exception {
    List<Set<Integer>> none = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      none.add(Set.of());
    }
    return run(steps, none, workers());
  }

  /**
   * Runs the steps on up to {@code workers} threads, lowest position first among those ready: step
   * i starts once every step of {@code after.get(i)} (positions) has succeeded. Results come back in
   * position order. After the first failure no step starts; the running ones finish, then the
   * failure of the earliest step is thrown (the others attached as suppressed).
   */
  public static <T> List<T> run(List<Step<T>> steps, List<Set<Integer>> after, int workers) throws Exception {
    int n = steps.size();
    if (after.size() != n) {
      throw new IllegalArgumentException(n + " steps but " + after.size() + " dependency sets");
    }
    Object[] results = new Object[n];
    boolean[] started = new boolean[n];
    boolean[] done = new boolean[n];
    int threads = Math.max(1, Math.min(workers, n));
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "martflow-sql-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CompletionService<Integer> completions = new ExecutorCompletionService<>(pool);
    Throwable failure = null;
    int failedAt = Integer.MAX_VALUE;
    int running = 0;
    try {
      while (true) {
        for (int i = 0; failure == null && i < n && running < threads; i++) {
          if (!started[i] && after.get(i).stream().allMatch(d -> done[d])) {
            started[i] = true;
            running++;
            int position = i;
            completions.submit(() -> {
              try {
                results[position] = steps.get(position).run();
              } catch (Exception | Error e) {
                throw new StepFailed(position, e);
              }
              return position;
            });
          }
        }
        if (running == 0) {
          break;
        }
        Future<Integer> finished = completions.take();
        running--;
        try {
          done[finished.get()] = true;
        } catch (ExecutionException e) {
          // The earliest step's failure is the one reported, whatever finished first.
          StepFailed f = (StepFailed) e.getCause();
          if (failure == null) {
            failure = f.getCause();
            failedAt = f.position;
          } else if (f.position < failedAt) {
            f.getCause().addSuppressed(failure);
            failure = f.getCause();
            failedAt = f.position;
          } else {
            failure.addSuppressed(f.getCause());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (failure instanceof Exception e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    for (int i = 0; i < n; i++) {
      if (!done[i]) {
        throw new IllegalStateException("step " + i + " never became ready: its dependencies "
            + after.get(i) + " are not among the steps before it (" + Arrays.toString(done) + ")");
      }
    }
    @SuppressWarnings("unchecked")
    List<T> ordered = (List<T>) Arrays.asList(results);
    return new ArrayList<>(ordered);
  }

  private static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final int position;

    StepFailed(int position, Throwable cause) {
      super(cause);
      this.position = position;
    }
  }
}
