package io.martflow.demo;

import static io.martflow.reference.MatchKeys.caseless;
import static io.martflow.reference.MatchKeys.loose;
import static io.martflow.reference.MatchKeys.phrase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The warehouse reference data the generator draws from, so that the dirty values it writes are
 * exactly those the cleaning rules repair: categories from ref.categories, country spellings from
 * ref.countries and ref.country_aliases, status spellings from ref.status_map, failure texts from
 * ref.failure_reasons, shipping methods, fees and SLAs from ref.shipping_rates, tax rates from
 * ref.tax_rates. Spellings are looked up under the cleaning rules' own keys ({@link
 * io.martflow.reference.MatchKeys}), so a value the generator finds resolvable is one the
 * pipelines resolve. Everything is sorted in Java (never by the database's collation), so that the
 * generated data does not depend on the server's locale.
 */
public final class ShopReference {
  /** The canonical order statuses (the check constraint of ref.status_map). */
  public static final List<String> STATUSES = List.of("pending", "paid", "processing", "shipped", "delivered",
      "cancelled", "returned", "refunded", "payment_failed");

  record Country(String code, String alpha3, String name) {}

  record Category(String department, String category, String subcategory) {}

  record ShippingRate(String method, String zone, long feeCents, Long freeThresholdCents, int slaBusinessDays) {}

  private final List<Country> countries;
  private final Map<String, Country> countryByCode;
  private final Map<String, List<String>> aliasesByCode;
  private final Map<String, String> codeByLooseKey;
  private final List<Category> categories;
  private final Set<String> categoryKeys;
  private final Map<String, List<String>> rawStatusesByStatus;
  private final Map<String, String> statusByKey;
  private final List<String> failureReasons;
  private final List<ShippingRate> shippingRates;
  private final Map<String, Long> taxRates;
  private final String homeCountry;

  private ShopReference(Builder b) {
    List<Country> sortedCountries = new ArrayList<>(b.countries.values());
    this.countries = List.copyOf(sortedCountries);
    this.countryByCode = Collections.unmodifiableMap(new TreeMap<>(b.countries));
    this.aliasesByCode = new TreeMap<>();
    b.aliases.forEach((alias, code) -> aliasesByCode.computeIfAbsent(code, k -> new ArrayList<>()).add(alias));
    this.codeByLooseKey = new TreeMap<>();
    for (Country c : countries) {
      codeByLooseKey.putIfAbsent(loose(c.code()), c.code());
      codeByLooseKey.putIfAbsent(loose(c.alpha3()), c.code());
      codeByLooseKey.putIfAbsent(loose(c.name()), c.code());
    }
    b.aliases.forEach((alias, code) -> {
      String key = loose(alias);
      if (key != null) {
        codeByLooseKey.putIfAbsent(key, code);
      }
    });
    List<Category> cats = new ArrayList<>(b.categories);
    cats.sort((x, y) -> {
      int c = x.category().compareTo(y.category());
      return c != 0 ? c : x.subcategory().compareTo(y.subcategory());
    });
    this.categories = List.copyOf(cats);
    this.categoryKeys = new TreeSet<>();
    for (Category c : categories) {
      categoryKeys.add(caseless(c.category()));
    }
    this.rawStatusesByStatus = new TreeMap<>();
    this.statusByKey = new TreeMap<>();
    b.statusMap.forEach((raw, status) -> {
      rawStatusesByStatus.computeIfAbsent(status, k -> new ArrayList<>()).add(raw);
      statusByKey.put(phrase(raw), status);
    });
    this.failureReasons = List.copyOf(new TreeSet<>(b.failureReasons));
    List<ShippingRate> rates = new ArrayList<>(b.shippingRates);
    rates.sort((x, y) -> {
      int c = x.method().compareTo(y.method());
      return c != 0 ? c : x.zone().compareTo(y.zone());
    });
    this.shippingRates = List.copyOf(rates);
    this.taxRates = new TreeMap<>(b.taxRates);
    String home = b.settings.get("home_country");
    this.homeCountry = home == null ? "US" : home.strip().toUpperCase(Locale.ROOT);
  }

  /** Reads the ref.* tables of the warehouse; fails with one clear line when a needed one is empty. */
  public static ShopReference load(Connection warehouse) throws SQLException {
    Builder b = new Builder();
    try (Statement st = warehouse.createStatement()) {
      try (ResultSet rs = st.executeQuery("select key, value from ref.settings")) {
        while (rs.next()) {
          b.setting(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs = st.executeQuery("select code, alpha3, name from ref.countries")) {
        while (rs.next()) {
          b.country(rs.getString(1).strip(), rs.getString(2).strip(), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery("select alias, code from ref.country_aliases")) {
        while (rs.next()) {
          b.countryAlias(rs.getString(1), rs.getString(2).strip());
        }
      }
      try (ResultSet rs = st.executeQuery("select department, category, subcategory from ref.categories")) {
        while (rs.next()) {
          b.category(rs.getString(1), rs.getString(2), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery("select raw_status, status from ref.status_map")) {
        while (rs.next()) {
          b.status(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs = st.executeQuery("select raw_reason from ref.failure_reasons")) {
        while (rs.next()) {
          b.failureReason(rs.getString(1));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select method, zone, fee, free_threshold, sla_business_days from ref.shipping_rates")) {
        while (rs.next()) {
          java.math.BigDecimal free = rs.getBigDecimal(4);
          b.shippingRate(rs.getString(1), rs.getString(2), cents(rs.getBigDecimal(3)),
              free == null ? null : cents(free), rs.getInt(5));
        }
      }
      try (ResultSet rs = st.executeQuery("select country_code, category, rate from ref.tax_rates")) {
        while (rs.next()) {
          b.taxRate(rs.getString(1).strip(), rs.getString(2),
              rs.getBigDecimal(3).movePointRight(4).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        }
      }
    }
    return b.build();
  }

  private static long cents(java.math.BigDecimal amount) {
    return amount.movePointRight(2).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Collects reference rows (tests build small ones; {@link #load} reads the warehouse's). */
  static final class Builder {
    private final Map<String, String> settings = new TreeMap<>();
    private final Map<String, Country> countries = new TreeMap<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final List<Category> categories = new ArrayList<>();
    private final Map<String, String> statusMap = new TreeMap<>();
    private final List<String> failureReasons = new ArrayList<>();
    private final List<ShippingRate> shippingRates = new ArrayList<>();
    private final Map<String, Long> taxRates = new TreeMap<>();

    Builder setting(String key, String value) {
      settings.put(key, value);
      return this;
    }

    Builder country(String code, String alpha3, String name) {
      countries.put(code, new Country(code, alpha3, name));
      return this;
    }

    Builder countryAlias(String alias, String code) {
      aliases.put(alias, code);
      return this;
    }

    Builder category(String department, String category, String subcategory) {
      categories.add(new Category(department, category, subcategory));
      return this;
    }

    Builder status(String raw, String status) {
      statusMap.put(raw, status);
      return this;
    }

    Builder failureReason(String raw) {
      failureReasons.add(raw);
      return this;
    }

    Builder shippingRate(String method, String zone, long feeCents, Long freeThresholdCents, int sla) {
      shippingRates.add(new ShippingRate(method, zone, feeCents, freeThresholdCents, sla));
      return this;
    }

    Builder taxRate(String country, String category, long rateTenThousandths) {
      taxRates.put(country + "|" + category, rateTenThousandths);
      return this;
    }

    ShopReference build() {
      require(!countries.isEmpty(), "ref.countries");
      require(!categories.isEmpty(), "ref.categories");
      require(!statusMap.isEmpty(), "ref.status_map");
      require(!failureReasons.isEmpty(), "ref.failure_reasons");
      require(!shippingRates.isEmpty(), "ref.shipping_rates");
      ShopReference ref = new ShopReference(this);
      for (String status : STATUSES) {
        if (ref.statusOf(status) == null || !ref.statusOf(status).equals(status)) {
          throw new DemoSourceException("ref.status_map has no row for the canonical status '" + phrase(status)
              + "': the generated orders could not be cleaned");
        }
      }
      return ref;
    }

    private static void require(boolean ok, String table) {
      if (!ok) {
        throw new DemoSourceException(table + " is empty: the demo generator draws from the warehouse reference"
            + " data (run 'martflow db migrate' on a warehouse with the reference seeds)");
      }
    }
  }

  List<Country> countries() {
    return countries;
  }

  Country country(String code) {
    return countryByCode.get(code);
  }

  /** Aliases of a country in ref.country_aliases, sorted. */
  List<String> aliases(String code) {
    return aliasesByCode.getOrDefault(code, List.of());
  }

  /** The alpha-2 code of any spelling the generator writes (code, alpha-3, name, alias), or null. */
  String countryCodeOf(String text) {
    String key = loose(text);
    return key == null ? null : codeByLooseKey.get(key);
  }

  List<Category> categories() {
    return categories;
  }

  /** Whether ref.categories has this category, ignoring case and extra whitespace. */
  boolean isKnownCategory(String category) {
    String key = caseless(category);
    return key != null && categoryKeys.contains(key);
  }

  /** The raw spellings in ref.status_map of a canonical status, sorted. */
  List<String> rawStatuses(String status) {
    return rawStatusesByStatus.getOrDefault(status, List.of());
  }

  /** The canonical status a text maps to through ref.status_map, or null. */
  String statusOf(String text) {
    String key = phrase(text);
    return key == null ? null : statusByKey.get(key);
  }

  List<String> failureReasons() {
    return failureReasons;
  }

  List<ShippingRate> shippingRates() {
    return shippingRates;
  }

  /** The rates of one zone ('domestic' or 'international'), or every rate when the zone has none. */
  List<ShippingRate> shippingRates(String zone) {
    List<ShippingRate> rates = shippingRates.stream().filter(r -> r.zone().equals(zone)).toList();
    return rates.isEmpty() ? shippingRates : rates;
  }

  ShippingRate shippingRate(String method, String zone) {
    for (ShippingRate r : shippingRates(zone)) {
      if (r.method().equals(method)) {
        return r;
      }
    }
    for (ShippingRate r : shippingRates) {
      if (r.method().equals(method)) {
        return r;
      }
    }
    return null;
  }

  String homeCountry() {
    return homeCountry;
  }

  String zoneOf(String countryCode) {
    return homeCountry.equals(countryCode) ? "domestic" : "international";
  }

  /** Tax rate in ten-thousandths for (country, category), else (country, '*'), else null. */
  Long taxRate(String countryCode, String category) {
    Long rate = category == null ? null : taxRates.get(countryCode + "|" + category);
    return rate != null ? rate : taxRates.get(countryCode + "|*");
  }
}
