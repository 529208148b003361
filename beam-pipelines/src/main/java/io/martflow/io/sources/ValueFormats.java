package io.martflow.io.sources;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * How a source writes values as text: decimal and grouping separators, date and timestamp
 * patterns (java.time patterns; null = ISO-8601), the texts that mean null, true and false, and the
 * time zone of timestamps that carry no offset.
 */
public record ValueFormats(
    char decimalSeparator,
    Character groupingSeparator,
    String dateFormat,
    String timestampFormat,
    List<String> nullValues,
    List<String> trueValues,
    List<String> falseValues,
    String timeZone) implements Serializable {

  public static final List<String> DEFAULT_TRUE = List.of("true", "t", "1", "yes", "y");
  public static final List<String> DEFAULT_FALSE = List.of("false", "f", "0", "no", "n");
  public static final ValueFormats DEFAULT = new ValueFormats('.', null, null, null, List.of(""), DEFAULT_TRUE,
      DEFAULT_FALSE, "UTC");

  public ValueFormats {
    nullValues = List.copyOf(nullValues);
    trueValues = trueValues.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    falseValues = falseValues.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (groupingSeparator != null && groupingSeparator == decimalSeparator) {
      throw new IllegalArgumentException("the grouping separator cannot be the decimal separator");
    }
    ZoneId.of(timeZone); // validated here, kept as text (Serializable, stable)
    if (dateFormat != null) {
      TypedValues.formatter(dateFormat);
    }
    if (timestampFormat != null) {
      TypedValues.formatter(timestampFormat);
    }
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Whether a raw text is one of the null markers. */
  public boolean isNull(String text) {
    return text == null || nullValues.contains(text);
  }
}
