package io.martflow.demo;

import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the shop tables of a test database and recognizes each row's {@link DirtyKind} from its
 * values alone (independently of how the generator chose it), so tests can count every kind.
 */
final class ShopTestSupport {
  private ShopTestSupport() {}

  static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  static final Pattern ISO2 = Pattern.compile("[A-Z]{2}");
  // The e-mail rule's notion of valid (dot-atom local part, dotted domain with a letter TLD).
  static final Pattern VALID_EMAIL = Pattern.compile(
      "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  static ShopReference reference(TestDatabase db) throws SQLException {
    try (Connection c = db.open()) {
      return ShopReference.load(c);
    }
  }

  static ShopCounts generate(TestDatabase db, double scale, int days, long seed, LocalDate start) throws SQLException {
    return new ShopGenerator(reference(db), new ShopGenerator.Options(scale, days, seed, start))
        .generate(db.spec(), GenerationListener.NONE);
  }

  static <T> List<T> rows(TestDatabase db, String sql, Rows.Reader<T> reader) throws SQLException {
    List<T> out = new ArrayList<>();
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(reader.read(rs));
      }
    }
    return out;
  }

  static List<Rows.Customer> customers(TestDatabase db) throws SQLException {
    return rows(db, "select * from shop.customers", Rows.Customer::read);
  }

  static List<Rows.Product> products(TestDatabase db) throws SQLException {
    return rows(db, "select * from shop.products", Rows.Product::read);
  }

  static List<Rows.Order> orders(TestDatabase db) throws SQLException {
    return rows(db, "select * from shop.orders", Rows.Order::read);
  }

  static List<Rows.Line> lines(TestDatabase db) throws SQLException {
    return rows(db, "select * from shop.order_items", Rows.Line::read);
  }

  static long scalar(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Exact duplicate rows of a table: rows minus distinct rows. */
  static long duplicates(TestDatabase db, ShopTable table) throws SQLException {
    return scalar(db, "select count(*) - (select count(*) from (select distinct * from " + table.qualifiedName()
        + ") d) from " + table.qualifiedName());
  }

  /** md5 of every row's text in a total order: equal checksums, equal tables. */
  static Map<String, String> checksums(TestDatabase db) throws SQLException {
    return checksums(db.spec());
  }

  static Map<String, String> checksums(io.martflow.warehouse.ConnectionSpec spec) throws SQLException {
    Map<String, String> sums = new java.util.TreeMap<>();
    try (Connection c = spec.open(); Statement st = c.createStatement()) {
      st.execute("set timezone = 'UTC'");
      List<String> tables = new ArrayList<>();
      for (ShopTable t : ShopTable.values()) {
        tables.add(t.qualifiedName());
      }
      tables.add("shop.generator_state");
      for (String t : tables) {
        try (ResultSet rs = st.executeQuery("select md5(coalesce(string_agg(x::text, E'\\n' order by x::text), ''))"
            + " || ':' || count(*) from " + t + " x")) {
          rs.next();
          sums.put(t, rs.getString(1));
        }
      }
    }
    return sums;
  }

  // ---- recognizing dirty rows ----

  static boolean miscased(String name) {
    return name != null && !name.isEmpty() && (Character.isLowerCase(name.codePointAt(0))
        || name.length() > 1 && name.equals(name.toUpperCase(Locale.ROOT)));
  }

  static boolean badlySpaced(String name) {
    return name != null && (!name.equals(name.strip()) || name.contains("  ") || name.contains("\t"));
  }

  static DirtyKind kindOf(Rows.Customer c, Set<String> countryCodes) {
    if (c.customerId == null) {
      return DirtyKind.CUSTOMER_MISSING_KEY;
    }
    if (c.firstName == null && c.lastName == null && c.email == null && c.phone == null) {
      return DirtyKind.CUSTOMER_NO_CONTACT;
    }
    if (c.email != null && !VALID_EMAIL.matcher(c.email.strip().toLowerCase(Locale.ROOT)).matches()) {
      return DirtyKind.CUSTOMER_INVALID_EMAIL;
    }
    if (c.email != null && !c.email.equals(c.email.strip().toLowerCase(Locale.ROOT))) {
      return DirtyKind.CUSTOMER_EMAIL_NOT_NORMALIZED;
    }
    if (badlySpaced(c.firstName) || badlySpaced(c.lastName)) {
      return DirtyKind.CUSTOMER_NAME_WHITESPACE;
    }
    if (miscased(c.firstName) || miscased(c.lastName)) {
      return DirtyKind.CUSTOMER_NAME_CASING;
    }
    if (c.phone != null && !E164.matcher(c.phone).matches()) {
      return DirtyKind.CUSTOMER_PHONE_FORMAT;
    }
    if (!countryCodes.contains(c.country)) {
      return DirtyKind.CUSTOMER_COUNTRY_NAME;
    }
    return null;
  }

  static DirtyKind kindOf(Rows.Product p, Set<String> categories) {
    if (p.productId == null) {
      return DirtyKind.PRODUCT_MISSING_KEY;
    }
    if (p.listPrice != null && p.listPrice < 0) {
      return DirtyKind.PRODUCT_NEGATIVE_PRICE;
    }
    if (!categories.contains(p.category)) {
      return categories.stream().anyMatch(x -> x.equalsIgnoreCase(p.category.strip().replaceAll("\\s+", " ")))
          ? DirtyKind.PRODUCT_CATEGORY_CASING : DirtyKind.PRODUCT_UNKNOWN_CATEGORY;
    }
    return null;
  }

  static DirtyKind kindOf(Rows.Order o, ShopReference ref, Set<String> countryCodes, long historyEnd) {
    if (o.orderId == null) {
      return DirtyKind.ORDER_MISSING_KEY;
    }
    if (o.customerId == null) {
      return DirtyKind.ORDER_MISSING_CUSTOMER;
    }
    if (ref.statusOf(o.status) == null) {
      return DirtyKind.ORDER_UNKNOWN_STATUS;
    }
    if (!ShopReference.STATUSES.contains(o.status)) {
      return DirtyKind.ORDER_STATUS_SPELLING;
    }
    if (!countryCodes.contains(o.shipCountry)) {
      return DirtyKind.ORDER_COUNTRY_NAME;
    }
    if (o.orderTs >= historyEnd) {
      return DirtyKind.ORDER_TS_IN_FUTURE;
    }
    if (o.orderTs < LocalDate.of(2000, 1, 1).toEpochDay() * 86_400) {
      return DirtyKind.ORDER_TS_TOO_OLD;
    }
    return null;
  }

  static DirtyKind kindOf(Rows.Line l, Set<Long> orderIds) {
    if (!orderIds.contains(l.orderId)) {
      return DirtyKind.ITEM_ORDER_NOT_FOUND;
    }
    if (l.productId == null) {
      return DirtyKind.ITEM_MISSING_PRODUCT;
    }
    if (l.quantity == 0) {
      return DirtyKind.ITEM_ZERO_QUANTITY;
    }
    if (l.quantity < 0) {
      return DirtyKind.ITEM_NEGATIVE_QUANTITY;
    }
    if (l.unitPrice < 0) {
      return DirtyKind.ITEM_NEGATIVE_UNIT_PRICE;
    }
    if (l.discountPct != null && l.discountPct > 10_000) {
      return DirtyKind.ITEM_DISCOUNT_OVER_100;
    }
    return null;
  }

  static <T> Map<DirtyKind, Long> count(List<T> rows, Function<T, DirtyKind> classifier) {
    Map<DirtyKind, Long> counts = new HashMap<>();
    for (T row : rows) {
      DirtyKind k = classifier.apply(row);
      if (k != null) {
        counts.merge(k, 1L, Long::sum);
      }
    }
    return counts;
  }

  static Set<String> countryCodes(ShopReference ref) {
    Set<String> codes = new HashSet<>();
    ref.countries().forEach(c -> codes.add(c.code()));
    return codes;
  }

  static Set<String> categories(ShopReference ref) {
    Set<String> names = new HashSet<>();
    ref.categories().forEach(c -> names.add(c.category()));
    return names;
  }
}
