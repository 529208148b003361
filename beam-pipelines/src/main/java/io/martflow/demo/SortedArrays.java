package io.martflow.demo;

import java.util.SplittableRandom;

/** The searches of {@link CustomerPool} and {@link ProductPool} over their ascending arrays. */
final class SortedArrays {
  private SortedArrays() {}

  /** How many of the first {@code size} values of an ascending array are below {@code t}. */
  static int countBelow(long[] ascending, int size, long t) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * An index in [0, k) drawn by weight, from running totals of the weights (one draw of
   * {@code r}): the first index whose running total exceeds a uniform point of the first k.
   */
  static int drawWeighted(SplittableRandom r, double[] cumulativeWeight, int k) {
    double u = r.nextDouble() * cumulativeWeight[k - 1];
    int lo = 0;
    int hi = k - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulativeWeight[mid] <= u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
