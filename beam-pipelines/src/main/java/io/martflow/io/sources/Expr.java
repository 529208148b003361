package io.martflow.io.sources;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A column mapping's value: a source column, a constant, or a function of them
 * ({@code concat(first, ' ', last)}, {@code cents(price_cents)}, {@code date(born, 'dd.MM.yyyy')}).
 * Parsed by {@link ExprParser}, evaluated by {@link Functions} over one source row.
 */
public sealed interface Expr extends Serializable {
  /** A source column (CSV header, JSON field path, table column). */
  record Column(String name) implements Expr {
    @Override
    public String toString() {
      return ExprParser.isPlainName(name) ? name : "col('" + name.replace("'", "''") + "')";
    }
  }

  /** A constant: text, a number (BigDecimal), true/false, or null. */
  record Literal(Object value) implements Expr {
    @Override
    public String toString() {
      if (value == null) {
        return "null";
      }
      return value instanceof String s ? "'" + s.replace("'", "''") + "'" : value.toString();
    }
  }

  /** A function call. */
  record Call(String function, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public String toString() {
      return function + "(" + String.join(", ", args.stream().map(Expr::toString).toList()) + ")";
    }
  }

  /** The source columns this expression reads, in order of appearance. */
  default Set<String> columns() {
    Set<String> out = new LinkedHashSet<>();
    collect(this, out);
    return out;
  }

  private static void collect(Expr e, Set<String> out) {
    if (e instanceof Column c) {
      out.add(c.name());
    } else if (e instanceof Call call) {
      call.args().forEach(a -> collect(a, out));
    }
  }

  /** The column this expression is, when it is just a column (a rename). */
  default String plainColumn() {
    return this instanceof Column c ? c.name() : null;
  }
}
