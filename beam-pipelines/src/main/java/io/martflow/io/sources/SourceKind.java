package io.martflow.io.sources;

/** How a source is read. */
public enum SourceKind {
  /** A table or a query of a PostgreSQL database, read in key ranges through cursors. */
  JDBC,
  /** Files matching a glob, read whole, one source at a time. */
  CSV,
  /** A JSON endpoint read page by page. */
  HTTP;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
