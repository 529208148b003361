package io.martflow.transforms.cleaning;

import io.martflow.reference.ReferenceData;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The limits on absurd input that every cleaner applies (docs/business-rules.md, "Limits"): free
 * text no longer than ref.settings max_text_length characters once cleaned (TEXT_TOO_LONG), and a
 * change timestamp no later than one day after the later of the window end (the run time in a full
 * refresh) and the clock (UPDATED_AT_IN_FUTURE): a row dated in the year 2999 would otherwise stay
 * the newest version of its key, and no correct row could ever replace it. The clock counts because a
 * backfill of a past window reads rows as they are now: an order whose line changed in the window
 * comes with its own, later, change timestamp, which is the present, not the future.
 */
public final class InputLimits implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How far past the window end a change timestamp (or an order_ts) may lie: clock skew between systems. */
  public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

  private final int maxTextLength;
  private final Instant latestTimestamp;
  private final boolean fullRefresh;

  public InputLimits(ReferenceData ref, RunContext context) {
    this(ref, context, Instant.now());
  }

  InputLimits(ReferenceData ref, RunContext context, Instant now) {
    this.maxTextLength = ref.maxTextLength();
    this.latestTimestamp = latestTimestamp(context, now);
    this.fullRefresh = context.isFullRefresh();
  }

  /**
   * The latest change timestamp a row of this run may carry: one day after the window end (full
   * refresh: the run time) or after {@code now}, whichever is later.
   */
  public static Instant latestTimestamp(RunContext context, Instant now) {
    Instant asOf = latestAsOf(context);
    return now.isAfter(asOf) ? now.plus(FUTURE_TOLERANCE) : asOf;
  }

  /**
   * One day after the window end (full refresh: the run time): the latest order_ts of the run
   * (ORDER_TS_IN_FUTURE). An order is placed before any change of it or its lines, so a window never
   * legitimately reads a later one.
   */
  public static Instant latestAsOf(RunContext context) {
    return (context.isFullRefresh() ? context.runTime() : context.windowEnd()).plus(FUTURE_TOLERANCE);
  }

  /** A message when {@code updatedAt} is after {@link #latestTimestamp}, else null. */
  public String updatedAtInFuture(String what, Instant updatedAt) {
    if (updatedAt == null || !updatedAt.isAfter(latestTimestamp)) {
      return null;
    }
    return what + " updated_at " + updatedAt + " is after " + latestTimestamp + " (one day after the "
        + (fullRefresh ? "run time" : "window end") + " or the clock, whichever is later)";
  }

  /**
   * A message naming the first cleaned text that is too long, else null.
   *
   * @param namesAndValues field name, cleaned value, field name, cleaned value...
   */
  public String textTooLong(String what, String... namesAndValues) {
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (value != null && value.length() > maxTextLength
          && value.codePointCount(0, value.length()) > maxTextLength) {
        return what + " " + Objects.requireNonNull(namesAndValues[i]) + " is "
            + value.codePointCount(0, value.length()) + " characters long; at most " + maxTextLength
            + " (ref.settings max_text_length)";
      }
    }
    return null;
  }

  public int maxTextLength() {
    return maxTextLength;
  }
}
