package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grants of V2_5, proven by logging in (with a password, over scram-sha-256) as users that
 * inherit martflow_loader and martflow_reader.
 */
class RolesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path secrets;

  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** Roles are cluster-wide and the server is shared by every test class of the JVM: unique names. */
  private static final String SUFFIX = ProcessHandle.current().pid() + "_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String LOADER = "t_loader_" + SUFFIX;
  private static final String READER = "t_reader_" + SUFFIX;
  private static final List<String> WRITABLE = List.of("stage", "dw", "core", "mart", "ctl");

  private static ConnectionSpec loader;
  private static ConnectionSpec reader;

  @BeforeAll
  static void loginRolesAndTablesCreatedAfterTheGrants() throws Exception {
    loader = login(LOADER, "martflow_loader");
    reader = login(READER, "martflow_reader");
    // Created by the warehouse owner after V2_5 ran: only default privileges can open them.
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      for (String schema : WRITABLE) {
        s.execute("create table " + schema + ".later_" + schema
            + " (id bigserial primary key, label text not null)");
        s.execute("insert into " + schema + ".later_" + schema + " (label) values ('by owner')");
      }
      s.execute("create view mart.later_view as select id, label from mart.later_mart");
    }
  }

  @AfterAll
  static void dropLoginRoles() throws SQLException {
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      for (String role : List.of(LOADER, READER)) {
        try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
          if (!rs.next()) {
            continue;
          }
        }
        // Only objects a failing test let the role create in this database; then the role itself.
        s.execute("drop owned by " + role);
        s.execute("drop role " + role);
      }
    }
  }

  @Test
  void usersLogInWithTheirPasswordAsThemselves() throws SQLException {
    assertThat(text(loader, "select current_user"), equalTo(LOADER));
    assertThat(text(reader, "select current_user"), equalTo(READER));
    ConnectionSpec wrongPassword = new ConnectionSpec(db.spec().jdbcUrl(), READER, SecretRef.file(write("wrong", "nope")));
    assertThrows(SQLException.class, () -> wrongPassword.open().close());
  }

  // ---------------------------------------------------------------- reader

  @Test
  void readerSelectsFromCoreAndMartTablesAndViewsCreatedAfterTheGrants() throws SQLException {
    assertThat(text(reader, "select label from core.later_core"), equalTo("by owner"));
    assertThat(text(reader, "select label from mart.later_mart"), equalTo("by owner"));
    assertThat(text(reader, "select label from mart.later_view"), equalTo("by owner"));
  }

  @Test
  void readerSeesNothingInCtlRefStageOrDw() {
    assertDenied(reader, "select count(*) from ctl.run_log");
    assertDenied(reader, "select count(*) from ctl.rejects");
    assertDenied(reader, "select count(*) from ctl.later_ctl");
    assertDenied(reader, "select count(*) from ref.countries");
    assertDenied(reader, "select count(*) from stage.later_stage");
    assertDenied(reader, "select count(*) from dw.later_dw");
  }

  @Test
  void readerWritesNothing() {
    assertDenied(reader, "insert into mart.later_mart (label) values ('by reader')");
    assertDenied(reader, "update mart.later_mart set label = 'by reader'");
    assertDenied(reader, "delete from core.later_core");
    assertDenied(reader, "create table mart.by_reader (x int)");
    assertDenied(reader, "create table public.by_reader (x int)");
  }

  /**
   * Every table and view that exists, whichever migration made it (V5_1's build bookkeeping, V8_1's
   * source files, ...): none in ctl, ref, stage or dw is readable by the reader; none in core or
   * mart is writable; no ctl function may be called.
   */
  @Test
  void readerCanReadNoControlTableAndWriteNoTableWhateverMigrationCreatedIt() throws SQLException {
    List<String> hidden = relations("'ctl', 'ref', 'stage', 'dw'");
    List<String> readable = relations("'core', 'mart'");
    assertThat("ctl tables checked", hidden.stream().filter(t -> t.startsWith("ctl.")).count(), greaterThan(10L));
    assertThat("core and mart tables checked", (long) readable.size(), greaterThan(10L));
    for (String table : hidden) {
      assertDenied(reader, "select 1 from " + table + " limit 1");
    }
    for (String table : readable) {
      execute(reader, "select 1 from " + table + " limit 1");
      assertDenied(reader, "delete from " + table);
      assertDenied(reader, "truncate " + table);
    }
    assertDenied(reader, "insert into ctl.run_log (run_id, step, domain, status) values ('x', 'load', 'orders',"
        + " 'running')");
    assertDenied(reader, "select ctl.mark_built('daily_sales')");
    assertDenied(reader, "select * from ctl.pending_changes('daily_sales', array['fact_orders'])");
  }

  private static List<String> relations(String schemas) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    try (Connection c = db.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select n.nspname || '.' || c.relname from pg_class c join pg_namespace n"
            + " on n.oid = c.relnamespace where n.nspname in (" + schemas + ") and c.relkind in ('r', 'p')"
            + " and c.relname not like 'later_%' order by 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- loader

  @Test
  void loaderWritesStageDwCoreMartAndCtlTablesUsingTheirSequences() throws SQLException {
    for (String schema : WRITABLE) {
      String table = schema + ".later_" + schema;
      execute(loader, "insert into " + table + " (label) values ('by loader')");
      execute(loader, "update " + table + " set label = 'updated by loader' where label = 'by loader'");
      assertThat(table, count(loader, "select count(*) from " + table + " where label = 'updated by loader'"),
          equalTo(1L));
      execute(loader, "delete from " + table + " where label = 'updated by loader'");
    }
    execute(loader, "insert into ctl.run_log (run_id, step, domain, status) values ('r-roles', 'load', 'orders',"
        + " 'running') returning run_log_id");
    execute(loader, "update ctl.run_log set status = 'success', finished_at = now() where run_id = 'r-roles'");
    execute(loader, "insert into ctl.rejects (run_id, domain, source_system, source_name, locator, reason_code,"
        + " message, payload) values ('r-roles', 'orders', 'shop', 'orders', 'orders:1', 'MISSING_KEY', 'no key',"
        + " '{}')");
    assertThat(count(loader, "select nextval('ctl.rejects_reject_id_seq')"), greaterThan(1L));
    assertThat(count(loader, "select nextval('stage.later_stage_id_seq')"), greaterThan(1L));
    assertThat(count(db.spec(), "select count(*) from ctl.run_log where run_id = 'r-roles' and status = 'success'"),
        equalTo(1L));
    execute(loader, "truncate stage.later_stage");
    execute(loader, "truncate mart.later_mart cascade");
  }

  /**
   * A full build (or a first publish) drops and rebuilds secondary indexes through two functions
   * that run as the owner (V12_2, V12_4): for tables of dw, core and mart only, and from definitions
   * the loader cannot write.
   */
  @Test
  void loaderSuspendsAndRestoresIndexesOfCoreAndMartOnlyThroughTheOwnersFunctions() throws SQLException {
    execute(db.spec(), "create index later_core_label_idx on core.later_core (label)");
    try (Connection c = loader.open(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try (ResultSet rs = s.executeQuery("select ctl.suspend_indexes('core.later_core')")) {
        rs.next();
        assertThat(rs.getInt(1), equalTo(1));
      }
      try (ResultSet rs = s.executeQuery("select ctl.restore_indexes('core.later_core')")) {
        rs.next();
        assertThat(rs.getInt(1), equalTo(1));
      }
      c.commit();
    }
    assertThat(count(db.spec(), "select count(*) from pg_indexes where indexname = 'later_core_label_idx'"),
        equalTo(1L));
    SQLException outside = assertThrows(SQLException.class,
        () -> execute(loader, "select ctl.suspend_indexes('stage.later_stage')"));
    assertThat(outside.getMessage(), org.hamcrest.Matchers.containsString("is not a table of dw, core or mart"));
    assertDenied(loader, "insert into ctl.suspended_indexes (table_name, index_name, definition)"
        + " values ('core.later_core', 'x', 'CREATE INDEX x ON core.later_core USING btree (label); drop table y')");
    assertDenied(loader, "drop index core.later_core_label_idx");
  }

  /** Statistics after a large write: analyzed through the owner's function (V12_3), as autovacuum would. */
  @Test
  void loaderAnalyzesATableItWroteAFifthOfThroughTheOwnersFunction() throws SQLException {
    execute(db.spec(), "create table core.stats_probe (id int)");
    execute(db.spec(), "insert into core.stats_probe select generate_series(1, 1000)");
    assertThat("never analyzed: analyzed whatever the rows",
        text(loader, "select ctl.analyze_if_changed('core.stats_probe', 0)::text"), equalTo("true"));
    assertThat(count(db.spec(), "select reltuples::bigint from pg_class where oid = 'core.stats_probe'::regclass"),
        equalTo(1000L));
    execute(db.spec(), "insert into core.stats_probe select generate_series(1, 500)");
    assertThat("100 of 1,000 rows: left to autovacuum",
        text(loader, "select ctl.analyze_if_changed('core.stats_probe', 100)::text"), equalTo("false"));
    assertThat(text(loader, "select ctl.analyze_if_changed('core.stats_probe', 500)::text"), equalTo("true"));
    assertThat(count(db.spec(), "select reltuples::bigint from pg_class where oid = 'core.stats_probe'::regclass"),
        equalTo(1500L));
    SQLException outside = assertThrows(SQLException.class,
        () -> execute(loader, "select ctl.analyze_if_changed('ref.countries', 1000000)"));
    assertThat(outside.getMessage(), org.hamcrest.Matchers.containsString("is not a table of stage, dw, core or mart"));
  }

  @Test
  void loaderReadsButDoesNotWriteReferenceData() throws SQLException {
    assertThat(count(loader, "select count(*) from ref.countries"), greaterThan(200L));
    assertThat(text(loader, "select value from ref.settings where key = 'home_country'"), equalTo("US"));
    assertDenied(loader, "insert into ref.settings (key, value, description) values ('x', 'y', 'z')");
    assertDenied(loader, "update ref.tax_rates set rate = 0.5");
    assertDenied(loader, "delete from ref.country_aliases");
    assertDenied(loader, "truncate ref.status_map");
  }

  @Test
  void loaderCreatesNoObjectsAndLeavesHistoryAndMigrationsAlone() {
    assertDenied(loader, "create table mart.by_loader (x int)");
    assertDenied(loader, "create table public.by_loader (x int)");
    assertDenied(loader, "truncate dw.later_dw");
    assertDenied(loader, "truncate ctl.rejects");
    assertDenied(loader, "delete from ctl.flyway_schema_history");
  }

  // ---------------------------------------------------------------- helpers

  private static ConnectionSpec login(String role, String inheritFrom) throws Exception {
    String password = UUID.randomUUID().toString();
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("create role " + role + " login password '" + password + "' in role " + inheritFrom);
    }
    return new ConnectionSpec(db.spec().jdbcUrl(), role, SecretRef.file(write(role, password)));
  }

  private static String write(String name, String password) {
    try {
      Path file = secrets.resolve(name + ".password");
      Files.writeString(file, password, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(ConnectionSpec spec, String sql) throws SQLException {
    try (Connection c = spec.open(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String text(ConnectionSpec spec, String sql) throws SQLException {
    try (Connection c = spec.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(sql, rs.next(), equalTo(true));
      return rs.getString(1);
    }
  }

  private static long count(ConnectionSpec spec, String sql) throws SQLException {
    return Long.parseLong(text(spec, sql));
  }

  private static void assertDenied(ConnectionSpec spec, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> execute(spec, sql), sql);
    assertThat(sql + ": " + e.getMessage(), e.getSQLState(), equalTo(INSUFFICIENT_PRIVILEGE));
  }
}
