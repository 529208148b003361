package io.martflow.io;

import java.io.Serializable;

/**
 * A closed range [lo, hi] of a numeric key, or the rows whose key is null. Closed, so that the
 * largest bigint is a key like any other (a half-open bound after it would overflow). Ranges are the unit
 * of parallel extraction: each is read by one worker, in key order, so rows of one key (and an
 * order with its lines) always arrive together.
 */
public record KeyRange(int index, Long lo, Long hi, boolean nullKeys) implements Serializable {
  public static KeyRange of(int index, long lo, long hi) {
    return new KeyRange(index, lo, hi, false);
  }

  public static KeyRange nullKeys(int index) {
    return new KeyRange(index, null, null, true);
  }

  @Override
  public String toString() {
    return nullKeys ? "range#" + index + "[null keys]" : "range#" + index + "[" + lo + "," + hi + "]";
  }
}
