package io.martflow.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of sql/quality passes on a clean published run (fixtures/quality_clean.sql) and
 * catches a violation seeded on top of it. Each seed runs in a transaction that is rolled back, so
 * every check starts from the same clean warehouse.
 */
class QualityChecksTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final String RUN = "qa-run";

  /** For each check: SQL that breaks exactly what it verifies, and a text its sample must show. */
  static final Map<String, Seed> SEEDS = new LinkedHashMap<>();

  record Seed(String sql, String sampleShows) {}

  static {
    seed("reconciliation_rows_in", "delete from stage.tmp_orders where run_id = 'qa-run' and order_id = 101",
        "rows read <> staged + rejected");
    seed("reconciliation_published", "update dw.tb_orders set updated_at = updated_at - interval '1 hour'"
        + " where order_id = 100", "dw row older than the staged row");
    seed("keys_dw_customers", "update dw.tb_customers set valid_to = '2026-11-01 10:00Z' where customer_sk = 1001",
        "overlaps the next version");
    seed("keys_dw_products", "update dw.tb_products set is_current = false, valid_to = '2026-11-02Z'"
        + " where product_sk = 2002", "0 current versions");
    seed("keys_dw_orders", "alter table dw.tb_orders drop constraint tb_orders_pkey;"
        + " insert into dw.tb_orders select * from dw.tb_orders where order_id = 100", "duplicate key");
    seed("keys_dw_order_items", "alter table dw.tb_order_items drop constraint tb_order_items_pkey;"
        + " insert into dw.tb_order_items select * from dw.tb_order_items where order_id = 101", "duplicate key");
    seed("relationships_dw_order_items_orders", "update dw.tb_orders set is_deleted = true where order_id = 101",
        "order is deleted");
    seed("relationships_dw_orders_customers", "update dw.tb_orders set customer_id = 999 where order_id = 101",
        "customer not in dw.tb_customers");
    seed("relationships_dw_order_items_products", "update dw.tb_order_items set product_id = 999"
        + " where order_id = 101", "product not in dw.tb_products");
    seed("accepted_values_dw_customers", "update dw.tb_customers set email = 'Anna.Schmidt@Example.DE'"
        + " where customer_sk = 1002", "email not normalized");
    seed("accepted_values_dw_products", "update dw.tb_products set stock_qty = 50 where product_sk = 2001",
        "availability disagrees with stock");
    seed("accepted_values_dw_orders", "update dw.tb_orders set status = 'lost' where order_id = 100",
        "status not accepted");
    seed("accepted_values_dw_order_items", "update dw.tb_order_items set category = 'Garden Gnomes'"
        + " where order_id = 100 and line_no = 1", "category not in ref.categories");
    seed("invariants_dw_order_items", "update dw.tb_order_items set line_total = line_total + 0.01"
        + " where order_id = 100 and line_no = 2", "line_total <> net + tax");
    seed("invariants_dw_orders", "update dw.tb_orders set order_total = order_total + 0.01 where order_id = 100",
        "order_total <> items_net + tax_total + shipping_fee");
    seed("invariants_dw_orders_sum_of_lines", "update dw.tb_orders set tax_total = tax_total + 0.01,"
        + " order_total = order_total + 0.01 where order_id = 100", "order totals <> sums of its lines");
    seed("invariants_dw_products", "update dw.tb_products set margin = 1.00 where product_sk = 2001",
        "margin <> list_price - cost");
    seed("keys_core_dim_date", "delete from core.dim_date where date_day = '2026-11-01'",
        "days missing after this one");
    seed("keys_core_dim_customer", "update core.dim_customer set is_current = false where customer_id = 2",
        "0 current versions");
    seed("keys_core_dim_product", "insert into core.dim_product select * from core.dim_product where is_unknown"
        + " on conflict do nothing; update core.dim_product set is_unknown = true where product_id = 12",
        "2 unknown members");
    seed("keys_core_fact_orders", "alter table core.fact_orders drop constraint fact_orders_pkey;"
        + " insert into core.fact_orders select * from core.fact_orders where order_id = 100", "duplicate key");
    seed("keys_core_fact_order_items", "alter table core.fact_order_items drop constraint fact_order_items_pkey;"
        + " insert into core.fact_order_items select * from core.fact_order_items where order_id = 100",
        "duplicate key");
    seed("relationships_core_facts_dims", "update core.fact_order_items set product_key = 424242"
        + " where order_id = 100 and line_no = 1", "fact_order_items.product_key not in dim_product");
    seed("reconciliation_facts", "delete from core.fact_order_items where order_id = 101",
        "live dw line missing from core.fact_order_items");
    seed("reconciliation_daily_sales", "update mart.daily_sales set net_revenue = net_revenue + 1",
        "orders or net_revenue differ from core.fact_orders");
    seed("accepted_values_mart_customer_segments", "update mart.customer_segments set segment = 'Platinum'",
        "segment not in ref.customer_segments");
    seed("freshness", "update dw.tb_orders set updated_at = updated_at - interval '3 days'", "stale");
    seed("volume_anomalies", """
        insert into ctl.run_log (run_id, step, domain, window_start, window_end, started_at, finished_at, status,
          rows_read, rows_staged, rows_rejected)
        select 'qa-old-' || d, 'load', 'orders', timestamptz '2026-11-01Z' - d * interval '1 day',
               timestamptz '2026-11-02Z' - d * interval '1 day', timestamptz '2026-11-02Z' - d * interval '1 day',
               timestamptz '2026-11-02Z' - d * interval '1 day' + interval '1 minute', 'success', 200, 198, 2
        from generate_series(1, 3) d""", "fewer rows than usual");
  }

  static void seed(String check, String sql, String sampleShows) {
    SEEDS.put(check, new Seed(sql, sampleShows));
  }

  @BeforeAll
  static void cleanRun() throws Exception {
    Sql.runResource(db.spec(), "fixtures/quality_clean.sql");
    // The star schema and marts of the clean run, built by the project's own models.
    io.martflow.warehouse.models.ModelRunner.build(db.spec(), RUN, List.of(), true);
  }

  static Stream<String> checkNames() {
    return QualityRunner.checks().stream().map(QualityRunner.Check::name);
  }

  @Test
  void everyCheckOfTheManifestHasASeededViolationHere() {
    List<String> names = checkNames().toList();
    assertThat("checks without a seed in this test", names.stream().filter(n -> !SEEDS.containsKey(n)).toList(),
        empty());
    assertThat("seeds of checks that do not exist", SEEDS.keySet().stream().filter(n -> !names.contains(n)).toList(),
        empty());
  }

  @Test
  void everyCheckPassesOnTheCleanRun() throws Exception {
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      for (QualityRunner.Check check : QualityRunner.checks()) {
        QualityRunner.CheckResult r = QualityRunner.evaluate(c, check, RUN);
        assertThat(check.name() + " on clean data: " + r.sample(), r.violations(), equalTo(0L));
        assertThat(r.status(), is("pass"));
      }
      c.rollback();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkNames")
  void catchesItsSeededViolation(String name) throws Exception {
    QualityRunner.Check check = QualityRunner.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow();
    Seed seed = SEEDS.get(name);
    assertThat("no seed for " + name, seed != null, is(true));
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      try {
        assertThat("clean before the seed", QualityRunner.evaluate(c, check, RUN).violations(), equalTo(0L));
        try (Statement s = c.createStatement()) {
          for (String statement : io.martflow.warehouse.SqlScript.statements(seed.sql())) {
            s.execute(statement);
          }
        }
        QualityRunner.CheckResult r = QualityRunner.evaluate(c, check, RUN);
        assertThat(name + " catches its seed", r.violations(), greaterThanOrEqualTo(1L));
        assertThat(r.status(), is("fail"));
        assertThat(r.sample(), containsString(seed.sampleShows()));
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void checksAreScopedToTheirRun() throws Exception {
    // Another run that loaded nothing: run-scoped checks have nothing to reconcile.
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("delete from stage.tmp_orders where run_id = 'qa-run' and order_id = 101");
      }
      QualityRunner.Check rowsIn = QualityRunner.checks().stream()
          .filter(k -> k.name().equals("reconciliation_rows_in")).findFirst().orElseThrow();
      assertThat(QualityRunner.evaluate(c, rowsIn, "qa-run").violations(), greaterThan(0L));
      assertThat(QualityRunner.evaluate(c, rowsIn, "some-other-run").violations(), equalTo(0L));
      c.rollback();
    }
  }

  /** The checks that read only rows written since they last passed (ctl.passed_runs()). */
  static Stream<String> rowChecksOfOrders() {
    return Stream.of("accepted_values_dw_orders", "accepted_values_dw_order_items", "invariants_dw_order_items",
        "invariants_dw_orders");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rowChecksOfOrders")
  void rowChecksOfOrdersReadOnlyRowsWrittenSinceTheyLastPassed(String name) throws Exception {
    QualityRunner.Check check = QualityRunner.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow();
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String statement : io.martflow.warehouse.SqlScript.statements(SEEDS.get(name).sql())) {
          s.execute(statement);
        }
        assertThat("a later run sees the broken row of qa-run, which no run of the check passed",
            QualityRunner.evaluate(c, check, "qa-next").violations(), greaterThanOrEqualTo(1L));
        s.execute("insert into ctl.dq_results (run_id, check_name, severity, status, violation_count)"
            + " values ('qa-run', '" + name + "', 'error', 'pass', 0)");
        assertThat("rows of a run the check passed are not read again",
            QualityRunner.evaluate(c, check, "qa-next").violations(), equalTo(0L));
        assertThat("a run always re-reads its own rows",
            QualityRunner.evaluate(c, check, "qa-run").violations(), greaterThanOrEqualTo(1L));
        s.execute("update dw.tb_orders set run_id = 'qa-republished'; update dw.tb_order_items set run_id = 'qa-republished'");
        assertThat("rows a later run rewrote are read again",
            QualityRunner.evaluate(c, check, "qa-next").violations(), greaterThanOrEqualTo(1L));
      } finally {
        c.rollback();
      }
    }
  }
}
