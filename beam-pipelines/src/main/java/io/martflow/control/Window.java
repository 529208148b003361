package io.martflow.control;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The slice of source changes a run processes: [start, end) of the change timestamp, or every row
 * in a full refresh (start and end null). A full refresh may still carry an end, which is then the
 * run's reference time.
 */
public record Window(Instant start, Instant end, boolean fullRefresh) implements Serializable {
  public Window {
    if (!fullRefresh && (start == null || end == null)) {
      throw new IllegalArgumentException("a window needs a start and an end (or a full refresh)");
    }
    if (start != null && end != null && !start.isBefore(end)) {
      throw new IllegalArgumentException("window start " + start + " must be before its end " + end);
    }
  }

  public static Window of(Instant start, Instant end) {
    return new Window(start, end, false);
  }

  public static Window full(Instant asOf) {
    return new Window(null, asOf, true);
  }

  /** Parses ISO-8601 instants ("2026-11-01T00:00:00Z") or dates ("2026-11-01", midnight UTC). */
  public static Instant parseInstant(String text, String what) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      return java.time.OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(what + " must be an ISO date or timestamp such as 2026-11-01 or"
            + " 2026-11-01T00:00:00Z, not '" + text + "'");
      }
    }
  }

  @Override
  public String toString() {
    return fullRefresh ? "full refresh" + (end == null ? "" : " as of " + end) : "[" + start + ", " + end + ")";
  }
}
