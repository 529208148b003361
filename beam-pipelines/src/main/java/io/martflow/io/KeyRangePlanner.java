package io.martflow.io;

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
   * @return ranges covering [min, max], followed by one range for null keys
   */
  public static List<KeyRange> plan(Long min, Long max, long rows, long rowsPerRange, int minRanges) {
    List<KeyRange> ranges = new ArrayList<>();
    if (min != null && max != null && rows > 0) {
      long span = max - min + 1;
      long wanted = Math.max(minRanges, (rows + rowsPerRange - 1) / Math.max(1, rowsPerRange));
      int count = (int) Math.max(1, Math.min(Math.min(wanted, MAX_RANGES), span));
      long step = span / count;
      long remainder = span % count;
      long lo = min;
      for (int i = 0; i < count; i++) {
        long size = step + (i < remainder ? 1 : 0);
        ranges.add(KeyRange.of(i, lo, lo + size));
        lo += size;
      }
    }
    ranges.add(KeyRange.nullKeys(ranges.size()));
    return ranges;
  }
}
