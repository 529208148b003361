package io.martflow.io;

/** Names of the Beam counters a load reports; the run log reads them back after the run. */
public final class LoadMetrics {
  public static final String NAMESPACE = "martflow";
  /** Prefix of the {@link #keyRangesPlanned} counters. */
  public static final String KEY_RANGES_PREFIX = "key_ranges_planned:";

  private LoadMetrics() {}

  /** Rows a domain read from one of its sources (schema.table, file glob, endpoint). */
  public static String rowsRead(String domain, String sourceName) {
    return "rows_read:" + domain + ":" + sourceName;
  }

  /** Rows written to one table (stage.tmp_customers, ctl.rejects). */
  public static String rowsWritten(String table) {
    return "rows_written:" + table;
  }

  /** Rows of chunks written again after a retry found some already committed (none are doubled). */
  public static String rowsReplayed(String table) {
    return "replayed_rows:" + table;
  }

  /** Key ranges planned for one read (counted by the first wave of a load run in waves). */
  public static String keyRangesPlanned(String read) {
    return KEY_RANGES_PREFIX + read;
  }
}
