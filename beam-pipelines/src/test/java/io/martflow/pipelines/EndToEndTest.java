package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import io.martflow.control.Flow;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Connections;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated data through all four loads and publish: every dirty row rejected or repaired, a
 * re-run of the same window changes nothing, and the next simulated day versions the changed
 * customers and products and re-prices the orders whose lines changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final LocalDate START = LocalDate.of(2026, 10, 1);
  static final int DAYS = 6;
  static Flow.Outcome first;

  @BeforeAll
  static void generateAndLoad() throws Exception {
    Shop.generate(db.spec(), 0.25, DAYS, 7, START);
    first = run(START, START.plusDays(DAYS));
  }

  static Flow.Outcome run(LocalDate from, LocalDate toExclusive) throws Exception {
    try (Connections connections = Connections.from(db.env())) {
      return Flow.run(connections, new Flow.Request(instant(from), instant(toExclusive), List.of(), false, null,
          List.of("--enforceImmutability=true", "--enforceEncodability=true")), new PrintStream(System.out));
    }
  }

  static Instant instant(LocalDate d) {
    return d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
  }

  @Test
  @Order(1)
  void everySourceRowOfTheWindowIsReadAndEndsStagedOrRejected() throws Exception {
    assertThat(first.loaded(), equalTo(List.of("customers", "products", "orders", "order_items")));
    for (var r : first.loads().values()) {
      assertThat(r.domain(), r.read(), equalTo(r.staged() + r.rejected()));
    }
    String window = "updated_at >= '2026-10-01' and updated_at < '2026-10-07'";
    assertThat(first.loads().get("customers").read(), equalTo(Sql.count(db.spec(), "select count(*) from shop.customers where " + window)));
    assertThat(first.loads().get("products").read(), equalTo(Sql.count(db.spec(), "select count(*) from shop.products where " + window)));
    assertThat(first.loads().get("orders").read(), equalTo(Sql.count(db.spec(), "select count(*) from shop.orders")));
    assertThat(first.loads().get("order_items").read(), equalTo(Sql.count(db.spec(), "select count(*) from shop.order_items")));
  }

  @Test
  @Order(2)
  void everyDirtyRowTheGeneratorInjectsIsRejectedOrRepaired() throws Exception {
    // Reject kinds: no row with the fault reaches the warehouse, and each such key has its reason.
    Map<String, String> none = Map.of(
        "negative list price", "select count(*) from dw.tb_products where list_price < 0",
        "quantity <= 0", "select count(*) from dw.tb_order_items where quantity <= 0",
        "negative unit price", "select count(*) from dw.tb_order_items where unit_price < 0",
        "discount over 100 %", "select count(*) from dw.tb_order_items where discount_pct > 100",
        "line without product", "select count(*) from dw.tb_order_items where product_id is null",
        "order without customer", "select count(*) from dw.tb_orders where customer_id is null",
        "order before 2000", "select count(*) from dw.tb_orders where order_ts < '2000-01-01'",
        "order in the future", "select count(*) from dw.tb_orders where order_ts > '2026-10-08'",
        "line of an unknown order", "select count(*) from dw.tb_order_items i where not exists"
            + " (select 1 from dw.tb_orders o where o.order_id = i.order_id)");
    for (var e : none.entrySet()) {
      assertThat(e.getKey(), Sql.count(db.spec(), e.getValue()), equalTo(0L));
    }
    Map<String, String> rejectedWithReason = Map.of(
        "NEGATIVE_PRICE", "select count(distinct product_id) from shop.products where list_price < 0",
        "MISSING_CUSTOMER_KEY", "select count(distinct order_id) from shop.orders where customer_id is null and order_id is not null",
        "MISSING_PRODUCT_KEY", "select count(*) from shop.order_items i where product_id is null and order_id is not null"
            + " and exists (select 1 from shop.orders o where o.order_id = i.order_id)",
        "NO_CONTACT", "select count(distinct customer_id) from shop.customers where customer_id is not null"
            + " and first_name is null and last_name is null and email is null and phone is null");
    for (var e : rejectedWithReason.entrySet()) {
      long expected = Sql.count(db.spec(), e.getValue());
      assertThat(e.getKey() + " present in the generated data", expected, greaterThan(0L));
      assertThat(e.getKey(), Sql.count(db.spec(), "select count(distinct record_key) from ctl.rejects where reason_code = '"
          + e.getKey() + "' and run_id = '" + first.runId() + "'"), greaterThan(expected - expected / 4 - 1));
    }
    // Repair kinds: what is staged follows the cleaning rules.
    Map<String, String> repaired = Map.of(
        "emails lower-case and valid, else null", "select count(*) from dw.tb_customers where email <> lower(email)"
            + " or email !~ '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$'",
        "countries are ISO alpha-2", "select count(*) from dw.tb_customers where country !~ '^[A-Z]{2}$'",
        "ship countries are ISO alpha-2", "select count(*) from dw.tb_orders where ship_country !~ '^[A-Z]{2}$'",
        "phones are E.164", "select count(*) from dw.tb_customers where phone !~ '^\\+[1-9][0-9]{6,14}$'",
        "names trimmed, single spaces", "select count(*) from dw.tb_customers where first_name <> btrim(first_name)"
            + " or last_name ~ '\\s\\s' or first_name ~ '\\t'",
        "statuses canonical", "select count(*) from dw.tb_orders where status not in ('pending', 'paid', 'processing',"
            + " 'shipped', 'delivered', 'cancelled', 'returned', 'refunded', 'payment_failed')",
        "categories from ref or Uncategorized", "select count(*) from dw.tb_products p where category <> 'Uncategorized'"
            + " and not exists (select 1 from ref.categories c where c.category = p.category)");
    for (var e : repaired.entrySet()) {
      assertThat(e.getKey(), Sql.count(db.spec(), e.getValue()), equalTo(0L));
    }
    assertThat("mis-cased countries were resolved", Sql.count(db.spec(),
        "select count(*) from shop.customers where country !~ '^[A-Z]{2}$'"), greaterThan(0L));
  }

  @Test
  @Order(3)
  void reRunningTheSameWindowChangesNothing() throws Exception {
    Map<String, String> before = Shop.warehouseChecksums(db.spec());
    long versions = Sql.count(db.spec(), "select (select count(*) from dw.tb_customers) + (select count(*) from dw.tb_products)");
    Flow.Outcome again = run(START, START.plusDays(DAYS));
    assertThat("the control check knows the window was loaded", again.nothingNew(), equalTo(true));
    try (Connections connections = Connections.from(db.env())) {
      Flow.run(connections, new Flow.Request(instant(START), instant(START.plusDays(DAYS)), List.of(), true, null,
          List.of()), new PrintStream(System.out));
    }
    assertThat(Shop.warehouseChecksums(db.spec()), equalTo(before));
    assertThat(Sql.count(db.spec(), "select (select count(*) from dw.tb_customers) + (select count(*) from dw.tb_products)"),
        equalTo(versions));
  }

  @Test
  @Order(4)
  void theNextDayVersionsChangesAndRepricesOrdersWhoseLinesChanged() throws Exception {
    Map<String, String> before = Shop.warehouseChecksums(db.spec());
    var simulated = Shop.simulate(db.spec(), 1);
    LocalDate day = simulated.from();
    Flow.Outcome next = run(day, day.plusDays(1));
    assertThat(next.loaded().size(), equalTo(4));
    assertThat(Shop.warehouseChecksums(db.spec()), not(equalTo(before)));
    String dayFilter = "updated_at >= '" + day + "' and updated_at < '" + day.plusDays(1) + "'";
    assertThat("customers changed that day got a new version", Sql.count(db.spec(),
        "select count(*) from dw.tb_customers where not is_current and valid_to >= '" + day + "'"), greaterThan(0L));
    assertThat("products changed that day got a new version", Sql.count(db.spec(),
        "select count(*) from dw.tb_products where not is_current and valid_to >= '" + day + "'"), greaterThan(0L));
    // Orders whose own row did not change but a line did: re-priced from their lines.
    long repriced = Sql.count(db.spec(), "select count(*) from shop.orders o where not (" + dayFilter.replace("updated_at", "o.updated_at")
        + ") and exists (select 1 from shop.order_items i where i.order_id = o.order_id and "
        + dayFilter.replace("updated_at", "i.updated_at") + ")");
    assertThat("the simulation changed lines of unchanged orders", repriced, greaterThan(0L));
    assertThat(Sql.count(db.spec(), """
        select count(*) from dw.tb_orders o
        join (select order_id, sum(net_amount) n, sum(tax_amount) t from dw.tb_order_items where not is_deleted
              group by order_id) l using (order_id)
        where o.items_net <> l.n or o.tax_total <> l.t or o.order_total <> o.items_net + o.tax_total + o.shipping_fee"""),
        equalTo(0L));
  }
}
