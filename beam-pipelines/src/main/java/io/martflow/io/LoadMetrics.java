package io.martflow.io;

/** Names of the Beam counters a load reports; the run log reads them back after the run. */
public final class LoadMetrics {
  public static final String NAMESPACE = "martflow";

  private LoadMetrics() {}

  /** Rows read from one source (schema.table, file glob, endpoint). */
  public static String rowsRead(String sourceName) {
    return "rows_read:" + sourceName;
  }

  /** Rows written to one table (stage.tmp_customers, ctl.rejects). */
  public static String rowsWritten(String table) {
    return "rows_written:" + table;
  }
}
