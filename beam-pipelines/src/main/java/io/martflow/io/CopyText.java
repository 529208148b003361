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
    } else if (v instanceof Instant || v instanceof LocalDate || v instanceof Number) {
      out.append(v);
    } else {
      appendEscaped(v.toString(), out);
    }
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
