package io.martflow.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Named points inside a run where tests inject failures. Off unless the system property
 * {@code martflow.fault} is set (or a test installs a listener); a point then costs one property
 * read. The property is a comma-separated list of entries:
 *
 * <ul>
 *   <li>{@code POINT} fails with {@link InjectedFault} at the first hit of the point;
 *   <li>{@code POINT@N} fails at its N-th hit (hits counted across threads, from 1);
 *   <li>{@code kill:POINT} or {@code kill:POINT@N} kills the JVM there with a real SIGKILL (exit
 *       137: no finally blocks, no shutdown hooks, connections dropped by the operating system);
 *   <li>{@code trace} counts the hits of every point ({@link #trace()}), so that a campaign can
 *       choose points and hit numbers that a run really reaches.
 * </ul>
 *
 * <p>The points (docs/reliability.md lists them with their phase):
 * {@code control-check:SOURCE}, {@code extract-row:DOMAIN} (each source row read),
 * {@code load-cleared:DOMAIN}, {@code stage-commit:TABLE} (each COPY chunk committed),
 * {@code load-done:DOMAIN}, {@code after-load:DOMAIN}, {@code before-publish},
 * {@code sql:FILE#K} (after statement K of a publish or model file, inside its transaction),
 * {@code publish-committed:DOMAIN}, {@code after-publish:DOMAIN}, {@code model-committed:MODEL},
 * {@code after-models}, {@code quality:CHECK}, {@code before-control-update},
 * {@code control-update:DOMAIN}.
 */
public final class FaultPoints {
  public static final String PROPERTY = "martflow.fault";

  private static final Map<String, AtomicLong> HITS = new ConcurrentHashMap<>();
  private static volatile Consumer<String> listener;
  private static volatile String parsedFrom;
  private static volatile Config config = Config.NONE;

  private FaultPoints() {}

  /** An injected failure; never thrown unless a test asked for it. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String point) {
      super("injected failure at " + point);
    }
  }

  /** One configured entry: what to do at which hit of a point. */
  private record Entry(String point, long at, boolean kill) {}

  private record Config(Map<String, Entry> entries, boolean trace) {
    static final Config NONE = new Config(Map.of(), false);

    static Config parse(String text) {
      Map<String, Entry> entries = new java.util.HashMap<>();
      boolean trace = false;
      for (String raw : text.split(",")) {
        String e = raw.strip();
        if (e.isEmpty()) {
          continue;
        }
        if (e.equals("trace")) {
          trace = true;
          continue;
        }
        boolean kill = e.startsWith("kill:");
        String rest = kill ? e.substring("kill:".length()) : e;
        long at = 1;
        int hash = rest.lastIndexOf('@');
        if (hash > 0) {
          try {
            at = Long.parseLong(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
          } catch (NumberFormatException notACount) {
            // an '@' that is part of the point's name
          }
        }
        entries.put(rest, new Entry(rest, Math.max(1, at), kill));
      }
      return new Config(Map.copyOf(entries), trace);
    }
  }

  /** Marks a point; does nothing unless a fault, a trace or a listener is configured. */
  public static void hit(String point) {
    Consumer<String> l = listener;
    String configured = System.getProperty(PROPERTY);
    if (l == null && (configured == null || configured.isBlank())) {
      return;
    }
    if (l != null) {
      l.accept(point);
    }
    if (configured == null || configured.isBlank()) {
      return;
    }
    Config c = config(configured);
    Entry entry = c.entries().get(point);
    if (entry == null && !c.trace()) {
      return;
    }
    long n = HITS.computeIfAbsent(point, p -> new AtomicLong()).incrementAndGet();
    if (entry != null && n == entry.at()) {
      if (entry.kill()) {
        killThisProcess();
      }
      throw new InjectedFault(point + (entry.at() > 1 ? "@" + entry.at() : ""));
    }
  }

  private static Config config(String configured) {
    if (!configured.equals(parsedFrom)) {
      synchronized (FaultPoints.class) {
        if (!configured.equals(parsedFrom)) {
          config = Config.parse(configured);
          HITS.clear();
          parsedFrom = configured;
        }
      }
    }
    return config;
  }

  /** Hits counted since the property last changed (every point with {@code trace}), by point. */
  public static Map<String, Long> trace() {
    Map<String, Long> out = new TreeMap<>();
    HITS.forEach((p, n) -> out.put(p, n.get()));
    return out;
  }

  /** Forgets counted hits (a test starting a new traced run). */
  public static void reset() {
    synchronized (FaultPoints.class) {
      HITS.clear();
      parsedFrom = null;
      config = Config.NONE;
    }
  }

  /**
   * Calls {@code l} with every point reached, on the thread that reaches it (null removes it): lets
   * an in-process test act at a precise moment of a run, e.g. restart the database server there.
   */
  public static void listen(Consumer<String> l) {
    listener = l;
  }

  /** SIGKILL to this very process; halt(137) should the signal not be delivered. */
  private static void killThisProcess() {
    try {
      Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
          .redirectErrorStream(true).start();
      kill.waitFor();
      Thread.sleep(5_000); // SIGKILL cannot be caught: this line is not normally reached
    } catch (Exception | Error e) {
      // fall through to halt
    }
    Runtime.getRuntime().halt(137);
  }
}
