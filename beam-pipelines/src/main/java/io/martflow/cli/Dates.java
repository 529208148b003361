package io.martflow.cli;

import io.martflow.control.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * --from/--to of run and backfill: a date means whole days (--to 2026-11-03 runs through the end
 * of that day, as Airflow's backfill of that date does); a timestamp is an exact instant (--to
 * exclusive).
 */
final class Dates {
  private Dates() {}

  static Instant from(String text) {
    return Window.parseInstant(text, "--from");
  }

  static Instant to(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.length() == 10) {
      return LocalDate.parse(t).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Window.parseInstant(t, "--to");
  }
}
