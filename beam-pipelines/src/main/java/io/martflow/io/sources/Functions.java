package io.martflow.io.sources;

import io.martflow.transforms.deadletter.RejectReason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The functions of mapping expressions. Every function returns null for a null input (except
 * concat, coalesce and equals, documented below), so a missing value stays missing.
 */
public final class Functions {
  /** Name -> (min args, max args, what it does). Docs: docs/sources.md, "Expressions". */
  record Spec(int min, int max, String usage) {}

  static final Map<String, Spec> SPECS = Map.ofEntries(
      Map.entry("concat", new Spec(1, 64, "concat(a, b, ...): the texts joined; a null part counts as empty,"
          + " all parts null give null")),
      Map.entry("coalesce", new Spec(1, 64, "coalesce(a, b, ...): the first value that is not null")),
      Map.entry("upper", new Spec(1, 1, "upper(a): upper case")),
      Map.entry("lower", new Spec(1, 1, "lower(a): lower case")),
      Map.entry("trim", new Spec(1, 1, "trim(a): without surrounding whitespace")),
      Map.entry("replace", new Spec(3, 3, "replace(a, 'from', 'to'): every 'from' replaced by 'to'")),
      Map.entry("digits", new Spec(1, 1, "digits(a): only the digits of a ('C-0042' -> 42)")),
      Map.entry("key_hash", new Spec(1, 1, "key_hash(a): a stable positive 60-bit number for a text key")),
      Map.entry("number", new Spec(1, 1, "number(a): a number in the source's decimal format")),
      Map.entry("cents", new Spec(1, 1, "cents(a): an amount in cents as currency units (1999 -> 19.99)")),
      Map.entry("percent", new Spec(1, 1, "percent(a): a fraction as a percentage (0.15 -> 15)")),
      Map.entry("fraction", new Spec(1, 1, "fraction(a): a percentage as a fraction (19 -> 0.19)")),
      Map.entry("date", new Spec(1, 2, "date(a, 'dd.MM.yyyy'): a date in the given pattern")),
      Map.entry("timestamp", new Spec(1, 2, "timestamp(a, 'dd.MM.yyyy HH:mm'): a timestamp in the given pattern,"
          + " in the source's time zone unless the pattern has an offset")),
      Map.entry("epoch_seconds", new Spec(1, 1, "epoch_seconds(a): a timestamp from seconds since 1970-01-01 UTC")),
      Map.entry("epoch_millis", new Spec(1, 1, "epoch_millis(a): a timestamp from milliseconds since 1970-01-01"
          + " UTC")),
      Map.entry("equals", new Spec(2, 2, "equals(a, 'text'): true when a is that text (false when a is null)")),
      Map.entry("not", new Spec(1, 1, "not(a): the opposite boolean")));

  private Functions() {}

  /** Checks a call at parse time: a known function, its number of arguments, its pattern. */
  static void check(String name, List<Expr> args, int position) {
    Spec spec = SPECS.get(name);
    if (spec == null) {
      throw new ExprParser.ExprException("unknown function " + name + "(); functions: "
          + String.join(", ", new java.util.TreeSet<>(SPECS.keySet())), position);
    }
    if (args.size() < spec.min() || args.size() > spec.max()) {
      throw new ExprParser.ExprException("wrong number of arguments: " + spec.usage(), position);
    }
    if ((name.equals("date") || name.equals("timestamp")) && args.size() == 2) {
      if (!(args.get(1) instanceof Expr.Literal l) || !(l.value() instanceof String pattern)) {
        throw new ExprParser.ExprException(name + "()'s second argument is a quoted pattern: " + spec.usage(),
            position);
      }
      try {
        TypedValues.formatter(pattern);
      } catch (IllegalArgumentException e) {
        throw new ExprParser.ExprException(e.getMessage(), position);
      }
    }
  }

  /** Evaluates {@code e} over one source row ({@code column} gives a column's raw value). */
  public static Object eval(Expr e, Function<String, Object> column, ValueFormats f) throws ValueException {
    if (e instanceof Expr.Column c) {
      return column.apply(c.name());
    }
    if (e instanceof Expr.Literal l) {
      return l.value();
    }
    Expr.Call call = (Expr.Call) e;
    List<Expr> args = call.args();
    switch (call.function()) {
      case "concat": {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (Expr a : args) {
          Object v = eval(a, column, f);
          if (v != null) {
            sb.append(TypedValues.text(v));
            any = true;
          }
        }
        return any ? sb.toString() : null;
      }
      case "coalesce": {
        for (Expr a : args) {
          Object v = eval(a, column, f);
          if (v != null) {
            return v;
          }
        }
        return null;
      }
      case "equals": {
        Object a = eval(args.get(0), column, f);
        Object b = eval(args.get(1), column, f);
        if (a == null || b == null) {
          return a == null && b == null;
        }
        return TypedValues.text(a).strip().equals(TypedValues.text(b).strip());
      }
      default:
        break;
    }
    Object a = eval(args.get(0), column, f);
    if (a == null) {
      return null;
    }
    switch (call.function()) {
      case "upper":
        return TypedValues.text(a).toUpperCase(java.util.Locale.ROOT);
      case "lower":
        return TypedValues.text(a).toLowerCase(java.util.Locale.ROOT);
      case "trim":
        return TypedValues.text(a).strip();
      case "replace": {
        Object from = eval(args.get(1), column, f);
        Object to = eval(args.get(2), column, f);
        return TypedValues.text(a).replace(from == null ? "" : TypedValues.text(from),
            to == null ? "" : TypedValues.text(to));
      }
      case "digits": {
        String d = TypedValues.text(a).replaceAll("[^0-9]", "");
        return d.isEmpty() ? null : d;
      }
      case "key_hash":
        return keyHash(TypedValues.text(a));
      case "number":
        return TypedValues.number(a, f);
      case "cents":
        return TypedValues.number(a, f).movePointLeft(2);
      case "percent":
        return TypedValues.number(a, f).movePointRight(2);
      case "fraction":
        return TypedValues.number(a, f).movePointLeft(2);
      case "date":
        return TypedValues.date(a, f, args.size() > 1 ? (String) ((Expr.Literal) args.get(1)).value() : null);
      case "timestamp":
        return TypedValues.timestamp(a, f, args.size() > 1 ? (String) ((Expr.Literal) args.get(1)).value() : null);
      case "epoch_seconds":
        return Instant.ofEpochSecond(epoch(a, f, "epoch_seconds"));
      case "epoch_millis":
        return Instant.ofEpochMilli(epoch(a, f, "epoch_millis"));
      case "not": {
        Boolean b = TypedValues.bool(a, f);
        return b == null ? null : !b;
      }
      default:
        throw new IllegalStateException("function " + call.function() + " is checked but not implemented");
    }
  }

  private static long epoch(Object a, ValueFormats f, String fn) throws ValueException {
    BigDecimal d = TypedValues.number(a, f);
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw new ValueException(RejectReason.INVALID_DATE, fn + "(" + d.toPlainString() + ") is not a whole number");
    }
  }

  /** A positive 60-bit number from the MD5 of a text key: stable across runs and machines. */
  static long keyHash(String text) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (md5[i] & 0xff);
      }
      return v >>> 4;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
