package io.martflow.control;

import io.martflow.io.ShopSource;
import io.martflow.io.SourceTable;
import io.martflow.io.SqlIdentifiers;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The automatic check for new data that starts every flow: per domain and source, the rows
 * changed in the window and the latest change, written to ctl.tmp_tb_control_data_update and
 * compared with what ctl.tb_control_data_update says was loaded. A domain has new data when
 * rows changed in the window and that window was not already loaded with the same rows since.
 */
public final class ControlCheck {
  private ControlCheck() {}

  /** What one source of one domain holds in the window. */
  public record SourceChange(String domain, String sourceSystem, String sourceName, long rowsChanged,
      Instant maxChange, boolean alreadyLoaded) {
    public boolean isNew() {
      return rowsChanged > 0 && !alreadyLoaded;
    }
  }

  public record Result(String checkId, Window window, List<SourceChange> changes) {
    /** Domains with new data in any of their sources, in the order asked. */
    public List<String> domainsWithNewData() {
      Set<String> domains = new LinkedHashSet<>();
      changes.stream().filter(SourceChange::isNew).forEach(c -> domains.add(c.domain()));
      return List.copyOf(domains);
    }

    public long rowsChanged(String domain) {
      return changes.stream().filter(c -> c.domain().equals(domain)).mapToLong(SourceChange::rowsChanged).sum();
    }
  }

  public static Result run(ConnectionSpec warehouse, ConnectionSpec source, Window window, String checkId,
      List<String> domains, String sourceSystem, String sourceSchema) throws SQLException {
    List<SourceChange> changes = new ArrayList<>();
    try (Connection src = source.open(); Connection ctl = warehouse.open()) {
      for (String domain : domains) {
        for (SourceTable table : ShopSource.tablesFor(domain, sourceSystem, sourceSchema)) {
          long[] count = new long[1];
          Instant max = countChanges(src, table, window, count);
          changes.add(new SourceChange(domain, table.sourceSystem(), table.name(), count[0], max, false));
        }
      }
      List<SourceChange> judged = new ArrayList<>();
      for (String domain : domains) {
        List<SourceChange> ofDomain = changes.stream().filter(c -> c.domain().equals(domain)).toList();
        long rows = ofDomain.stream().mapToLong(SourceChange::rowsChanged).sum();
        Instant latest = ofDomain.stream().map(SourceChange::maxChange).filter(java.util.Objects::nonNull)
            .max(Instant::compareTo).orElse(null);
        Optional<ControlStatus.Loaded> loaded = ControlStatus.loaded(ctl, domain, sourceSystem, window);
        // Loaded already when the same number of rows was loaded after the latest change.
        boolean alreadyLoaded = loaded.isPresent() && loaded.get().rowsChanged() != null
            && loaded.get().rowsChanged() == rows && (latest == null || latest.isBefore(loaded.get().finishedAt()));
        for (SourceChange c : ofDomain) {
          judged.add(new SourceChange(c.domain(), c.sourceSystem(), c.sourceName(), c.rowsChanged(), c.maxChange(),
              alreadyLoaded));
        }
      }
      record(ctl, checkId, window, judged);
      return new Result(checkId, window, judged);
    }
  }

  private static Instant countChanges(Connection c, SourceTable t, Window w, long[] count) throws SQLException {
    String changed = SqlIdentifiers.quote(t.changeColumn());
    String sql = "select count(*), max(" + changed + ") from " + SqlIdentifiers.qualified(t.schema(), t.table())
        + (w.fullRefresh() ? "" : " where " + changed + " >= ? and " + changed + " < ?");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (!w.fullRefresh()) {
        ps.setTimestamp(1, Timestamp.from(w.start()));
        ps.setTimestamp(2, Timestamp.from(w.end()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        count[0] = rs.getLong(1);
        Timestamp max = rs.getTimestamp(2);
        return max == null ? null : max.toInstant();
      }
    }
  }

  private static void record(Connection c, String checkId, Window w, List<SourceChange> changes) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into ctl.tmp_tb_control_data_update (check_id, domain,"
        + " source_system, source_name, window_start, window_end, rows_changed, max_change_ts) values (?,?,?,?,?,?,?,?)")) {
      for (SourceChange ch : changes) {
        ps.setString(1, checkId);
        ps.setString(2, ch.domain());
        ps.setString(3, ch.sourceSystem());
        ps.setString(4, ch.sourceName());
        ps.setTimestamp(5, w.start() == null ? null : Timestamp.from(w.start()));
        ps.setTimestamp(6, w.end() == null ? null : Timestamp.from(w.end()));
        ps.setLong(7, ch.rowsChanged());
        ps.setTimestamp(8, ch.maxChange() == null ? null : Timestamp.from(ch.maxChange()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
