package io.martflow.io;

import java.io.Serializable;
import java.util.List;

/**
 * Which of a plan's key ranges one run of a pipeline reads.
 *
 * <p>The DirectRunner has no backpressure: it schedules bundles first in, first out, so every range
 * is read before the slower pricing and COPY stages drain the first ones, and a large table ends up
 * on the heap (scale 100 ran out of a 2 GB heap holding every order). LoadRunner therefore runs a
 * DirectRunner load as several runs of the same pipeline, wave after wave, each reading the next
 * {@code rangesPerWave} ranges: what is in flight is bounded by a wave, not by the table. Every
 * wave reads the same plan, made once and remembered under {@code planId} ({@link RangePlans}), so
 * the key space is split the same way however the source changes between waves.
 *
 * <p>{@link #ALL}: every range in one run (Dataflow, which streams with backpressure; tests of one
 * pipeline run).
 */
public record RangeWave(String planId, int index, int rangesPerWave) implements Serializable {
  public static final RangeWave ALL = new RangeWave(null, 0, 0);

  public RangeWave {
    if (rangesPerWave < 0 || index < 0 || (rangesPerWave > 0) != (planId != null)) {
      throw new IllegalArgumentException("a wave needs a plan id, an index >= 0 and rangesPerWave > 0 (or none: ALL)");
    }
  }

  public boolean all() {
    return rangesPerWave == 0;
  }

  /** Sources read whole (files, APIs) are read once, by the first wave. */
  public boolean first() {
    return index == 0;
  }

  /** This wave's share of the plan: ranges [index * rangesPerWave, (index + 1) * rangesPerWave). */
  public List<KeyRange> select(List<KeyRange> plan) {
    if (all()) {
      return plan;
    }
    long from = Math.min(plan.size(), (long) index * rangesPerWave);
    long to = Math.min(plan.size(), from + rangesPerWave);
    return plan.subList((int) from, (int) to);
  }

  /** Waves needed to read {@code ranges} ranges, at least one. */
  public static int count(long ranges, int rangesPerWave) {
    if (rangesPerWave <= 0) {
      return 1;
    }
    return (int) Math.max(1, (ranges + rangesPerWave - 1) / rangesPerWave);
  }
}
