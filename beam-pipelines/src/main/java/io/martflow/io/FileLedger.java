package io.martflow.io;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ctl.source_files: which file contents (by SHA-256) a domain has loaded from a CSV source. A
 * content counts as loaded once a run that read it published the domain successfully, so a load
 * that failed, or was never published, is read again by the next run.
 */
public final class FileLedger {
  private FileLedger() {}

  /** One file a run read. */
  public record FileRead(String path, String checksum, long bytes, long rowsRead, boolean firstLoad)
      implements Serializable {}

  /** Checksums of files of this source that a published run of the domain (other than {@code runId}) read. */
  public static Set<String> published(Connection c, String domain, String sourceName, String runId)
      throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("select distinct f.checksum from ctl.source_files f"
        + " where f.domain = ? and f.source_name = ? and f.run_id <> ?"
        + " and exists (select 1 from ctl.run_log l where l.run_id = f.run_id and l.domain = f.domain"
        + " and l.step = 'publish' and l.status = 'success')")) {
      ps.setString(1, domain);
      ps.setString(2, sourceName);
      ps.setString(3, runId == null ? "" : runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Records the files a run read (a retried attempt of the run overwrites its rows). */
  public static void record(Connection c, String runId, String domain, String sourceName, String sourceSystem,
      List<FileRead> files) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into ctl.source_files (run_id, domain, source_name,"
        + " source_system, path, checksum, bytes, rows_read, first_load) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " on conflict (run_id, domain, source_name, path) do update set checksum = excluded.checksum,"
        + " bytes = excluded.bytes, rows_read = excluded.rows_read, first_load = excluded.first_load,"
        + " read_at = now()")) {
      for (FileRead f : files) {
        ps.setString(1, runId);
        ps.setString(2, domain);
        ps.setString(3, sourceName);
        ps.setString(4, sourceSystem);
        ps.setString(5, f.path());
        ps.setString(6, f.checksum());
        ps.setLong(7, f.bytes());
        ps.setLong(8, f.rowsRead());
        ps.setBoolean(9, f.firstLoad());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
