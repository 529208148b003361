package io.martflow.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** SQL lives only in the repository's sql/ folder; the jar carries it under /sql. */
public final class SqlFiles {
  private SqlFiles() {}

  /** The text of sql/{@code path}, e.g. {@code read("publish/customers.sql")}. */
  public static String read(String path) {
    String resource = "sql/" + path;
    try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no SQL file " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public static boolean exists(String path) {
    return SqlFiles.class.getClassLoader().getResource("sql/" + path) != null;
  }
}
