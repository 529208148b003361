package io.martflow.control;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.cli.ExitCodes;
import io.martflow.testing.CliRun;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Control semantics (DESIGN §5): nothing-new detection, backfill = one run, overlapping and
 * repeated windows, the domain lock, failures that leave dw as it was and converge on re-run,
 * deletes. Each test gets fresh databases holding the same generated source.
 */
class ControlFlowTest {
  static final LocalDate D1 = LocalDate.of(2026, 10, 1);
  private final List<String> databases = new ArrayList<>();

  @AfterEach
  void dropDatabases() throws Exception {
    for (String d : databases) {
      TestDatabase.dropDatabase(d);
    }
  }

  /** A fresh warehouse with the same 4-day generated source every time. */
  private ConnectionSpec freshWarehouse() throws Exception {
    String name = TestDatabase.createDatabase(true);
    databases.add(name);
    ConnectionSpec db = TestDatabase.specFor(name);
    Shop.generate(db, 0.05, 4, 11, D1);
    return db;
  }

  private static Map<String, String> env(ConnectionSpec db) {
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", db.jdbcUrl());
    env.put("MARTFLOW_DB_USER", db.user());
    return env;
  }

  private static Flow.Outcome run(ConnectionSpec db, LocalDate from, LocalDate toExclusive, List<String> domains,
      boolean fullRefresh) throws Exception {
    try (Connections connections = Connections.from(env(db))) {
      return Flow.run(connections, new Flow.Request(from == null ? null : day(from), day(toExclusive), domains,
          fullRefresh, null, List.of()), new PrintStream(new ByteArrayOutputStream()));
    }
  }

  private static java.time.Instant day(LocalDate d) {
    return d == null ? null : d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
  }

  @Test
  void controlCheckExitsWith99WhenNothingIsNewAnd0WhenSomethingIs() throws Exception {
    ConnectionSpec db = freshWarehouse();
    String[] window = {"control-check", "--window-start", "2026-10-01", "--window-end", "2026-10-03"};
    CliRun before = CliRun.run(env(db), window);
    assertThat(before.stdout(), before.exitCode(), equalTo(ExitCodes.OK));
    assertThat(before.stdout(), containsString("new data: customers,products,orders,order_items"));
    // Without --window-start the window starts at the last watermark, as `martflow run` takes it:
    // none yet, so a full refresh.
    CliRun neverLoaded = CliRun.run(env(db), "control-check", "--window-end", "2026-10-03");
    assertThat(neverLoaded.stdout(), neverLoaded.exitCode(), equalTo(ExitCodes.OK));
    assertThat(neverLoaded.stdout(), containsString("over full refresh as of 2026-10-03T00:00:00Z:"));
    run(db, D1, D1.plusDays(2), List.of(), false);
    Flow.Outcome again = run(db, D1, D1.plusDays(2), List.of(), false);
    assertThat("the same window again: nothing new", again.loaded(), equalTo(List.of()));
    assertThat("a window already loaded stays a success", Sql.count(db, "select count(*)"
        + " from ctl.tb_control_data_update where window_start = '2026-10-01' and status = 'success'"
        + " and rows_published > 0"), equalTo(4L));
    CliRun after = CliRun.run(env(db), window);
    assertThat(after.stdout(), after.exitCode(), equalTo(ExitCodes.NOTHING_NEW));
    assertThat(after.stdout(), containsString("nothing new"));
    CliRun later = CliRun.run(env(db), "control-check", "--window-start", "2026-10-03", "--window-end", "2026-10-04");
    assertThat(later.exitCode(), equalTo(ExitCodes.OK));
    CliRun fromWatermark = CliRun.run(env(db), "control-check", "--window-end", "2026-10-04");
    assertThat(fromWatermark.stdout(), fromWatermark.exitCode(), equalTo(ExitCodes.OK));
    assertThat(fromWatermark.stdout(), containsString("over [2026-10-03T00:00:00Z, 2026-10-04T00:00:00Z):"));
    CliRun caughtUp = CliRun.run(env(db), "control-check", "--window-end", "2026-10-03");
    assertThat(caughtUp.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(caughtUp.errorLines(), contains(startsWith("martflow: the last watermark of customers, products,"
        + " orders, order_items is not before the window end 2026-10-03T00:00:00Z")));
    assertThat(Sql.count(db, "select count(*) from ctl.tmp_tb_control_data_update"), greaterThan(0L));
  }

  @Test
  void aThreeDayBackfillEqualsOneThreeDayRunAndOverlapsAreSafe() throws Exception {
    ConnectionSpec backfilled = freshWarehouse();
    ConnectionSpec once = freshWarehouse();
    ConnectionSpec overlapping = freshWarehouse();
    CliRun backfill = CliRun.run(env(backfilled), "backfill", "--from", "2026-10-01", "--to", "2026-10-03");
    assertThat(backfill.stderr(), backfill.exitCode(), equalTo(ExitCodes.OK));
    assertThat(backfill.stdout(), containsString("3 window(s) run, 0 already done"));
    CliRun single = CliRun.run(env(once), "run", "--from", "2026-10-01", "--to", "2026-10-03");
    assertThat(single.stderr(), single.exitCode(), equalTo(ExitCodes.OK));
    run(overlapping, D1, D1.plusDays(2), List.of(), false);
    run(overlapping, D1.plusDays(1), D1.plusDays(3), List.of(), false);

    Map<String, String> expected = Shop.warehouseChecksums(once);
    assertThat(Shop.warehouseChecksums(backfilled), equalTo(expected));
    assertThat(Shop.warehouseChecksums(overlapping), equalTo(expected));
    assertThat(Sql.count(once, "select count(*) from dw.tb_order_items"), greaterThan(100L));

    CliRun resumed = CliRun.run(env(backfilled), "backfill", "--from", "2026-10-01", "--to", "2026-10-04");
    assertThat("windows done are skipped", resumed.stdout(), containsString("1 window(s) run, 3 already done"));
  }

  @Test
  void aSecondRunOfTheSameDomainIsRefusedWhileOtherDomainsRun() throws Exception {
    ConnectionSpec db = freshWarehouse();
    try (DomainLock held = DomainLock.acquire(db.open(), "customers", "test-holder")) {
      CliRun refused = CliRun.run(env(db), "load", "--domain", "customers", "--window-start", "2026-10-01",
          "--window-end", "2026-10-02");
      assertThat(refused.exitCode(), equalTo(ExitCodes.LOCKED));
      assertThat(refused.errorLines().size(), equalTo(1));
      assertThat(refused.stderr(), containsString("another run is already working on customers"));
      CliRun other = CliRun.run(env(db), "load", "--domain", "products", "--window-start", "2026-10-01",
          "--window-end", "2026-10-02");
      assertThat(other.stderr(), other.exitCode(), equalTo(ExitCodes.OK));
    }
  }

  @Test
  void aFailureBetweenStageAndPublishLeavesDwUnchangedAndTheReRunConverges() throws Exception {
    ConnectionSpec failing = freshWarehouse();
    ConnectionSpec clean = freshWarehouse();
    run(failing, D1, D1.plusDays(1), List.of(), false);
    run(clean, D1, D1.plusDays(1), List.of(), false);
    Map<String, String> beforeFailure = Shop.warehouseChecksums(failing);

    System.setProperty(FaultPoints.PROPERTY, "before-publish");
    try {
      assertThrows(FaultPoints.InjectedFault.class, () -> run(failing, D1.plusDays(1), D1.plusDays(2), List.of(), false));
    } finally {
      System.clearProperty(FaultPoints.PROPERTY);
    }
    assertThat(Shop.warehouseChecksums(failing), equalTo(beforeFailure));
    assertThat(Sql.count(failing, "select count(*) from ctl.tb_control_data_update where status = 'failed'"
        + " and window_start = '2026-10-02' and error like '%injected failure at before-publish%'"), equalTo(4L));
    assertThat("the watermark did not move", Sql.count(failing,
        "select count(*) from ctl.tb_control_data_update where status = 'success' and watermark > '2026-10-02'"),
        equalTo(0L));

    run(failing, D1.plusDays(1), D1.plusDays(2), List.of(), false);
    run(clean, D1.plusDays(1), D1.plusDays(2), List.of(), false);
    assertThat(Shop.warehouseChecksums(failing), equalTo(Shop.warehouseChecksums(clean)));
  }

  @Test
  void aFailureInsidePublishRollsThatTableBackAndTheReRunConverges() throws Exception {
    ConnectionSpec failing = freshWarehouse();
    ConnectionSpec clean = freshWarehouse();
    // The order lines' publish (the largest, so the first to start) fails half way.
    Sql.exec(failing, """
        create function dw.fail_publish() returns trigger language plpgsql as $$
        begin
          if (select count(*) from dw.tb_order_items) > 20 then
            raise exception 'disk full (injected)';
          end if;
          return new;
        end $$""");
    Sql.exec(failing, "create trigger fail_publish before insert on dw.tb_order_items for each row"
        + " execute function dw.fail_publish()");
    Exception failure = assertThrows(Exception.class, () -> run(failing, D1, D1.plusDays(2), List.of(), false));
    assertThat(failure.getMessage(), containsString("disk full (injected)"));
    assertThat("the failed publish left dw.tb_order_items untouched",
        Sql.count(failing, "select count(*) from dw.tb_order_items"), equalTo(0L));

    Sql.exec(failing, "drop trigger fail_publish on dw.tb_order_items");
    run(failing, D1, D1.plusDays(2), List.of(), false);
    run(clean, D1, D1.plusDays(2), List.of(), false);
    assertThat(Shop.warehouseChecksums(failing), equalTo(Shop.warehouseChecksums(clean)));
  }

  @Test
  void softDeletesPropagateAndAFullRefreshFlagsHardDeletes() throws Exception {
    ConnectionSpec db = freshWarehouse();
    run(db, D1, D1.plusDays(4), List.of(), false);
    long customer = Sql.count(db, "select min(customer_id) from dw.tb_customers where not is_deleted");
    long order = Sql.count(db, "select min(order_id) from dw.tb_orders");
    long gone = Sql.count(db, "select max(customer_id) from dw.tb_customers where not is_deleted");

    Sql.exec(db, "update shop.customers set is_deleted = true, updated_at = '2026-10-05 10:00Z' where customer_id = " + customer);
    run(db, D1.plusDays(4), D1.plusDays(5), List.of("customers"), false);
    assertThat("soft delete: a new current version, deleted", Sql.count(db, "select count(*) from dw.tb_customers"
        + " where customer_id = " + customer + " and is_current and is_deleted"), equalTo(1L));
    assertThat("the earlier version is kept", Sql.count(db, "select count(*) from dw.tb_customers"
        + " where customer_id = " + customer + " and not is_current and not is_deleted"), equalTo(1L));

    Sql.exec(db, "delete from shop.customers where customer_id = " + gone);
    Sql.exec(db, "delete from shop.order_items where order_id = " + order);
    Sql.exec(db, "delete from shop.orders where order_id = " + order);
    Map<String, String> before = Shop.warehouseChecksums(db);
    run(db, null, D1.plusDays(6), List.of(), true);
    assertThat(Sql.count(db, "select count(*) from dw.tb_customers where customer_id = " + gone
        + " and is_current and is_deleted and valid_from = '2026-10-07'"), equalTo(1L));
    assertThat(Sql.count(db, "select count(*) from dw.tb_orders where order_id = " + order + " and is_deleted"),
        equalTo(1L));
    assertThat(Sql.count(db, "select count(*) from dw.tb_order_items where order_id = " + order + " and not is_deleted"),
        equalTo(0L));
    assertThat("nothing else was flagged", Sql.count(db, "select count(*) from dw.tb_orders where is_deleted"), equalTo(1L));
    assertThat(Shop.warehouseChecksums(db), not(equalTo(before)));
  }

  @Test
  void oneDomainAloneLeavesTheOthersUntouched() throws Exception {
    ConnectionSpec db = freshWarehouse();
    run(db, D1, D1.plusDays(2), List.of(), false);
    Map<String, String> before = Shop.warehouseChecksums(db);
    Flow.Outcome alone = run(db, D1.plusDays(2), D1.plusDays(3), List.of("customers"), false);
    assertThat(alone.loaded(), equalTo(List.of("customers")));
    Map<String, String> after = Shop.warehouseChecksums(db);
    assertThat(after.get("dw.tb_customers"), not(equalTo(before.get("dw.tb_customers"))));
    for (String t : List.of("dw.tb_products", "dw.tb_orders", "dw.tb_order_items")) {
      assertThat(t, after.get(t), equalTo(before.get(t)));
    }
    try (Connection c = db.open()) {
      assertThat(ControlStatus.lastWatermark(c, "customers").orElseThrow().toString(), equalTo("2026-10-04T00:00:00Z"));
      assertThat(ControlStatus.lastWatermark(c, "orders").orElseThrow().toString(), equalTo("2026-10-03T00:00:00Z"));
    }
  }
}
