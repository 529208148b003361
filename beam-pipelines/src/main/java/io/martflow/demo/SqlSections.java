package io.martflow.demo;

import io.martflow.warehouse.SqlFiles;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named statements of a file in sql/: each starts at a line {@code -- @section name} and runs
 * to the next such line. SQL stays in sql/; the Java code refers to it by name.
 */
final class SqlSections {
  private static final String MARKER = "-- @section ";

  private final String path;
  private final Map<String, String> sections;

  private SqlSections(String path, Map<String, String> sections) {
    this.path = path;
    this.sections = sections;
  }

  static SqlSections load(String path) {
    return parse(path, SqlFiles.read(path));
  }

  static SqlSections parse(String path, String text) {
    Map<String, String> sections = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        if (name != null) {
          sections.put(name, statement(body));
        }
        name = line.substring(MARKER.length()).strip();
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    if (name != null) {
      sections.put(name, statement(body));
    }
    return new SqlSections(path, sections);
  }

  // Without the comment lines that introduce the next section, and without the final ';' (the
  // driver would take what follows it for one more statement).
  private static String statement(StringBuilder body) {
    String[] lines = body.toString().strip().split("\n", -1);
    int end = lines.length;
    while (end > 0 && (lines[end - 1].isBlank() || lines[end - 1].strip().startsWith("--"))) {
      end--;
    }
    String sql = String.join("\n", java.util.Arrays.copyOf(lines, end)).strip();
    return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
  }

  String get(String name) {
    String sql = sections.get(name);
    if (sql == null) {
      throw new IllegalStateException("no section '" + name + "' in sql/" + path);
    }
    return sql;
  }
}
