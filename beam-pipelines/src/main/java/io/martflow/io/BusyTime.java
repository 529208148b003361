package io.martflow.io;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Time a step's DoFn spends working, as a Beam counter {@code busy_us:<step>} summed over every
 * worker thread: read, transform, write. Steps overlap on the DirectRunner (bundles flow through
 * as they finish), so the busy times of a load add up to more than its wall time; they say where
 * the time goes. Accumulated per bundle, so timing costs two clock reads per element.
 */
public final class BusyTime implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String PREFIX = "busy_us:";
  private final Counter micros;
  private transient long pendingNanos;

  public BusyTime(String step) {
    this.micros = Metrics.counter(LoadMetrics.NAMESPACE, PREFIX + step);
  }

  public static long now() {
    return System.nanoTime();
  }

  /** Adds the time since {@code startedNanos}. */
  public void add(long startedNanos) {
    pendingNanos += System.nanoTime() - startedNanos;
  }

  /** Reports what was added (call at the end of a bundle or of a long element). */
  public void flush() {
    if (pendingNanos > 0) {
      micros.inc(pendingNanos / 1000);
      pendingNanos = 0;
    }
  }
}
