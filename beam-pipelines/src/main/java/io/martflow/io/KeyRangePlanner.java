package io.martflow.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Splits [min, max] into ranges of about {@code rowsPerRange} rows, assuming keys spread evenly. */
public final class KeyRangePlanner {
  /** Enough ranges to keep every worker busy, few enough that per-range overhead stays small. */
  public static final int MAX_RANGES = 4096;

  private KeyRangePlanner() {}

  /**
   * @param min smallest non-null key, or null when there is none
   * @param max largest non-null key
   * @param rows rows with a non-null key
   * @param rowsPerRange target rows per range
   * @param minRanges at least this many ranges when there are rows (parallelism)
   * @return closed ranges covering [min, max] exactly, followed by one range for null keys. The
   *     arithmetic is exact over the whole bigint domain: keys near Long.MIN_VALUE or
   *     Long.MAX_VALUE (a key of 9223372036854775807, a span wider than Long.MAX_VALUE) are
   *     covered like any other.
   */
  public static List<KeyRange> plan(Long min, Long max, long rows, long rowsPerRange, int minRanges) {
    List<KeyRange> ranges = new ArrayList<>();
    if (min != null && max != null && rows > 0) {
      BigInteger lo = BigInteger.valueOf(min);
      BigInteger span = BigInteger.valueOf(max).subtract(lo).add(BigInteger.ONE);
      long wanted = Math.max(minRanges, (rows + rowsPerRange - 1) / Math.max(1, rowsPerRange));
      int count = BigInteger.valueOf(Math.max(1, Math.min(wanted, MAX_RANGES))).min(span).intValueExact();
      BigInteger[] stepAndRemainder = span.divideAndRemainder(BigInteger.valueOf(count));
      for (int i = 0; i < count; i++) {
        BigInteger size = stepAndRemainder[0].add(i < stepAndRemainder[1].intValue() ? BigInteger.ONE : BigInteger.ZERO);
        BigInteger hi = lo.add(size).subtract(BigInteger.ONE);
        ranges.add(KeyRange.of(i, lo.longValueExact(), hi.longValueExact()));
        lo = hi.add(BigInteger.ONE);
      }
    }
    ranges.add(KeyRange.nullKeys(ranges.size()));
    return ranges;
  }
}
