package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;

import io.martflow.control.Window;
import io.martflow.testing.Loads;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The four pipelines on a fixture holding every kind of malformed row (fixtures/shop_malformed.sql):
 * what is staged, what is rejected and why, and that every row read is accounted for. Small key
 * ranges (two rows each) make the fixture span several ranges, as real data does, and the loads
 * run in waves of two ranges, as a large DirectRunner load does: every figure below would move if
 * a wave skipped or re-read a range.
 */
class DomainPipelinesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final String RUN = "fixture-run-1";
  static final Window WINDOW = Window.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
  static Map<String, LoadRunner.Result> results;

  @BeforeAll
  static void loadFixture() throws Exception {
    Sql.runSqlFile(db.spec(), "source/shop_schema.sql");
    Sql.runResource(db.spec(), "fixtures/shop_malformed.sql");
    results = Loads.loadAndPublishAll(db.spec(), RUN, WINDOW, "--rowsPerRange=2", "--minRanges=3",
        "--rangesPerWave=2");
  }

  @Test
  void everyRowReadIsStagedOrRejectedInEachDomain() throws Exception {
    for (var r : results.values()) {
      assertThat(r.domain() + " balanced", r.read(), equalTo(r.staged() + r.rejected()));
      long staged = Sql.count(db.spec(), "select count(*) from stage.tmp_" + r.domain() + " where run_id = '" + RUN + "'");
      long rejected = Sql.count(db.spec(),
          "select count(*) from ctl.rejects where run_id = '" + RUN + "' and domain = '" + r.domain() + "'");
      assertThat(r.domain() + " staged", staged, equalTo(r.staged()));
      assertThat(r.domain() + " rejected", rejected, equalTo(r.rejected()));
    }
    assertThat(results.get("customers").read(), equalTo(10L));
    assertThat(results.get("products").read(), equalTo(5L));
    assertThat(results.get("orders").read(), equalTo(10L));
    assertThat(results.get("order_items").read(), equalTo(13L));
    for (var r : results.values()) {
      assertThat(r.domain() + " ran in several waves", r.waves(), greaterThan(1));
    }
  }

  @Test
  void customersAreRejectedForTheirFaultsAndRepairedOtherwise() throws Exception {
    assertThat(rejects("customers"), equalTo(Map.of(
        "2", "DUPLICATE", "3", "DUPLICATE", "4", "NO_CONTACT", "null", "MISSING_KEY|DUPLICATE")));
    var anna = Sql.rows(db.spec(), "select * from dw.tb_customers where customer_id = 1").get(0);
    assertThat(anna.get("email"), is("anna.schmidt@example.de"));
    assertThat(anna.get("first_name"), is("Anna"));
    assertThat(anna.get("last_name"), is("Schmidt"));
    assertThat(anna.get("country"), is("DE"));
    assertThat(anna.get("phone"), is("+49301234567"));
    assertThat(anna.get("region"), is("Europe"));
    var carla = Sql.rows(db.spec(), "select email, country from dw.tb_customers where customer_id = 3").get(0);
    assertThat("the newer version wins", carla.get("email"), is("carla@new.example"));
    assertThat(carla.get("country"), is("ES"));
    var eve = Sql.rows(db.spec(), "select email, is_email_valid, country from dw.tb_customers where customer_id = 5").get(0);
    assertThat(eve.get("email"), is((Object) null));
    assertThat(eve.get("is_email_valid"), is(false));
    assertThat(eve.get("country"), is("US"));
    assertThat("window end is exclusive", Sql.count(db.spec(), "select count(*) from dw.tb_customers where customer_id = 6"),
        equalTo(0L));
    assertThat("window start is inclusive; soft delete kept",
        Sql.count(db.spec(), "select count(*) from dw.tb_customers where customer_id = 7 and is_deleted"), equalTo(1L));
  }

  @Test
  void productsAreMatchedToTheCatalogAndPriced() throws Exception {
    assertThat(rejects("products"), equalTo(Map.of("11", "NEGATIVE_PRICE", "null", "MISSING_KEY")));
    assertThat(Sql.map(db.spec(), "select product_id, category || '/' || coalesce(subcategory, '-') || '/' || availability"
            + " || '/' || is_discontinued from dw.tb_products order by 1"),
        equalTo(Map.of("10", "Computers/Laptops/low_stock/false", "12", "Uncategorized/-/out_of_stock/false",
            "13", "Phones & Wearables/Smartphones/in_stock/true")));
  }

  @Test
  void ordersAreRejectedForTheirFaultsAndRecomputedWhenALineChanged() throws Exception {
    assertThat(rejects("orders"), equalTo(Map.of("101", "UNKNOWN_STATUS", "102", "MISSING_CUSTOMER_KEY",
        "103", "MISSING_ORDER_TS", "104", "ORDER_TS_TOO_OLD", "105", "ORDER_TS_IN_FUTURE", "106", "DUPLICATE",
        "null", "MISSING_KEY")));
    assertThat(Sql.map(db.spec(), "select order_id, status from dw.tb_orders order by 1"),
        equalTo(Map.of("100", "shipped", "106", "shipped", "107", "delivered")));
  }

  @Test
  void orderLinesAreRejectedForTheirOwnFaultsThenTheirOrders() throws Exception {
    assertThat(rejects("order_items"), equalTo(Map.of("100/3", "INVALID_QUANTITY", "100/4", "INVALID_UNIT_PRICE",
        "100/5", "INVALID_DISCOUNT", "100/6", "MISSING_PRODUCT_KEY", "100/7", "DUPLICATE", "101/1", "ORDER_REJECTED",
        "109/1", "ORDER_NOT_FOUND", "null", "MISSING_KEY")));
    var line = Sql.rows(db.spec(), "select * from dw.tb_order_items where order_id = 100 and line_no = 1").get(0);
    assertThat(line.get("gross_amount"), equalTo(new BigDecimal("1999.98")));
    assertThat(line.get("discount_applied"), equalTo(new BigDecimal("200.00")));
    assertThat(line.get("net_amount"), equalTo(new BigDecimal("1799.98")));
    assertThat("German VAT from the order's ship country", line.get("applied_tax_rate"), equalTo(new BigDecimal("0.1900")));
    assertThat(line.get("tax_amount"), equalTo(new BigDecimal("342.00")));
    assertThat(Sql.map(db.spec(), "select line_no, net_amount from dw.tb_order_items where order_id = 100 order by 1"),
        aMapWithSize(3));
    assertThat(Sql.map(db.spec(), "select line_no, net_amount from dw.tb_order_items where order_id = 100 order by 1"),
        hasEntry("2", "0.00"));
    assertThat("a line's own tax rate wins",
        Sql.map(db.spec(), "select line_no, applied_tax_rate from dw.tb_order_items where order_id = 106"),
        equalTo(Map.of("1", "0.0500")));
  }

  @Test
  void orderTotalsAreTheSumsOfTheirPublishedLines() throws Exception {
    long mismatches = Sql.count(db.spec(), """
        select count(*) from dw.tb_orders o
        left join (select order_id, sum(gross_amount) g, sum(discount_applied) d, sum(net_amount) n,
                          sum(tax_amount) t, count(*) c
                   from dw.tb_order_items group by order_id) l using (order_id)
        where o.items_gross <> coalesce(l.g, 0) or o.discount_total <> coalesce(l.d, 0)
           or o.items_net <> coalesce(l.n, 0) or o.tax_total <> coalesce(l.t, 0) or o.line_count <> coalesce(l.c, 0)
           or o.order_total <> o.items_net + o.tax_total + o.shipping_fee""");
    assertThat(mismatches, equalTo(0L));
    assertThat(Sql.count(db.spec(), "select count(*) from dw.tb_orders"), equalTo(3L));
  }

  /** The run's rejects of a domain as record_key -> reason codes ('|'-joined, sorted by locator). */
  private static Map<String, String> rejects(String domain) throws Exception {
    return Sql.map(db.spec(), "select coalesce(record_key, 'null'), string_agg(reason_code, '|' order by locator)"
        + " from ctl.rejects where run_id = '" + RUN + "' and domain = '" + domain + "' group by 1");
  }

  @Test
  void theFirstPublishIntoEmptyTablesLeavesEveryIndexOfOrdersAndLinesInPlace() throws Exception {
    // The fixture is a first load: orders and lines were published with their secondary indexes
    // suspended and built again at the end (V12_4).
    assertThat(Sql.map(db.spec(), "select indexname, tablename from pg_indexes where schemaname = 'dw'"
            + " and tablename in ('tb_orders', 'tb_order_items')"),
        equalTo(Map.of("tb_orders_pkey", "tb_orders", "tb_orders_customer", "tb_orders", "tb_orders_date", "tb_orders",
            "tb_orders_run_id_idx", "tb_orders", "tb_orders_deleted_idx", "tb_orders",
            "tb_order_items_pkey", "tb_order_items", "tb_order_items_product", "tb_order_items",
            "tb_order_items_run_id_idx", "tb_order_items", "tb_order_items_deleted_idx", "tb_order_items")));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.suspended_indexes"), equalTo(0L));
  }
}
