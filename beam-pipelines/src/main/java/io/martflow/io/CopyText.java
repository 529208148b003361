package io.martflow.io;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Value encoding of PostgreSQL's COPY text format. */
public final class CopyText {
  public static final char DELIMITER = '\t';
  public static final String NULL = "\\N";

  private CopyText() {}

  public static void appendValue(Object v, StringBuilder out) {
    if (v == null) {
      out.append(NULL);
    } else if (v instanceof CharSequence s) {
      appendEscaped(s, out);
    } else if (v instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (v instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (v instanceof Long l) {
      out.append(l.longValue());
    } else if (v instanceof Integer i) {
      out.append(i.intValue());
    } else if (v instanceof Instant t) {
      appendInstant(t, out);
    } else if (v instanceof LocalDate || v instanceof Number) {
      out.append(v);
    } else {
      appendEscaped(v.toString(), out);
    }
  }

  /**
   * An instant as "YYYY-MM-DD HH:MM:SS[.ffffff]+00". Written by hand: Instant.toString goes through
   * a DateTimeFormatter, which costs more than the rest of a row's encoding.
   */
  static void appendInstant(Instant t, StringBuilder out) {
    long seconds = t.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 1 || year > 9999) {
      out.append(t);
      return;
    }
    pad(year, 4, out);
    out.append('-');
    pad(date.getMonthValue(), 2, out);
    out.append('-');
    pad(date.getDayOfMonth(), 2, out);
    out.append(' ');
    pad(secondOfDay / 3600, 2, out);
    out.append(':');
    pad(secondOfDay / 60 % 60, 2, out);
    out.append(':');
    pad(secondOfDay % 60, 2, out);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      out.append('.');
      pad(micros, 6, out);
    }
    out.append("+00");
  }

  private static void pad(int value, int width, StringBuilder out) {
    for (int w = width - 1, p = 1; w > 0; w--) {
      p *= 10;
      if (value < p) {
        out.append('0');
      }
    }
    out.append(value);
  }

  /** Escapes backslash, tab, newline and carriage return; U+0000 (not storable) becomes U+FFFD. */
  public static void appendEscaped(CharSequence s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\u0000' -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
  }
}
