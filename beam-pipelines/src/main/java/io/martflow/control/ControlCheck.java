package io.martflow.control;

import io.martflow.io.FileLedger;
import io.martflow.io.RecordKeys;
import io.martflow.io.SqlIdentifiers;
import io.martflow.io.WholeSource;
import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.SourceKind;
import io.martflow.io.sources.SourceSpec;
import io.martflow.io.sources.Sources;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The automatic check for new data that starts every flow: per domain and configured source, the
 * rows changed in the window and the latest change, written to ctl.tmp_tb_control_data_update and
 * compared with what ctl.tb_control_data_update says was loaded. A domain has new data when one of
 * its source systems has rows changed in the window and that window was not already loaded with
 * the same rows since. Sources are counted as their kind is read (docs/sources.md): a table by its
 * change column, CSV files by change column or by content not yet loaded, an HTTP endpoint by
 * fetching it.
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

    /** Rows changed in the sources of one domain and source system. */
    public long rowsChanged(String domain, String sourceSystem) {
      return changes.stream().filter(c -> c.domain().equals(domain) && c.sourceSystem().equals(sourceSystem))
          .mapToLong(SourceChange::rowsChanged).sum();
    }
  }

  /** The check over the demo shop (the bundled mapping) on {@code source}. */
  public static Result run(ConnectionSpec warehouse, ConnectionSpec source, Window window, String checkId,
      List<String> domains) throws Exception {
    return run(warehouse, source, window, checkId, domains,
        Sources.resolve(null, null, null, Connections.currentEnvironment()));
  }

  public static Result run(ConnectionSpec warehouse, ConnectionSpec defaultSource, Window window, String checkId,
      List<String> domains, SourceConfig sources) throws Exception {
    return io.martflow.warehouse.Retry.onConnectionLoss("the control check",
        () -> runOnce(warehouse, defaultSource, window, checkId, domains, sources));
  }

  private static Result runOnce(ConnectionSpec warehouse, ConnectionSpec defaultSource, Window window, String checkId,
      List<String> domains, SourceConfig sources) throws Exception {
    Map<String, ConnectionSpec> connections = Sources.connections(sources, defaultSource,
        Connections.currentEnvironment());
    List<SourceChange> changes = new ArrayList<>();
    try (Connection ctl = warehouse.open()) {
      for (String domain : domains) {
        for (SourceSpec s : sources.readBy(domain)) {
          Count count = s.kind() == SourceKind.JDBC ? countJdbc(connections.get(s.name()), s, window)
              : countWhole(ctl, domain, s, window, checkId);
          changes.add(new SourceChange(domain, s.sourceSystem(), s.name(), count.rows(), count.max(), false));
          FaultPoints.hit("control-check:" + s.name());
        }
      }
      List<SourceChange> judged = new ArrayList<>();
      for (String domain : domains) {
        Map<String, List<SourceChange>> bySystem = new LinkedHashMap<>();
        changes.stream().filter(c -> c.domain().equals(domain))
            .forEach(c -> bySystem.computeIfAbsent(c.sourceSystem(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<SourceChange>> e : bySystem.entrySet()) {
          long rows = e.getValue().stream().mapToLong(SourceChange::rowsChanged).sum();
          Instant latest = e.getValue().stream().map(SourceChange::maxChange).filter(Objects::nonNull)
              .max(Instant::compareTo).orElse(null);
          Optional<ControlStatus.Loaded> loaded = ControlStatus.loaded(ctl, domain, e.getKey(), window);
          // Loaded already when the same number of rows was loaded after the latest change.
          boolean alreadyLoaded = loaded.isPresent() && loaded.get().rowsChanged() != null
              && loaded.get().rowsChanged() == rows && (latest == null || latest.isBefore(loaded.get().finishedAt()));
          for (SourceChange c : e.getValue()) {
            judged.add(new SourceChange(c.domain(), c.sourceSystem(), c.sourceName(), c.rowsChanged(), c.maxChange(),
                alreadyLoaded));
          }
        }
      }
      record(ctl, checkId, window, judged);
      return new Result(checkId, window, judged);
    }
  }

  private record Count(long rows, Instant max) {}

  private static Count countJdbc(ConnectionSpec source, SourceSpec s, Window w) throws SQLException {
    String from = s.jdbc().isQuery() ? "(" + s.jdbc().query() + ") as src"
        : SqlIdentifiers.qualified(s.jdbc().schema(), s.jdbc().table());
    String changed = s.changeColumn() == null ? null : SqlIdentifiers.quote(s.changeColumn());
    boolean windowed = changed != null && !w.fullRefresh();
    String sql = "select count(*), " + (changed == null ? "null::timestamptz" : "max(" + changed + ")::timestamptz")
        + " from " + from + (windowed ? " where " + changed + " >= ? and " + changed + " < ?" : "");
    try (Connection c = source.open()) {
      try (PreparedStatement tz = c.prepareStatement("select set_config('TimeZone', ?, false)")) {
        tz.setString(1, s.formats().timeZone());
        tz.execute();
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (windowed) {
          ps.setObject(1, w.start().atOffset(java.time.ZoneOffset.UTC));
          ps.setObject(2, w.end().atOffset(java.time.ZoneOffset.UTC));
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          Timestamp max = rs.getTimestamp(2);
          return new Count(rs.getLong(1), max == null ? null : max.toInstant());
        }
      }
    }
  }

  /** CSV and HTTP sources: read as the load would (without de-duplication) and counted. */
  private static Count countWhole(Connection ctl, String domain, SourceSpec s, Window w, String checkId)
      throws Exception {
    Set<String> published = s.kind() == SourceKind.CSV ? FileLedger.published(ctl, domain, s.name(), checkId)
        : Set.of();
    RecordKeys<org.apache.avro.specific.SpecificRecordBase> keys = new RecordKeys<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public String keyOf(org.apache.avro.specific.SpecificRecordBase r) {
        return null;
      }

      @Override
      public Instant changedAt(org.apache.avro.specific.SpecificRecordBase r) {
        return null;
      }
    };
    WholeSource.Read<org.apache.avro.specific.SpecificRecordBase> read = WholeSource.read(s, w, keys, published,
        false, HttpPages.SLEEP, 0);
    long rows = 0;
    Instant max = null;
    for (WholeSource.Entry<?> e : read.entries()) {
      if (e.fresh()) {
        rows++;
        if (e.change() != null && (max == null || e.change().isAfter(max))) {
          max = e.change();
        }
      }
    }
    return new Count(rows, max);
  }

  private static void record(Connection c, String checkId, Window w, List<SourceChange> changes) throws SQLException {
    io.martflow.warehouse.SqlRunner.inTransaction(c, () -> {
      try (PreparedStatement clear = c.prepareStatement(
          "delete from ctl.tmp_tb_control_data_update where check_id = ?")) {
        // a retried check (its connection was lost) replaces what an earlier attempt recorded
        clear.setString(1, checkId);
        clear.executeUpdate();
      }
      insert(c, checkId, w, changes);
      return null;
    });
  }

  private static void insert(Connection c, String checkId, Window w, List<SourceChange> changes) throws SQLException {
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
