package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.SecretRef;
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
 * The models run as martflow_loader, which creates nothing and owns nothing (full and incremental
 * builds, truncates, temporary tables), and martflow_reader reads every core and mart object,
 * logged in with passwords as users inheriting the roles.
 */
class MartPrivilegesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path secrets;

  private static final String SUFFIX = ProcessHandle.current().pid() + "_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String LOADER = "t_mart_loader_" + SUFFIX;
  private static final String READER = "t_mart_reader_" + SUFFIX;
  private static ConnectionSpec loader;
  private static ConnectionSpec reader;

  @BeforeAll
  static void buildAsTheLoader() throws Exception {
    loader = login(LOADER, "martflow_loader");
    reader = login(READER, "martflow_reader");
    MartFixtures.smallShop(db.spec());
    MartFixtures.build(loader, "as-loader-1", false);
    MartFixtures.smallShopThirdLoad(db.spec());
    MartFixtures.build(loader, "as-loader-2", false);
    MartFixtures.build(loader, "as-loader-3", true);
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
        s.execute("drop owned by " + role);
        s.execute("drop role " + role);
      }
    }
  }

  @Test
  void theLoaderBuiltEveryModelIncrementallyAndInFull() throws Exception {
    assertThat(Rows.lines(db.spec(), """
        select run_id || ':' || count(*) filter (where status = 'success') || ':' || count(*) from ctl.run_log
        where step = 'model' and run_id like 'as-loader-%' group by run_id order by run_id"""),
        contains("as-loader-1:14:14", "as-loader-2:14:14", "as-loader-3:14:14"));
    assertThat(Sql.count(db.spec(), "select count(*) from mart.cohort_retention"), greaterThan(0L));
  }

  @Test
  void theLoaderOwnsNoCoreOrMartObjectAndCreatesNone() throws Exception {
    assertThat(Sql.count(db.spec(), "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        + " where n.nspname in ('core', 'mart') and pg_get_userbyid(c.relowner) in ('martflow_loader', '" + LOADER
        + "')"), equalTo(0L));
    SQLException e = assertThrows(SQLException.class,
        () -> Sql.exec(loader, "create table mart.by_loader (x int)"));
    assertThat(e.getSQLState(), equalTo("42501"));
  }

  @Test
  void theReaderReadsEveryCoreAndMartObject() throws Exception {
    for (String relation : MartFixtures.MODEL_RELATIONS) {
      assertThat(relation, Sql.count(reader, "select count(*) from " + relation), greaterThan(0L));
    }
  }

  @Test
  void theReaderSeesNoBuildBookkeepingOrMartReferenceDataAndWritesNothing() {
    for (String sql : List.of("select count(*) from ctl.build_changes", "select count(*) from ctl.build_state",
        "select count(*) from ref.customer_segments", "select count(*) from ref.order_statuses",
        "delete from mart.daily_sales", "truncate mart.cohort_retention",
        "select ctl.mark_built('daily_sales')")) {
      SQLException e = assertThrows(SQLException.class, () -> Sql.exec(reader, sql), sql);
      assertThat(sql, e.getSQLState(), equalTo("42501"));
    }
  }

  private static ConnectionSpec login(String role, String inheritFrom) throws Exception {
    String password = UUID.randomUUID().toString();
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("create role " + role + " login password '" + password + "' in role " + inheritFrom);
    }
    Path file = secrets.resolve(role + ".password");
    Files.writeString(file, password, StandardCharsets.UTF_8);
    return new ConnectionSpec(db.spec().jdbcUrl(), role, SecretRef.file(file.toString()));
  }
}
