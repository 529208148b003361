package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incremental builds give the rows a full refresh gives. The small shop of MartsTest is built
 * (b1), then a third load (r3) changes it in every way a model must follow, and b3 builds
 * incrementally:
 *
 * <ul>
 *   <li>customer 1 gets a version dated 2024-03-03, known only now: order 2 (2024-03-05) must
 *       point to it (a fact re-pointed by a dimension change);
 *   <li>customer 2's age band changes in place (type 1, no new run_id on the dw row);
 *   <li>product 2's stock drops in place (type 1); customer 5 gets a new version and first buys;
 *   <li>order 3 moves from 2024-02-10 to 2024-02-12 (the old day must be recomputed), order 9 is
 *       refunded, order 10 is new on 2024-07-05 (the as-of date moves);
 *   <li>order 4 and line 2 of order 1 are deleted by a flag without a new run_id.
 * </ul>
 */
class IncrementalBuildTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private static ConnectionSpec spec;
  private static Map<String, String> afterIncrementalBuild;

  @BeforeAll
  static void buildTwiceThenFullRefresh() throws Exception {
    spec = db.spec();
    MartFixtures.smallShop(spec);
    MartFixtures.build(spec, "b1", false);
    MartFixtures.smallShopThirdLoad(spec);
    MartFixtures.build(spec, "b3", false);
    afterIncrementalBuild = checksums(spec);
  }

  @Test
  void aFullRefreshGivesTheSameRowsInEveryCoreAndMartTable() throws Exception {
    // Into a copy of the warehouse, so that the other tests still see the incremental build.
    try (TestDatabase.Copy copied = db.copy()) {
      ConnectionSpec full = copied.spec();
      MartFixtures.build(full, "full", true);
      Map<String, String> afterFullRefresh = checksums(full);
      for (String relation : MartFixtures.MODEL_RELATIONS) {
        assertThat(relation, afterIncrementalBuild.get(relation), equalTo(afterFullRefresh.get(relation)));
      }
      assertThat(Sql.count(full, "select count(*) from ctl.build_changes where run_id = 'full' and kind = 'all'"),
          equalTo(4L));
      assertThat(Sql.count(full, "select count(*) from mart.daily_sales where run_id <> 'full'"), equalTo(0L));
    }
  }

  @Test
  void theSecondBuildWasIncrementalAndNamedExactlyTheChangedDaysCustomersAndProducts() throws Exception {
    assertThat(Sql.count(spec, "select count(*) from ctl.build_changes where run_id = 'b3' and kind = 'all'"),
        equalTo(0L));
    // Old and new days of the rebuilt orders: 3 (moved), 4 (deleted), 9 (refunded), 10 (new), and
    // 1 and 2 (customer 1's versions changed).
    assertThat(Rows.lines(spec, """
        select day from ctl.build_changes where run_id = 'b3' and model = 'fact_orders' and kind = 'date'
        order by day"""),
        contains("2024-02-10", "2024-02-11", "2024-02-12", "2024-03-05", "2024-06-30", "2024-07-05"));
    assertThat(Rows.lines(spec, """
        select model || ':' || entity_id || ':' || versions_changed from ctl.build_changes
        where run_id = 'b3' and kind = 'customer' and model = 'dim_customer'"""),
        containsInAnyOrder("dim_customer:1:true", "dim_customer:2:false", "dim_customer:5:true"));
    assertThat(Rows.lines(spec, """
        select entity_id || ':' || versions_changed from ctl.build_changes
        where run_id = 'b3' and model = 'dim_product'"""), contains("2:false"));
    // Only fact rows that changed were rewritten: order 1 kept its key (its customer's new version
    // starts after it), so it is still b1's; order 4 is gone.
    assertThat(Rows.lines(spec, "select order_id from core.fact_orders where run_id = 'b3' order by 1"),
        contains("2", "3", "9", "10"));
    assertThat(Rows.lines(spec, "select order_id || ':' || run_id from core.fact_orders where order_id in (1, 4)"),
        contains("1:b1"));
    // The marts rebuilt only those: the customer mart rows of untouched customer 4 are b1's.
    assertThat(Rows.one(spec, "select run_id from mart.customer_ltv where customer_id = 4"), equalTo("b1"));
    assertThat(Rows.one(spec, "select run_id from mart.daily_sales where order_date = '2024-03-20'"),
        equalTo("b1"));
    assertThat(Rows.one(spec, "select run_id from mart.daily_sales where order_date = '2024-02-10'"),
        equalTo("b3"));
  }

  @Test
  void theIncrementalBuildFollowedEveryChange() throws Exception {
    // Order 2 now points to customer 1's Belgian version; order 1 still to the German one.
    assertThat(Rows.lines(spec, """
        select f.order_id || ':' || d.country from core.fact_orders f
        join core.dim_customer d on d.customer_key = f.customer_key where f.customer_id = 1 order by 1"""),
        contains("1:DE", "2:BE"));
    // 2024-02-10 now holds order 1 alone (its totals are the order row's, which this test does not
    // re-price after deleting line 2); order 3 moved to the 12th; order 4 (the 11th) is deleted.
    assertThat(Rows.lines(spec, """
        select order_date, orders, net_revenue from mart.daily_sales
        where order_date between '2024-02-10' and '2024-02-12' order by 1"""),
        contains("2024-02-10|1|1040.00", "2024-02-12|1|930.00"));
    // Product 2 lost the deleted line (2 units) and order 4 (3 units); order 9's 2 units are refunded.
    assertThat(Rows.one(spec, "select units_sold || '|' || non_revenue_units || '|' || net_revenue"
        + " from mart.product_performance where product_id = 2"), equalTo("1|2|20.00"));
    // Order 9 refunded: a day of orders without revenue.
    assertThat(Rows.one(spec, "select revenue_orders || '|' || net_revenue from mart.daily_sales"
        + " where order_date = '2024-06-30'"), equalTo("0|0.00"));
    // Type-1 changes reached the marts: customer 2's age band, product 2's stock.
    assertThat(Rows.one(spec, "select age_band from mart.customer_features where customer_id = 2"),
        equalTo("45-54"));
    assertThat(Rows.one(spec, "select stock_qty from mart.product_performance where product_id = 2"),
        equalTo("80"));
    assertThat(Rows.one(spec, "select stock_on_hand from mart.category_performance"
        + " where category = 'Cookware' and month_start = '2024-07-01'"), equalTo("80"));
    // The as-of date moved to 2024-07-05: every buyer's recency moved with it. Customer 2's last
    // revenue order is now order 3 (2024-02-12), order 9 being refunded.
    assertThat(Rows.lines(spec, """
        select customer_id, as_of_date, last_order_date, recency_days, is_churned
        from mart.customer_features order by 1"""),
        contains("1|2024-07-05|2024-03-05|122|true", "2|2024-07-05|2024-02-12|144|true",
            "4|2024-07-05|2024-04-20|76|false", "5|2024-07-05|2024-07-05|0|false"));
    assertThat(Rows.lines(spec, "select distinct as_of_date from mart.customer_segments"), contains("2024-07-05"));
    // Customer report datamart: only the changed customers 1, 2 and 5 were recomputed.
    assertThat(Rows.lines(spec, """
        select run_id, customers_recomputed from ctl.load_dates_customer_report_datamart
        where run_id in ('b1', 'b3') order by loaded_at"""), contains("b1|4", "b3|3"));
    assertThat(Rows.lines(spec, """
        select customer_id, month_start, run_id from mart.customer_report_datamart
        where customer_id in (4, 5) order by 1"""), contains("4|2024-04-01|b1", "5|2024-07-01|b3"));
  }

  @Test
  void aRunWhoseBuildNeverHappenedIsCaughtUpByTheNextBuildWhateverItsRunId() throws Exception {
    String database = TestDatabase.createDatabase(true);
    try {
      ConnectionSpec other = TestDatabase.specFor(database);
      MartFixtures.smallShop(other);
      MartFixtures.build(other, "b1", false);
      // r4 publishes, but only the dimensions get built (the facts' build failed or never ran).
      stageLate(other, "r4");
      MartFixtures.publish(other, "r4");
      ModelRunner.build(other, "r4", List.of("dim_customer", "dim_product"), false);
      // The window is re-run as r5: publish finds nothing new, so dw keeps r4's tags.
      stageLate(other, "r5");
      MartFixtures.publish(other, "r5");
      assertThat(Rows.lines(other, "select distinct run_id from dw.tb_orders where order_id in (6, 11)"),
          contains("r4"));
      assertThat(Rows.lines(other, "select * from core.fact_orders where order_id = 11"), empty());

      MartFixtures.build(other, "b6", false);

      assertThat(Rows.lines(other, "select order_id, status from core.fact_orders where order_id in (6, 11)"
          + " order by 1"), contains("6|returned", "11|delivered"));
      assertThat(Rows.lines(other, "select order_date, revenue_orders, net_revenue from mart.daily_sales"
          + " where order_date in ('2024-04-20', '2024-07-06') order by 1"),
          contains("2024-04-20|0|0.00", "2024-07-06|1|20.00"));
      assertThat(Rows.lines(other, "select run_id from ctl.build_dw_runs where model = 'fact_orders' order by 1"),
          contains("b1", "b6", "r1", "r2", "r4"));
      Map<String, String> incremental = checksums(other);
      MartFixtures.build(other, "full", true);
      assertThat(checksums(other), equalTo(incremental));
    } finally {
      TestDatabase.dropDatabase(database);
    }
  }

  private static void stageLate(ConnectionSpec target, String runId) throws Exception {
    try (InputStream in = IncrementalBuildTest.class.getClassLoader()
        .getResourceAsStream("fixtures/marts/small_late.sql")) {
      Sql.runText(target, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("RUN_ID", runId));
    }
  }

  /** Sql.checksum of every core and mart table the models fill. */
  static Map<String, String> checksums(ConnectionSpec target) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (String relation : MartFixtures.MODEL_RELATIONS) {
      out.put(relation, Sql.checksum(target, relation));
    }
    return out;
  }
}
