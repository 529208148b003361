package io.martflow.io;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key-range plans of a load run in waves ({@link RangeWave}), kept in this process for the
 * load's duration: the first wave plans, the later ones read the same plan. Only the DirectRunner
 * runs waves, and it runs every DoFn in this JVM.
 */
public final class RangePlans {
  private static final Map<String, List<KeyRange>> PLANS = new ConcurrentHashMap<>();

  private RangePlans() {}

  /** A plan step that reads the source. */
  public interface Planner {
    List<KeyRange> plan() throws Exception;
  }

  /** The plan {@code name} of the load {@code planId}: planned now if it is the first time. */
  static List<KeyRange> remember(String planId, String name, Planner planner) throws Exception {
    String key = planId + "\u0000" + name;
    List<KeyRange> known = PLANS.get(key);
    if (known != null) {
      return known;
    }
    List<KeyRange> planned = List.copyOf(planner.plan());
    List<KeyRange> raced = PLANS.putIfAbsent(key, planned);
    return raced != null ? raced : planned;
  }

  /** Drops every plan of a load once it is over (succeeded or failed). */
  public static void forget(String planId) {
    if (planId != null) {
      PLANS.keySet().removeIf(k -> k.startsWith(planId + "\u0000"));
    }
  }
}
