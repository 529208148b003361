package io.martflow.transforms.cleaning;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a cleaning rule needs to know about the run: its id, the window [windowStart, windowEnd)
 * of source change timestamps (both null in a full refresh), the run time that "now" means for
 * every row of the run, and the business time zone that turns instants into business dates.
 */
public record RunContext(
    String runId, Instant windowStart, Instant windowEnd, Instant runTime, ZoneId businessZone)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public RunContext {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runTime, "runTime");
    Objects.requireNonNull(businessZone, "businessZone");
    if ((windowStart == null) != (windowEnd == null)) {
      throw new IllegalArgumentException(
          "windowStart and windowEnd are both set (incremental run) or both null (full refresh)");
    }
    if (windowStart != null && !windowStart.isBefore(windowEnd)) {
      throw new IllegalArgumentException(
          "windowStart " + windowStart + " must be before windowEnd " + windowEnd);
    }
  }

  public static RunContext window(
      String runId, Instant windowStart, Instant windowEnd, Instant runTime, ZoneId businessZone) {
    return new RunContext(runId, Objects.requireNonNull(windowStart, "windowStart"),
        Objects.requireNonNull(windowEnd, "windowEnd"), runTime, businessZone);
  }

  public static RunContext fullRefresh(String runId, Instant runTime, ZoneId businessZone) {
    return new RunContext(runId, null, null, runTime, businessZone);
  }

  public boolean isFullRefresh() {
    return windowEnd == null;
  }

  /** The run time's date in the business time zone. */
  public LocalDate businessDate() {
    return businessDate(runTime);
  }

  /** An instant's date in the business time zone; null for null. */
  public LocalDate businessDate(Instant instant) {
    return instant == null ? null : instant.atZone(businessZone).toLocalDate();
  }
}
