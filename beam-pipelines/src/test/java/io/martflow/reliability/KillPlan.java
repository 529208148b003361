package io.martflow.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded choice of kill points: from the points a clean run reached (with how many times, from
 * {@link io.martflow.control.FaultPoints#trace()}), pick {@code count} distinct points spread evenly
 * over the five phases of a run, each with a hit number at which to kill. The same trace and seed
 * give the same plan.
 */
public final class KillPlan {
  private KillPlan() {}

  /** The phases of a run, in order. */
  public enum Phase { EXTRACT, STAGE, PUBLISH, MART_BUILD, CONTROL_UPDATE }

  /** Kill at the {@code hit}-th time {@code point} is reached. */
  public record Kill(Phase phase, String point, long hit, long reached) {
    /** The value of -Dmartflow.fault for this kill. */
    public String fault() {
      return "kill:" + point + "@" + hit;
    }
  }

  public static Phase phaseOf(String point) {
    if (point.startsWith("control-check:") || point.startsWith("extract-row:")) {
      return Phase.EXTRACT;
    }
    if (point.startsWith("load-cleared:") || point.startsWith("stage-commit:") || point.startsWith("load-done:")
        || point.startsWith("after-load:")) {
      return Phase.STAGE;
    }
    if (point.equals("before-publish") || point.startsWith("sql:publish/") || point.startsWith("publish-committed:")
        || point.startsWith("after-publish:")) {
      return Phase.PUBLISH;
    }
    if (point.startsWith("sql:core/") || point.startsWith("sql:marts/") || point.startsWith("model-committed:")
        || point.equals("after-models")) {
      return Phase.MART_BUILD;
    }
    if (point.startsWith("quality:") || point.equals("before-control-update") || point.startsWith("control-update:")) {
      return Phase.CONTROL_UPDATE;
    }
    throw new IllegalArgumentException("no phase for fault point " + point);
  }

  /**
   * Points whose hit count depends on how the runner cuts bundles (COPY commits): killed at their
   * first hit, which every run reaches. Every other point is reached the same number of times by
   * every run over the same data.
   */
  static boolean countIsExact(String point) {
    return !point.startsWith("stage-commit:");
  }

  public static List<Kill> choose(Map<String, Long> trace, long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Phase, List<String>> byPhase = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      byPhase.put(p, new ArrayList<>());
    }
    trace.keySet().stream().sorted().forEach(p -> byPhase.get(phaseOf(p)).add(p));
    for (List<String> points : byPhase.values()) {
      shuffle(points, random);
    }
    int available = byPhase.values().stream().mapToInt(List::size).sum();
    if (available < count) {
      throw new IllegalArgumentException("the clean run reached " + available + " fault points; " + count + " asked");
    }
    List<Kill> kills = new ArrayList<>();
    java.util.Set<String> families = new java.util.HashSet<>();
    while (kills.size() < count) {
      for (Phase p : Phase.values()) {
        List<String> points = byPhase.get(p);
        if (!points.isEmpty() && kills.size() < count) {
          // Another statement of a file already chosen only when the phase has nothing else left.
          String point = points.stream().filter(x -> !families.contains(family(x))).findFirst().orElse(points.get(0));
          points.remove(point);
          families.add(family(point));
          long reached = trace.get(point);
          long hit = countIsExact(point) ? 1 + random.nextLong(reached) : 1;
          kills.add(new Kill(p, point, hit, reached));
        }
      }
    }
    kills.sort(Comparator.comparing(Kill::phase));
    return kills;
  }

  /** Statements of one SQL file are one family: the plan visits many files before two statements of one. */
  static String family(String point) {
    int hash = point.indexOf('#');
    return hash < 0 ? point : point.substring(0, hash);
  }

  private static void shuffle(List<String> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
