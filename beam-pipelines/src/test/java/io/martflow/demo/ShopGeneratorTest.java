package io.martflow.demo;

import static io.martflow.demo.ShopTestSupport.kindOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.martflow.testing.TestDatabase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One generated shop (scale 1, two weeks) checked for volumes, dirty-data rates, time and realism. */
class ShopGeneratorTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  static final double SCALE = 1;
  static final int DAYS = 14;
  static final LocalDate START = LocalDate.of(2025, 3, 3);
  static final long START_S = START.toEpochDay() * 86_400;
  static final long END_S = START.plusDays(DAYS).toEpochDay() * 86_400;

  static ShopReference ref;
  static ShopCounts counts;
  static List<Rows.Customer> customers;
  static List<Rows.Product> products;
  static List<Rows.Order> orders;
  static List<Rows.Line> lines;
  static Set<String> codes;
  static Set<Long> orderIds;

  @BeforeAll
  static void generate() throws Exception {
    ref = ShopTestSupport.reference(db);
    counts = ShopTestSupport.generate(db, SCALE, DAYS, 42, START);
    customers = ShopTestSupport.customers(db);
    products = ShopTestSupport.products(db);
    orders = ShopTestSupport.orders(db);
    lines = ShopTestSupport.lines(db);
    codes = ShopTestSupport.countryCodes(ref);
    orderIds = new HashSet<>();
    orders.forEach(o -> orderIds.add(o.orderId));
  }

  @Test
  void theCountsItReportsAreTheRowsInTheTables() throws Exception {
    assertThat(counts, equalTo(new ShopCounts(customers.size(), products.size(), orders.size(), lines.size())));
  }

  @Test
  void theSourceHasTheIndexesExtractionNeedsAndNoKeyConstraints() throws Exception {
    assertThat(ShopTestSupport.scalar(db, "select count(*) from pg_indexes where schemaname = 'shop'"
        + " and indexdef ~ '\\((customer_id|product_id|order_id, line_no|order_id|updated_at)\\)'"
        + " and tablename in ('customers', 'products', 'orders', 'order_items')"), equalTo(9L));
    assertThat(ShopTestSupport.scalar(db, "select count(*) from pg_constraint c join pg_namespace n on n.oid = c.connamespace"
        + " where n.nspname = 'shop' and c.contype in ('p', 'u', 'f') and c.conrelid <> 'shop.generator_state'::regclass"),
        equalTo(0L));
    assertThat(ShopTestSupport.scalar(db, "select count(*) from information_schema.columns where table_schema = 'shop'"
        + " and column_name in ('customer_id', 'product_id', 'order_id', 'line_no') and is_nullable = 'NO'"), equalTo(0L));
  }

  @Test
  void volumesFollowTheScale() {
    assertThat((double) customers.size(), closeTo(10_000 * SCALE, 10_000 * SCALE * 0.02));
    assertThat((double) products.size(), closeTo(2_000 * SCALE, 2_000 * SCALE * 0.02));
    double ordersPerDay = orders.size() / (double) DAYS;
    assertThat(ordersPerDay, closeTo(555 * SCALE, 555 * SCALE * 0.05));
    double linesPerOrder = lines.size() / (double) orders.size();
    assertThat(linesPerOrder, both(greaterThan(2.8)).and(lessThan(3.3)));
  }

  @Test
  void ordersHaveOneToEightLinesMostlyOneToThree() {
    Map<Long, Integer> perOrder = new HashMap<>();
    for (Rows.Line l : lines) {
      if (orderIds.contains(l.orderId)) {
        perOrder.merge(l.orderId, 1, Integer::sum);
      }
    }
    Map<Integer, Integer> histogram = new TreeMap<>();
    perOrder.values().forEach(n -> histogram.merge(n, 1, Integer::sum));
    // duplicated lines may make a ninth row; distinct line numbers stay within 8
    Map<Long, Set<Integer>> lineNos = new HashMap<>();
    for (Rows.Line l : lines) {
      lineNos.computeIfAbsent(l.orderId, k -> new TreeSet<>()).add(l.lineNo);
    }
    for (Map.Entry<Long, Set<Integer>> e : lineNos.entrySet()) {
      if (orderIds.contains(e.getKey())) {
        assertThat(e.getValue().size(), both(greaterThanOrEqualTo(1)).and(lessThanOrEqualTo(8)));
      }
    }
    int oneToThree = histogram.getOrDefault(1, 0) + histogram.getOrDefault(2, 0) + histogram.getOrDefault(3, 0);
    assertThat(oneToThree / (double) perOrder.size(), greaterThan(0.6));
    assertThat(histogram.getOrDefault(8, 0), greaterThan(0));
  }

  @Test
  void everyDirtyKindAppearsAtItsRate() throws Exception {
    Set<String> categories = ShopTestSupport.categories(ref);
    Map<DirtyKind, Long> observed = new EnumMap<>(DirtyKind.class);
    observed.putAll(ShopTestSupport.count(customers, c -> kindOf(c, codes)));
    observed.putAll(ShopTestSupport.count(products, p -> kindOf(p, categories)));
    observed.putAll(ShopTestSupport.count(orders, o -> kindOf(o, ref, codes, END_S)));
    observed.putAll(ShopTestSupport.count(lines, l -> kindOf(l, orderIds)));
    observed.put(DirtyKind.CUSTOMER_DUPLICATE, ShopTestSupport.duplicates(db, ShopTable.CUSTOMERS));
    observed.put(DirtyKind.PRODUCT_DUPLICATE, ShopTestSupport.duplicates(db, ShopTable.PRODUCTS));
    observed.put(DirtyKind.ORDER_DUPLICATE, ShopTestSupport.duplicates(db, ShopTable.ORDERS));
    observed.put(DirtyKind.ITEM_DUPLICATE, ShopTestSupport.duplicates(db, ShopTable.ORDER_ITEMS));

    List<String> off = new ArrayList<>();
    for (DirtyKind kind : DirtyKind.values()) {
      long rows = counts.of(kind.table()) - observed.get(duplicateOf(kind.table()));
      double expected = kind.rate() * rows;
      long seen = observed.getOrDefault(kind, 0L);
      // the schedule places round(rate x rows) of each kind, give or take one block's share
      if (seen == 0 || Math.abs(seen - expected) > 2 + 0.1 * expected) {
        off.add(kind + ": " + seen + " rows, expected " + Math.round(expected * 10) / 10.0);
      }
    }
    assertThat(off, empty());
  }

  private static DirtyKind duplicateOf(ShopTable table) {
    return switch (table) {
      case CUSTOMERS -> DirtyKind.CUSTOMER_DUPLICATE;
      case PRODUCTS -> DirtyKind.PRODUCT_DUPLICATE;
      case ORDERS -> DirtyKind.ORDER_DUPLICATE;
      case ORDER_ITEMS -> DirtyKind.ITEM_DUPLICATE;
    };
  }

  @Test
  void dirtyRowsAreTwoToThreePercentOfEveryTable() {
    for (ShopTable t : ShopTable.values()) {
      assertThat(t.toString(), DirtyKind.totalRate(t), both(greaterThanOrEqualTo(0.02)).and(lessThanOrEqualTo(0.03)));
    }
  }

  @Test
  void repairableValuesResolveThroughTheReferenceData() {
    PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    for (Rows.Customer c : customers) {
      DirtyKind kind = kindOf(c, codes);
      if (kind == DirtyKind.CUSTOMER_COUNTRY_NAME) {
        assertThat(c.country, ref.countryCodeOf(c.country), notNullValue());
      }
      if (kind == DirtyKind.CUSTOMER_PHONE_FORMAT) {
        assertThat(c.phone, isValidPhone(phones, c.phone, c.country), is(true));
      }
      if (kind == DirtyKind.CUSTOMER_EMAIL_NOT_NORMALIZED) {
        assertThat(c.email, ShopTestSupport.VALID_EMAIL.matcher(c.email.strip().toLowerCase()).matches(), is(true));
      }
    }
    for (Rows.Order o : orders) {
      DirtyKind kind = kindOf(o, ref, codes, END_S);
      if (kind == DirtyKind.ORDER_STATUS_SPELLING) {
        assertThat(o.status, ref.statusOf(o.status), notNullValue());
      }
      if (kind == DirtyKind.ORDER_COUNTRY_NAME) {
        assertThat(o.shipCountry, ref.countryCodeOf(o.shipCountry), notNullValue());
      }
    }
  }

  private static boolean isValidPhone(PhoneNumberUtil phones, String text, String country) {
    try {
      return phones.isValidNumber(phones.parse(text, country));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void cleanRowsAreClean() {
    PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    Set<String> categories = ShopTestSupport.categories(ref);
    List<String> bad = new ArrayList<>();
    for (Rows.Customer c : customers) {
      if (kindOf(c, codes) == null) {
        if (c.phone != null && !isValidPhone(phones, c.phone, c.country)) {
          bad.add("phone " + c.phone + " " + c.country);
        }
        if (!ShopTestSupport.VALID_EMAIL.matcher(c.email).matches()) {
          bad.add("email " + c.email);
        }
        if (c.city == null) {
          bad.add("no city " + c.customerId);
        }
      }
    }
    for (Rows.Product p : products) {
      if (kindOf(p, categories) == null && p.cost >= p.listPrice) {
        bad.add("cost " + p.cost + " >= price " + p.listPrice + " of product " + p.productId);
      }
    }
    for (Rows.Order o : orders) {
      if (kindOf(o, ref, codes, END_S) == null && o.orderTs != o.createdAt) {
        bad.add("order_ts of order " + o.orderId);
      }
    }
    for (Rows.Line l : lines) {
      if (kindOf(l, orderIds) == null && (l.quantity < 1 || l.unitPrice < 0
          || l.discountPct != null && (l.discountPct < 0 || l.discountPct > 10_000))) {
        bad.add("line " + l.orderId + "/" + l.lineNo);
      }
    }
    assertThat(bad, empty());
  }

  @Test
  void everyTimestampIsInsideTheHistoryExceptInjectedFutureOrderTimes() {
    List<String> bad = new ArrayList<>();
    for (Rows.Customer c : customers) {
      check(bad, "customer", c.createdAt, c.updatedAt, null);
    }
    for (Rows.Product p : products) {
      check(bad, "product", p.createdAt, p.updatedAt, p.discontinuedAt);
    }
    long future = 0;
    long injected = 0;
    for (Rows.Order o : orders) {
      check(bad, "order", o.createdAt, o.updatedAt, o.deliveredAt);
      if (o.orderTs >= END_S) {
        future++;
        assertThat(o.orderTs, greaterThan(END_S + 86_400)); // more than one day after the end
      }
      if (kindOf(o, ref, codes, END_S) == DirtyKind.ORDER_TS_IN_FUTURE) {
        injected++;
      }
    }
    for (Rows.Line l : lines) {
      check(bad, "line", l.createdAt, l.updatedAt, null);
    }
    assertThat(bad, empty());
    assertThat(future, allOf(greaterThan(0L), equalTo(injected)));
  }

  private static void check(List<String> bad, String what, long created, long updated, Long other) {
    if (created < START_S || created >= END_S || updated >= END_S || created > updated
        || other != null && (other < created || other >= END_S)) {
      bad.add(what + " created " + created + " updated " + updated + " other " + other);
    }
  }

  @Test
  void ordersLiveRealisticLives() {
    Map<String, Integer> statuses = new TreeMap<>();
    int failedWithReason = 0;
    int failed = 0;
    int late = 0;
    int delivered = 0;
    Set<String> reasons = new HashSet<>(ref.failureReasons());
    for (Rows.Order o : orders) {
      String status = ref.statusOf(o.status);
      if (status == null) {
        continue;
      }
      statuses.merge(status, 1, Integer::sum);
      if (status.equals("payment_failed")) {
        failed++;
        failedWithReason += reasons.contains(o.failureReason) ? 1 : 0;
      } else {
        assertThat(o.failureReason, is((String) null));
      }
      if (o.deliveredAt != null) {
        delivered++;
        String code = ref.countryCodeOf(o.shipCountry);
        int sla = ref.shippingRate(o.shippingMethod, ref.zoneOf(code)).slaBusinessDays();
        long due = ShopCalendar.addBusinessDays(Math.floorDiv(o.createdAt, 86_400), sla);
        late += Math.floorDiv(o.deliveredAt, 86_400) > due ? 1 : 0;
        assertThat(status, anyOf(equalTo("delivered"), equalTo("returned"), equalTo("refunded")));
      }
    }
    assertThat(statuses.keySet(), hasItems(ShopReference.STATUSES.toArray(new String[0])));
    assertThat(failedWithReason, equalTo(failed));
    assertThat(late / (double) delivered, both(greaterThan(0.03)).and(lessThan(0.25)));
    assertThat(statuses.get("payment_failed") / (double) orders.size(), closeTo(0.04, 0.015));
  }

  @Test
  void customersLiveInManyCountriesMostlyTheUs() {
    Map<String, Integer> byCountry = new HashMap<>();
    customers.forEach(c -> byCountry.merge(c.country, 1, Integer::sum));
    assertThat(byCountry.keySet().stream().filter(codes::contains).count(), greaterThan(20L));
    String top = byCountry.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(top, equalTo("US"));
    assertThat(customers.stream().filter(c -> c.deleted).count(), greaterThan(0L));
  }

  @Test
  void productsComeFromTheReferenceCategoriesSomeNotForSale() {
    Set<String> categories = ShopTestSupport.categories(ref);
    long known = products.stream().filter(p -> categories.contains(p.category)).count();
    assertThat(known / (double) products.size(), greaterThan(0.97));
    assertThat(products.stream().filter(p -> p.discontinuedAt != null).count(), greaterThan(0L));
    assertThat(products.stream().filter(p -> !p.active && p.discontinuedAt == null).count(), greaterThan(0L));
    assertThat(products.stream().map(p -> p.stockQty).toList(), everyItem(greaterThanOrEqualTo(0)));
    assertThat(orders.stream().filter(o -> o.promoCode != null).count() / (double) orders.size(), closeTo(0.12, 0.03));
  }
}
