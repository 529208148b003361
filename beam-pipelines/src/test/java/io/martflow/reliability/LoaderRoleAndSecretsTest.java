package io.martflow.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.cli.ExitCodes;
import io.martflow.testing.ChildJvm;
import io.martflow.testing.CliRun;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow as a least-privileged login (issue #10, roles and secrets): a user that is a member
 * of martflow_loader, neither superuser nor owner of anything, with only the grants of the
 * migrations on the warehouse (plus, as any source owner grants it, read access to the demo source
 * schema), runs `martflow run`, `report` and `status` in process and `martflow load` in a child JVM
 * with its password in the environment. Then:
 *
 * <ul>
 *   <li>the run succeeded and the warehouse equals the same run's as superuser (checksums of every
 *       dw, core and mart table); the login owns nothing and no grant changed;
 *   <li>a reader sees the marts the run built and nothing of ctl;
 *   <li>the password is nowhere: not in the child's process arguments (as the kernel shows them,
 *       read while it runs), not in any output, not in any ctl table (run_log, rejects, ...) nor in
 *       the HTML report; nor is a wrong password in the error that refuses it.
 * </ul>
 */
class LoaderRoleAndSecretsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path dir;

  static final LocalDate D1 = LocalDate.of(2026, 10, 1);
  static final String SUFFIX = ProcessHandle.current().pid() + "_" + UUID.randomUUID().toString().substring(0, 8);
  static final String LOADER = "t_flow_loader_" + SUFFIX;
  static final String READER = "t_flow_reader_" + SUFFIX;
  /** Distinctive, so that finding it anywhere is a leak and not a coincidence. */
  static final String PASSWORD = "Pw7!" + UUID.randomUUID().toString().replace("-", "") + "-zQx";
  static final String WRONG_PASSWORD = "Wr0ng!" + UUID.randomUUID().toString().replace("-", "");

  static final List<String> outputs = new ArrayList<>();
  static String superuserCopy;
  static CliRun run;
  static ChildJvm.Result child;
  static List<String> childArguments;
  static String childCmdline;
  static Path report;
  static String aclBefore;

  @BeforeAll
  static void runTheFlowAsALoader() throws Exception {
    Shop.generate(db.spec(), 0.05, 3, 11, D1);
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("create role " + LOADER + " login password '" + PASSWORD + "' in role martflow_loader");
      s.execute("create role " + READER + " login password '" + PASSWORD + "' in role martflow_reader");
      // The demo source is not the warehouse: its owner grants the loader read access, as any source
      // owner would (V2_5: "Source schemas are granted by whoever creates them").
      s.execute("grant usage on schema shop to martflow_loader");
      s.execute("grant select on all tables in schema shop to martflow_loader");
    }
    aclBefore = warehouseAcl();
    superuserCopy = TestDatabase.copyDatabase(db.databaseName());

    Path passwordFile = Files.writeString(dir.resolve("loader.password"), PASSWORD + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", db.spec().jdbcUrl());
    env.put("MARTFLOW_DB_USER", LOADER);
    env.put("MARTFLOW_DB_PASSWORD_FILE", passwordFile.toString());
    run = record(CliRun.run(env, "run", "--from", "2026-10-01", "--to", "2026-10-02", "--run-id", "loader-run-1"));
    report = dir.resolve("report.html");
    record(CliRun.run(env, "report", "--run-id", "loader-run-1", "--out", report.toString()));
    record(CliRun.run(env, "status"));

    // A load in its own JVM, the password in its environment as Airflow passes it.
    Map<String, String> childEnv = new HashMap<>();
    childEnv.put("MARTFLOW_DB_URL", db.spec().jdbcUrl());
    childEnv.put("MARTFLOW_DB_USER", LOADER);
    childEnv.put("MARTFLOW_DB_PASSWORD", PASSWORD);
    String[] args = {"load", "--domain", "customers", "--window-start", "2026-10-03", "--window-end", "2026-10-04",
        "--run-id", "loader-load-2"};
    Path childDir = dir.resolve("child");
    Process p = ChildJvm.start(childEnv, childDir, List.of(), args);
    // What the kernel shows every user of the machine, read while the child runs (a process's
    // arguments are fixed once it has started).
    childArguments = p.info().arguments().map(List::of).orElse(List.of());
    Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    childCmdline = Files.exists(cmdline) ? new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8) : null;
    child = ChildJvm.await(p, childDir, Duration.ofMinutes(5), ChildJvm.command(List.of(), args));
    outputs.add(child.stdout());
    outputs.add(child.stderr());
    outputs.add(String.join(" ", child.command()));

    // The same run as the superuser, for comparison.
    Map<String, String> superuser = new HashMap<>();
    superuser.put("MARTFLOW_DB_URL", TestDatabase.specFor(superuserCopy).jdbcUrl());
    superuser.put("MARTFLOW_DB_USER", "postgres");
    CliRun asSuperuser = CliRun.run(superuser, "run", "--from", "2026-10-01", "--to", "2026-10-02");
    assertThat(asSuperuser.stderr(), asSuperuser.exitCode(), equalTo(0));
  }

  @AfterAll
  static void dropRolesAndCopy() throws SQLException {
    TestDatabase.dropDatabase(superuserCopy);
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("revoke all on all tables in schema shop from martflow_loader");
      s.execute("revoke all on schema shop from martflow_loader");
      for (String role : List.of(LOADER, READER)) {
        s.execute("drop owned by " + role);
        s.execute("drop role " + role);
      }
    }
  }

  static CliRun record(CliRun r) {
    outputs.add(r.stdout());
    outputs.add(r.stderr());
    return r;
  }

  // ------------------------------------------------------------------------------------ roles

  @Test
  void theLoginIsALoaderAndNothingMore() throws Exception {
    assertThat(Sql.rows(db.spec(), "select rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication"
            + " from pg_roles where rolname = '" + LOADER + "'").get(0),
        equalTo(Map.of("rolsuper", false, "rolcreatedb", false, "rolcreaterole", false, "rolbypassrls", false,
            "rolreplication", false)));
    assertThat(Sql.map(db.spec(), "select r.rolname, 'member' from pg_auth_members m join pg_roles r on r.oid = m.roleid"
        + " join pg_roles u on u.oid = m.member where u.rolname = '" + LOADER + "'"), equalTo(Map.of(
        "martflow_loader", "member")));
  }

  @Test
  void theWholeFlowRunsAsTheLoaderAndEqualsTheSuperusersRun() throws Exception {
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), containsString("Run loader-run-1 finished"));
    assertThat("every step of the run succeeded", Sql.map(db.spec(), "select status, count(*) from ctl.run_log"
        + " where run_id = 'loader-run-1' group by 1"), equalTo(Map.of("success",
        Long.toString(Sql.count(db.spec(), "select count(*) from ctl.run_log where run_id = 'loader-run-1'")))));
    assertThat("loads, publishes, models, quality and control update", Sql.count(db.spec(),
        "select count(distinct step) from ctl.run_log where run_id = 'loader-run-1'"), greaterThan(4L));
    assertThat(Sql.count(db.spec(), "select count(*) from mart.daily_sales"), greaterThan(0L));
    assertThat("the child's load ran as the loader too: " + child.stderr(), child.exitCode(), equalTo(0));

    Map<String, String> loader = Shop.warehouseChecksums(TestDatabase.specFor(db.databaseName()));
    Map<String, String> superuser = Shop.warehouseChecksums(TestDatabase.specFor(superuserCopy));
    // The child loaded one more window of customers into the loader's warehouse only.
    loader.remove("dw.tb_customers");
    superuser.remove("dw.tb_customers");
    assertThat(loader, equalTo(superuser));
  }

  @Test
  void theLoaderOwnsNothingAndNoGrantChanged() throws Exception {
    String owner = "(select oid from pg_roles where rolname = '" + LOADER + "')";
    assertThat(Sql.count(db.spec(), "select (select count(*) from pg_class where relowner = " + owner + ")"
        + " + (select count(*) from pg_namespace where nspowner = " + owner + ")"
        + " + (select count(*) from pg_proc where proowner = " + owner + ")"), equalTo(0L));
    assertThat(warehouseAcl(), equalTo(aclBefore));
  }

  @Test
  void aReaderSeesTheMartsButNotTheControlTablesTheRunWrote() throws Exception {
    ConnectionSpec reader = new ConnectionSpec(db.spec().jdbcUrl(), READER,
        SecretRef.file(Files.writeString(dir.resolve("reader.password"), PASSWORD).toString()));
    assertThat(Sql.count(reader, "select count(*) from mart.daily_sales"), greaterThan(0L));
    assertThat(Sql.count(reader, "select count(*) from core.fact_orders"), greaterThan(0L));
    for (String sql : List.of("select count(*) from ctl.run_log", "select count(*) from ctl.rejects",
        "select count(*) from dw.tb_orders", "insert into mart.daily_sales select * from mart.daily_sales limit 1",
        "delete from mart.daily_sales")) {
      SQLException e = assertThrows(SQLException.class, () -> Sql.exec(reader, sql), sql);
      assertThat(sql, e.getSQLState(), equalTo("42501"));
    }
  }

  // ------------------------------------------------------------------------------------ secrets

  @Test
  void thePasswordIsInNoProcessArgumentOfTheChild() {
    // /proc/PID/cmdline is what ps and every user of the machine see; ProcessHandle's view of the
    // arguments is empty on Linux for a command line this long (the test classpath), so it is the
    // fallback only where /proc does not exist.
    String seen = childCmdline != null ? childCmdline.replace('\0', ' ') : String.join(" ", childArguments);
    assertThat("the child's own command line was read", seen, containsString("io.martflow.cli.MartflowCli load"));
    assertThat(seen, not(containsString(PASSWORD)));
    assertThat("the launcher's command line", String.join(" ", child.command()), not(containsString(PASSWORD)));
  }

  @Test
  void thePasswordIsInNoOutputNorReport() throws Exception {
    assertThat(outputs.size(), equalTo(9));
    for (String out : outputs) {
      assertThat(out, not(containsString(PASSWORD)));
    }
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html, containsString("loader-run-1"));
    assertThat(html, not(containsString(PASSWORD)));
  }

  @Test
  void thePasswordIsInNoControlTable() throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Long> leaks = new LinkedHashMap<>();
    for (Map<String, Object> t : Sql.rows(db.spec(), "select tablename from pg_tables where schemaname = 'ctl'"
        + " order by 1")) {
      String table = "ctl." + t.get("tablename");
      rows.put(table, Sql.count(db.spec(), "select count(*) from " + table));
      long leaked = Sql.count(db.spec(), "select count(*) from " + table + " t where t::text like '%" + PASSWORD + "%'");
      if (leaked > 0) {
        leaks.put(table, leaked);
      }
    }
    assertThat("run_log and rejects were written", rows.get("ctl.run_log") > 0 && rows.get("ctl.rejects") > 0,
        equalTo(true));
    assertThat(leaks, equalTo(Map.of()));
  }

  @Test
  void aWrongPasswordIsRefusedWithoutBeingShown() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.password"), WRONG_PASSWORD);
    Map<String, String> env = Map.of("MARTFLOW_DB_URL", db.spec().jdbcUrl(), "MARTFLOW_DB_USER", LOADER,
        "MARTFLOW_DB_PASSWORD_FILE", wrong.toString());
    for (String[] args : List.of(new String[] {"status"}, new String[] {"status", "--verbose"},
        new String[] {"run", "--from", "2026-10-03", "--to", "2026-10-03", "--verbose"})) {
      CliRun r = CliRun.run(env, args);
      assertThat(r.exitCode(), equalTo(ExitCodes.DATABASE_UNAVAILABLE));
      assertThat(r.stderr(), containsString("authentication failed for " + LOADER + "@"));
      assertThat(r.stdout() + r.stderr(), not(containsString(WRONG_PASSWORD)));
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Every privilege on the warehouse's schemas and their objects, as text. */
  static String warehouseAcl() throws Exception {
    return Sql.rows(db.spec(), "select n.nspname, n.nspacl::text as schema_acl,"
        + " (select string_agg(c.relname || '=' || coalesce(c.relacl::text, ''), ';' order by c.relname)"
        + "    from pg_class c where c.relnamespace = n.oid) as objects"
        + " from pg_namespace n where n.nspname in ('ctl', 'ref', 'stage', 'dw', 'core', 'mart', 'public')"
        + " order by 1").toString()
        + Sql.rows(db.spec(), "select p.oid::regprocedure::text as f, p.proacl::text as acl from pg_proc p"
            + " join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('ctl', 'dw', 'core', 'mart')"
            + " order by 1");
  }
}
