package io.martflow.io;

import java.util.regex.Pattern;

/** Identifiers from configuration are validated, then quoted: configuration never becomes SQL text. */
public final class SqlIdentifiers {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  private SqlIdentifiers() {}

  public static String quote(String identifier) {
    if (identifier == null || !SAFE.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a valid SQL identifier: '" + identifier
          + "' (letters, digits, _ and $, starting with a letter or _, at most 63 characters)");
    }
    return '"' + identifier + '"';
  }

  public static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }
}
