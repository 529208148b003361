package io.martflow.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generated shop moved on by three simulated days: what is new, what changed and when. The
 * shop as generated is kept in schema before_sim to compare row by row.
 */
class ShopSimulatorTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  static final double SCALE = 0.5;
  static final int DAYS = 30;
  static final int SIMULATED = 3;
  static final LocalDate START = LocalDate.of(2025, 5, 1);
  static final LocalDate OLD_END = START.plusDays(DAYS);
  static final LocalDate NEW_END = OLD_END.plusDays(SIMULATED);
  static ShopReference ref;
  static ShopSimulator.Result result;
  static long oldNextOrderId;

  @BeforeAll
  static void generateAndSimulate() throws Exception {
    ref = ShopTestSupport.reference(db);
    ShopTestSupport.generate(db, SCALE, DAYS, 42, START);
    oldNextOrderId = ShopTestSupport.scalar(db, "select next_order_id from shop.generator_state");
    exec("create schema before_sim",
        "create table before_sim.customers as select * from shop.customers",
        "create table before_sim.products as select * from shop.products",
        "create table before_sim.orders as select * from shop.orders",
        "create table before_sim.order_items as select * from shop.order_items");
    result = new ShopSimulator(ref).simulate(db.spec(), SIMULATED, null, GenerationListener.NONE);
  }

  static void exec(String... statements) throws Exception {
    try (Connection c = db.open(); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  static long count(String sql) throws Exception {
    return ShopTestSupport.scalar(db, sql);
  }

  @Test
  void theStateMovesToTheNextDay() throws Exception {
    assertThat(result.from(), equalTo(OLD_END));
    assertThat(result.to(), equalTo(NEW_END));
    assertThat(count("select (next_day - date '" + NEW_END + "') + 100 * simulated_days from shop.generator_state"),
        equalTo(100L * SIMULATED));
    assertThat(count("select next_order_id from shop.generator_state"), greaterThan(oldNextOrderId));
  }

  @Test
  void newRowsAreDatedInsideTheNewDaysOnly() throws Exception {
    String newDays = " between timestamptz '" + OLD_END + " 00:00:00+00' and timestamptz '" + NEW_END
        + " 00:00:00+00' - interval '1 second'";
    List<String> bad = new ArrayList<>();
    for (ShopTable t : ShopTable.values()) {
      String name = t.qualifiedName();
      long inserted = count("select count(*) from " + name) - count("select count(*) from before_sim." + t.tableName());
      assertThat(t + " inserted", inserted, equalTo(result.inserted().of(t)));
      long dated = count("select count(*) from " + name + " where created_at" + newDays + " and updated_at" + newDays);
      if (dated != inserted) {
        bad.add(t + ": " + inserted + " new rows, " + dated + " dated inside the new days");
      }
      if (count("select count(*) from " + name + " where updated_at >= '" + NEW_END + "' or created_at > updated_at") > 0) {
        bad.add(t + ": rows after the new end or updated before created");
      }
    }
    assertThat(count("select count(*) from shop.orders where delivered_at >= '" + NEW_END + "'"), equalTo(0L));
    assertThat(bad, empty());
    // new orders at the generator's pace: 555 x scale a day
    assertThat(result.inserted().orders() / (double) SIMULATED, closeTo(555 * SCALE, 555 * SCALE * 0.15));
  }

  @Test
  void changedRowsAndOnlyThoseGetAnUpdatedAtInTheNewDays() throws Exception {
    for (ShopTable t : ShopTable.values()) {
      String name = t.tableName();
      String key = t.key();
      String join = " from before_sim." + name + " b join shop." + name + " s using (" + key + ")";
      long changedValues = count("select count(distinct (" + key + "))" + join + " where row(b.*) is distinct from row(s.*)");
      long changedNotRestamped = count("select count(*)" + join
          + " where row(b.*) is distinct from row(s.*) and s.updated_at < '" + OLD_END + "'");
      long restampedUnchanged = count("select count(*)" + join
          + " where row(b.*) is not distinct from row(s.*) and s.updated_at >= '" + OLD_END + "'");
      assertThat(t + " changed but not re-stamped", changedNotRestamped, equalTo(0L));
      assertThat(t + " re-stamped but unchanged", restampedUnchanged, equalTo(0L));
      assertThat(t + " changed keys", changedValues, equalTo(result.updated().of(t)));
    }
  }

  @Test
  void aboutOnePercentOfCustomersAndProductsChangePerDay() throws Exception {
    double customersPerDay = result.updated().customers()
        / (double) count("select count(distinct customer_id) from before_sim.customers") / SIMULATED;
    double productsPerDay = result.updated().products()
        / (double) count("select count(distinct product_id) from before_sim.products") / SIMULATED;
    double ordersPerDay = result.updated().orders()
        / (double) count("select count(distinct order_id) from before_sim.orders") / SIMULATED;
    assertThat(customersPerDay, closeTo(0.01, 0.002));
    assertThat(productsPerDay, closeTo(0.01, 0.003));
    // orders move on by their life cycle: the recent ones ship, arrive, come back
    assertThat(ordersPerDay, both(greaterThan(0.005)).and(lessThan(0.05)));
  }

  @Test
  void everyKindOfChangeHappens() throws Exception {
    String customers = " from before_sim.customers b join shop.customers s using (customer_id) where ";
    assertThat("address", count("select count(*)" + customers + "b.city is distinct from s.city or b.postal_code is distinct from s.postal_code"), greaterThan(0L));
    assertThat("email", count("select count(*)" + customers + "b.email is distinct from s.email"), greaterThan(0L));
    assertThat("phone", count("select count(*)" + customers + "b.phone is distinct from s.phone"), greaterThan(0L));
    assertThat("soft delete", count("select count(*)" + customers + "not b.is_deleted and s.is_deleted"), greaterThan(0L));
    String products = " from before_sim.products b join shop.products s using (product_id) where ";
    assertThat("price", count("select count(*)" + products + "b.list_price <> s.list_price"), greaterThan(0L));
    assertThat("stock", count("select count(*)" + products + "b.stock_qty <> s.stock_qty"), greaterThan(0L));
    assertThat("discontinued", count("select count(*)" + products + "b.is_active and not s.is_active and s.discontinued_at >= '" + OLD_END + "'"), greaterThan(0L));
    String orders = " from before_sim.orders b join shop.orders s using (order_id) where ";
    assertThat("delivered", count("select count(*)" + orders + "b.delivered_at is null and s.delivered_at >= '" + OLD_END + "'"), greaterThan(0L));
    assertThat("status", count("select count(*)" + orders + "b.status is distinct from s.status"), greaterThan(0L));
    assertThat("quantity", count("select count(*) from before_sim.order_items b join shop.order_items s using (order_id, line_no) where b.quantity <> s.quantity"), greaterThan(0L));
    // lines added to orders that existed before, whose order row did not necessarily change
    assertThat("added lines", count("select count(*) from shop.order_items i where i.created_at >= '" + OLD_END
        + "' and exists (select 1 from before_sim.orders o where o.order_id = i.order_id)"), greaterThan(0L));
  }

  @Test
  void newRowsAreDirtyAtTheSameRates() throws Exception {
    String since = "'" + OLD_END + "'";
    long newCustomers = count("select count(*) from shop.customers where created_at >= " + since);
    long dirtyCustomers = count("select count(*) from shop.customers where created_at >= " + since
        + " and (customer_id is null or email is null or email !~ '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$'"
        + " or country !~ '^[A-Z]{2}$' or phone !~ '^\\+[0-9]+$' or first_name <> btrim(first_name)"
        + " or first_name = upper(first_name) or last_name = upper(last_name) or first_name = lower(first_name)"
        + " or last_name = lower(last_name) or first_name ~ '\\s\\s' or last_name <> btrim(last_name))");
    long newOrders = count("select count(*) from shop.orders where created_at >= " + since);
    long dirtyOrders = count("select count(*) from shop.orders where created_at >= " + since
        + " and (order_id is null or customer_id is null or status is null"
        + " or status not in ('pending','paid','processing','shipped','delivered','cancelled','returned','refunded','payment_failed')"
        + " or ship_country !~ '^[A-Z]{2}$' or order_ts <> created_at)");
    long newLines = count("select count(*) from shop.order_items where created_at >= " + since);
    long dirtyLines = count("select count(*) from shop.order_items i where created_at >= " + since
        + " and (product_id is null or quantity <= 0 or unit_price < 0 or discount_pct > 100"
        + " or not exists (select 1 from shop.orders o where o.order_id = i.order_id))");
    long duplicateLines = ShopTestSupport.scalar(db, "select count(*) - (select count(*) from (select distinct * from"
        + " shop.order_items where created_at >= " + since + ") d) from shop.order_items where created_at >= " + since);
    assertThat("customers", (dirtyCustomers + 0.0) / newCustomers, lessThan(0.08));
    assertThat("orders", dirtyOrders / (double) newOrders,
        closeTo(DirtyKind.totalRate(ShopTable.ORDERS) - DirtyKind.ORDER_DUPLICATE.rate(), 0.01));
    assertThat("order lines", (dirtyLines + duplicateLines) / (double) newLines,
        closeTo(DirtyKind.totalRate(ShopTable.ORDER_ITEMS), 0.01));
  }

  @Test
  void changedPhonesAndCountriesStayRepairable() throws Exception {
    com.google.i18n.phonenumbers.PhoneNumberUtil phones = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
    List<String> bad = new ArrayList<>();
    for (Rows.Customer c : ShopTestSupport.customers(db)) {
      String code = ref.countryCodeOf(c.country);
      if (code == null) {
        bad.add("country " + c.country);
      } else if (c.phone != null) {
        try {
          if (!phones.isValidNumber(phones.parse(c.phone, code))) {
            bad.add("phone " + c.phone + " in " + code);
          }
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
          bad.add("phone " + c.phone + " in " + code);
        }
      }
    }
    assertThat(bad, empty());
  }

  @Test
  void simulateTwiceContinuesWhereTheFirstStopped() throws Exception {
    String db2 = TestDatabase.createDatabase(true);
    try {
      var spec = TestDatabase.specFor(db2);
      new ShopGenerator(ref, new ShopGenerator.Options(0.05, 5, 1, START)).generate(spec, GenerationListener.NONE);
      ShopSimulator simulator = new ShopSimulator(ref);
      ShopSimulator.Result first = simulator.simulate(spec, 1, null, GenerationListener.NONE);
      ShopSimulator.Result second = simulator.simulate(spec, 2, null, GenerationListener.NONE);
      assertThat(first.to(), equalTo(START.plusDays(6)));
      assertThat(second.from(), equalTo(first.to()));
      assertThat(second.to(), equalTo(START.plusDays(8)));
    } finally {
      TestDatabase.dropDatabase(db2);
    }
  }

  @Test
  void simulateWithoutAGeneratedShopSaysSo() throws Exception {
    String empty = TestDatabase.createDatabase(true);
    try {
      DemoSourceException e = assertThrows(DemoSourceException.class,
          () -> new ShopSimulator(ref).simulate(TestDatabase.specFor(empty), 1, null, GenerationListener.NONE));
      assertThat(e.getMessage(), containsString("run 'martflow generate' first"));
    } finally {
      TestDatabase.dropDatabase(empty);
    }
  }
}
