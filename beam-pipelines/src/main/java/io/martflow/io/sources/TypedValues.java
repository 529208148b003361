package io.martflow.io.sources;

import io.martflow.transforms.deadletter.RejectReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Turns source values (text from CSV, JSON scalars, JDBC objects, expression results) into the
 * values of a domain record's fields, with the source's {@link ValueFormats}. A value that does not
 * fit raises {@link ValueException} with INVALID_NUMBER, INVALID_DATE or PARSE_ERROR.
 */
public final class TypedValues {
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();
  /** ISO local date-time with an optional offset (+01, +0100, +01:00, Z) and an optional [zone]. */
  private static final DateTimeFormatter ISO_TIMESTAMP = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalEnd()
      .optionalStart().parseLenient().appendOffset("+HH:MM:ss", "Z").parseStrict().optionalEnd()
      .optionalStart().appendLiteral('[').appendZoneRegionId().appendLiteral(']').optionalEnd()
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT)
      .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  /** The dates and timestamps a warehouse column holds: years 1 to 9999 (PostgreSQL has no year 0). */
  public static final LocalDate EARLIEST_DATE = LocalDate.of(1, 1, 1);
  public static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);
  private static final Instant EARLIEST_INSTANT = EARLIEST_DATE.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
  private static final Instant LATEST_INSTANT = LATEST_DATE.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC)
      .toInstant().minusNanos(1000);

  private TypedValues() {}

  /** A timestamp the warehouse can hold, else INVALID_DATE (year 0, 'infinity', year 10000...). */
  public static Instant inRange(Instant t, String field) throws ValueException {
    if (t != null && (t.isBefore(EARLIEST_INSTANT) || t.isAfter(LATEST_INSTANT))) {
      throw new ValueException(RejectReason.INVALID_DATE, field + " " + t + " is outside the years 1 to 9999");
    }
    return t;
  }

  /** A date the warehouse can hold, else INVALID_DATE. */
  public static LocalDate inRange(LocalDate d, String field) throws ValueException {
    if (d != null && (d.isBefore(EARLIEST_DATE) || d.isAfter(LATEST_DATE))) {
      throw new ValueException(RejectReason.INVALID_DATE, field + " " + d + " is outside the years 1 to 9999");
    }
    return d;
  }

  /**
   * Text that is valid Unicode, else ENCODING_ERROR: a lone UTF-16 surrogate (a JSON "\ud800"
   * escape) cannot be written as UTF-8 and would silently become '?'.
   */
  public static String validText(String s, String field) throws ValueException {
    if (s == null) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ValueException(RejectReason.ENCODING_ERROR, field + " holds an unpaired surrogate \\u"
            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at character " + i + " (not valid Unicode text)");
      }
    }
    return s;
  }

  /** A java.time pattern, resolved strictly (31.02. is an error, not 28.02.); 'y' is read as 'u'. */
  public static DateTimeFormatter formatter(String pattern) {
    return FORMATTERS.computeIfAbsent(pattern, p -> {
      StringBuilder strict = new StringBuilder();
      boolean quoted = false;
      for (char c : p.toCharArray()) {
        if (c == '\'') {
          quoted = !quoted;
        }
        strict.append(!quoted && c == 'y' ? 'u' : c);
      }
      try {
        return DateTimeFormatter.ofPattern(strict.toString(), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a date/time pattern: '" + p + "' (" + e.getMessage() + ")");
      }
    });
  }

  // ---- scalar parsing ----

  /** A number from text (with the source's separators) or a numeric value. */
  public static BigDecimal number(Object v, ValueFormats f) throws ValueException {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString());
    }
    if (v instanceof String s) {
      String t = s.strip();
      if (f.groupingSeparator() != null) {
        t = t.replace(String.valueOf(f.groupingSeparator()), "");
      }
      if (f.decimalSeparator() != '.') {
        if (t.indexOf('.') >= 0) {
          throw invalidNumber(s, f);
        }
        t = t.replace(f.decimalSeparator(), '.');
      }
      if (!PLAIN_NUMBER.matcher(t).matches()) {
        throw invalidNumber(s, f);
      }
      return new BigDecimal(t);
    }
    throw new ValueException(RejectReason.INVALID_NUMBER, "a " + kind(v) + " is not a number: " + v);
  }

  private static ValueException invalidNumber(String s, ValueFormats f) {
    return new ValueException(RejectReason.INVALID_NUMBER, "'" + s + "' is not a number (decimal separator '"
        + f.decimalSeparator() + "'" + (f.groupingSeparator() == null ? "" : ", grouping '" + f.groupingSeparator()
        + "'") + ")");
  }

  public static Instant timestamp(Object v, ValueFormats f, String pattern) throws ValueException {
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay(f.zone()).toInstant();
    }
    if (v instanceof LocalDateTime t) {
      return t.atZone(f.zone()).toInstant();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toInstant();
    }
    if (!(v instanceof String s)) {
      throw new ValueException(RejectReason.INVALID_DATE, "a " + kind(v) + " is not a timestamp: " + v
          + " (use epoch_seconds() or epoch_millis() for numbers)");
    }
    String t = s.strip();
    String p = pattern != null ? pattern : f.timestampFormat();
    try {
      TemporalAccessor parsed;
      if (p == null) {
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        if (iso.length() == 10) {
          return LocalDate.parse(iso).atStartOfDay(f.zone()).toInstant();
        }
        parsed = ISO_TIMESTAMP.parseBest(iso, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
      } else {
        parsed = formatter(p).parseBest(t, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
            LocalDate::from);
      }
      return toInstant(parsed, f.zone());
    } catch (DateTimeParseException e) {
      throw new ValueException(RejectReason.INVALID_DATE, "'" + s + "' is not a timestamp in the format "
          + (p == null ? "ISO-8601 (2026-11-01T14:05:00+01:00)" : "'" + p + "'"));
    }
  }

  public static LocalDate date(Object v, ValueFormats f, String pattern) throws ValueException {
    if (v == null) {
      return null;
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof Instant || v instanceof LocalDateTime || v instanceof OffsetDateTime
        || v instanceof java.sql.Timestamp) {
      return LocalDate.ofInstant(timestamp(v, f, null), f.zone());
    }
    if (!(v instanceof String s)) {
      throw new ValueException(RejectReason.INVALID_DATE, "a " + kind(v) + " is not a date: " + v);
    }
    String t = s.strip();
    String p = pattern != null ? pattern : f.dateFormat();
    try {
      if (p == null) {
        if (t.length() == 10) {
          return LocalDate.parse(t);
        }
        return LocalDate.ofInstant(timestamp(t, f, null), f.zone());
      }
      TemporalAccessor parsed = formatter(p).parseBest(t, LocalDate::from, LocalDateTime::from);
      return parsed instanceof LocalDateTime ldt ? ldt.toLocalDate() : (LocalDate) parsed;
    } catch (DateTimeParseException | ValueException e) {
      throw new ValueException(RejectReason.INVALID_DATE, "'" + s + "' is not a date in the format "
          + (p == null ? "ISO-8601 (2026-11-01)" : "'" + p + "'"));
    }
  }

  public static Boolean bool(Object v, ValueFormats f) throws ValueException {
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n && (v instanceof Long || v instanceof Integer || v instanceof BigDecimal)) {
      BigDecimal d = new BigDecimal(n.toString());
      if (d.signum() == 0) {
        return false;
      }
      if (d.compareTo(BigDecimal.ONE) == 0) {
        return true;
      }
    }
    String t = text(v).strip().toLowerCase(Locale.ROOT);
    if (f.trueValues().contains(t)) {
      return true;
    }
    if (f.falseValues().contains(t)) {
      return false;
    }
    throw new ValueException(RejectReason.PARSE_ERROR, "'" + v + "' is not a boolean (true: " + f.trueValues()
        + ", false: " + f.falseValues() + ")");
  }

  /** Text of any value: numbers plain, dates and timestamps ISO-8601. */
  public static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }

  private static Instant toInstant(TemporalAccessor t, ZoneId zone) {
    if (t instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (t instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (t instanceof LocalDateTime l) {
      return l.atZone(zone).toInstant();
    }
    return ((LocalDate) t).atStartOfDay(zone).toInstant();
  }

  private static String kind(Object v) {
    return v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  // ---- into an Avro field ----

  /** Converts {@code v} to the type of {@code field} (a nullable union of one type). */
  public static Object toField(Object v, Schema.Field field, ValueFormats f) throws ValueException {
    if (v == null) {
      return null;
    }
    Schema type = nonNull(field.schema());
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      BigDecimal d = number(v, f);
      BigDecimal scaled = d.setScale(decimal.getScale(), RoundingMode.HALF_UP);
      if (scaled.precision() - scaled.scale() > decimal.getPrecision() - decimal.getScale()) {
        throw new ValueException(RejectReason.INVALID_NUMBER, d.toPlainString() + " does not fit numeric("
            + decimal.getPrecision() + "," + decimal.getScale() + ") of " + field.name());
      }
      return scaled;
    }
    if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.TimestampMillis) {
      return inRange(timestamp(v, f, null), field.name());
    }
    if (logical instanceof LogicalTypes.Date) {
      return inRange(date(v, f, null), field.name());
    }
    switch (type.getType()) {
      case LONG:
        return integer(v, f, field.name()).longValue();
      case INT: {
        BigDecimal d = integer(v, f, field.name());
        try {
          return d.intValueExact();
        } catch (ArithmeticException e) {
          throw new ValueException(RejectReason.INVALID_NUMBER, d.toPlainString() + " is too large for "
              + field.name());
        }
      }
      case BOOLEAN:
        return bool(v, f);
      case STRING:
        return validText(text(v), field.name());
      default:
        throw new IllegalArgumentException("unsupported field type " + type + " for " + field.name());
    }
  }

  private static BigDecimal integer(Object v, ValueFormats f, String field) throws ValueException {
    BigDecimal d = number(v, f);
    try {
      BigDecimal whole = d.stripTrailingZeros();
      if (whole.scale() > 0) {
        throw new ValueException(RejectReason.INVALID_NUMBER, d.toPlainString() + " is not a whole number ("
            + field + ")");
      }
      BigDecimal exact = new BigDecimal(whole.toBigIntegerExact());
      exact.longValueExact();
      return exact;
    } catch (ArithmeticException e) {
      throw new ValueException(RejectReason.INVALID_NUMBER, d.toPlainString() + " is too large for " + field);
    }
  }

  public static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema s : schema.getTypes()) {
      if (s.getType() != Schema.Type.NULL) {
        return s;
      }
    }
    throw new IllegalArgumentException("union without a non-null branch: " + schema);
  }
}
