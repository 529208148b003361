package io.martflow.io.sources;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the mapping expression syntax (docs/sources.md):
 *
 * <pre>
 * expr    := name                      a source column: kunden_nr, customer.id (JSON path)
 *          | col('any column name')    a column whose name is not a plain name
 *          | 'text'                    a text constant ('' inside is one ')
 *          | number | true | false | null
 *          | function(expr, ...)       see {@link Functions}
 * </pre>
 */
public final class ExprParser {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  /** An expression that does not parse; {@code position} is the 0-based character offset. */
  public static final class ExprException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int position;

    ExprException(String message, int position) {
      super(message);
      this.position = position;
    }

    public int position() {
      return position;
    }
  }

  private final String text;
  private int pos;

  private ExprParser(String text) {
    this.text = text;
  }

  public static Expr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ExprException("empty expression (map the field to a column, a constant or a function)", 0);
    }
    ExprParser p = new ExprParser(text);
    Expr e = p.expr();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw new ExprException("unexpected '" + text.substring(p.pos) + "' after " + e, p.pos);
    }
    return e;
  }

  static boolean isPlainName(String s) {
    return PLAIN_NAME.matcher(s).matches();
  }

  private Expr expr() {
    skipSpace();
    if (pos >= text.length()) {
      throw new ExprException("expression ends early: a value is missing", pos);
    }
    char c = text.charAt(pos);
    if (c == '\'') {
      return new Expr.Literal(string());
    }
    if (c == '"') {
      throw new ExprException("text constants use single quotes ('text'); for a column name with spaces write"
          + " col('the name')", pos);
    }
    if (c == '-' || c == '+' || Character.isDigit(c)) {
      return new Expr.Literal(number());
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      String name = name();
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == '(') {
        pos++;
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ')') {
          pos++;
        } else {
          while (true) {
            args.add(expr());
            skipSpace();
            if (pos >= text.length()) {
              throw new ExprException("missing ')' after the arguments of " + name, pos);
            }
            char sep = text.charAt(pos++);
            if (sep == ')') {
              break;
            }
            if (sep != ',') {
              throw new ExprException("expected ',' or ')' in the arguments of " + name + ", found '" + sep + "'",
                  pos - 1);
            }
          }
        }
        if (name.equals("col")) {
          if (args.size() != 1 || !(args.get(0) instanceof Expr.Literal l) || !(l.value() instanceof String s)
              || s.isEmpty()) {
            throw new ExprException("col() takes one quoted column name: col('Kunden Nr')", start);
          }
          return new Expr.Column(s);
        }
        Functions.check(name, args, start);
        return new Expr.Call(name, args);
      }
      return switch (name) {
        case "true" -> new Expr.Literal(Boolean.TRUE);
        case "false" -> new Expr.Literal(Boolean.FALSE);
        case "null" -> new Expr.Literal(null);
        default -> new Expr.Column(name);
      };
    }
    throw new ExprException("unexpected '" + c + "': expected a column name, a 'text', a number or a function",
        pos);
  }

  private String name() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || (c == '.' && pos + 1 < text.length()
          && (Character.isLetter(text.charAt(pos + 1)) || text.charAt(pos + 1) == '_'))) {
        pos++;
      } else {
        break;
      }
    }
    return text.substring(start, pos);
  }

  private String string() {
    int start = pos;
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new ExprException("text constant not closed: add a ' at the end", start);
      }
      char c = text.charAt(pos++);
      if (c == '\'') {
        if (pos < text.length() && text.charAt(pos) == '\'') {
          sb.append('\'');
          pos++;
        } else {
          return sb.toString();
        }
      } else {
        sb.append(c);
      }
    }
  }

  private BigDecimal number() {
    int start = pos;
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
      pos++;
    }
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw new ExprException("not a number: '" + text.substring(start, pos) + "'", start);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
