package io.martflow.reference;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of every ref.* table, read once per run and handed to the pipelines as a
 * side input. Besides the rows it keeps the lookup indexes the business rules need, built once
 * here so that the rule classes built from it are cheap.
 */
public final class ReferenceData implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Keys of ref.settings that the rules read. */
  public static final String BUSINESS_TIME_ZONE = "business_time_zone";
  public static final String DEFAULT_TAX_RATE = "default_tax_rate";
  public static final String HOME_COUNTRY = "home_country";
  public static final String LOW_STOCK_DEFAULT = "low_stock_default";
  public static final String DEFAULT_SHIPPING_METHOD = "default_shipping_method";
  public static final String MAX_LINE_QUANTITY = "max_line_quantity";
  public static final String MAX_TEXT_LENGTH = "max_text_length";

  private final Map<String, String> settings;
  private final List<Country> countries;
  private final List<CountryAlias> countryAliases;
  private final List<Category> categories;
  private final List<TaxRate> taxRates;
  private final List<ShippingRate> shippingRates;
  private final List<StatusMapping> statusMappings;
  private final List<FailureReason> failureReasons;
  private final List<AgeBand> ageBands;

  private final Map<String, Country> countryByCode;
  private final Map<String, Country> countryByLooseKey;
  private final Map<String, Category> categoryByKey;
  private final Map<PairKey, Category> subcategoryByKeys;
  private final Map<PairKey, BigDecimal> taxRateByCountryAndCategory;
  private final Map<String, String> shippingMethodByKey;
  private final Map<PairKey, ShippingRate> shippingRateByMethodAndZone;
  private final Map<String, String> statusByKey;
  private final Map<String, FailureReason> failureReasonByKey;

  private ReferenceData(Builder b) {
    settings = Map.copyOf(b.settings);
    countries = List.copyOf(b.countries);
    countryAliases = List.copyOf(b.countryAliases);
    categories = List.copyOf(b.categories);
    taxRates = List.copyOf(b.taxRates);
    shippingRates = List.copyOf(b.shippingRates);
    statusMappings = List.copyOf(b.statusMappings);
    failureReasons = List.copyOf(b.failureReasons);
    List<AgeBand> bands = new ArrayList<>(b.ageBands);
    bands.sort(Comparator.comparingInt(AgeBand::minAge));
    ageBands = List.copyOf(bands);

    countryByCode = indexCountriesByCode(countries);
    countryByLooseKey = indexCountriesByAnySpelling(countries, countryAliases, countryByCode);
    categoryByKey = indexCategories(categories);
    subcategoryByKeys = indexSubcategories(categories);
    taxRateByCountryAndCategory = indexTaxRates(taxRates, countryByCode);
    shippingMethodByKey = indexShippingMethods(shippingRates);
    shippingRateByMethodAndZone = indexShippingRates(shippingRates);
    statusByKey = indexStatuses(statusMappings);
    failureReasonByKey = indexFailureReasons(failureReasons);
  }

  /** Equal when the tables are equal: the indexes derive from them. (Beam's coders check this.) */
  @Override
  public boolean equals(Object o) {
    return o instanceof ReferenceData r && settings.equals(r.settings) && countries.equals(r.countries)
        && countryAliases.equals(r.countryAliases) && categories.equals(r.categories)
        && taxRates.equals(r.taxRates) && shippingRates.equals(r.shippingRates)
        && statusMappings.equals(r.statusMappings) && failureReasons.equals(r.failureReasons)
        && ageBands.equals(r.ageBands);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(settings, countries, countryAliases, categories, taxRates, shippingRates,
        statusMappings, failureReasons, ageBands);
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- settings ------------------------------------------------------------------------------

  public Map<String, String> settings() {
    return settings;
  }

  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** The setting's value; a missing setting is a broken ref.settings, so it fails loudly. */
  public String requiredSetting(String key) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("ref.settings has no value for '" + key + "'");
    }
    return value.strip();
  }

  public ZoneId businessTimeZone() {
    String value = requiredSetting(BUSINESS_TIME_ZONE);
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalStateException(
          "ref.settings '" + BUSINESS_TIME_ZONE + "' is not a time zone: '" + value + "'", e);
    }
  }

  /** The tax rate (a fraction, scale as stored) for countries and categories not in ref.tax_rates. */
  public BigDecimal defaultTaxRate() {
    String value = requiredSetting(DEFAULT_TAX_RATE);
    try {
      BigDecimal rate = new BigDecimal(value);
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
        throw new IllegalStateException(
            "ref.settings '" + DEFAULT_TAX_RATE + "' must be a fraction in [0, 1), got " + value);
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "ref.settings '" + DEFAULT_TAX_RATE + "' is not a number: '" + value + "'", e);
    }
  }

  /** ISO alpha-2 of the shop's own country: shipping there is 'domestic'. */
  public String homeCountry() {
    return requiredSetting(HOME_COUNTRY).toUpperCase(Locale.ROOT);
  }

  /** The reorder level used when a product has none. */
  public int lowStockDefault() {
    String value = requiredSetting(LOW_STOCK_DEFAULT);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "ref.settings '" + LOW_STOCK_DEFAULT + "' is not an integer: '" + value + "'", e);
    }
  }

  /** The shipping method priced when an order's method is missing or unknown. */
  public String defaultShippingMethod() {
    return requiredSetting(DEFAULT_SHIPPING_METHOD);
  }

  /** The largest quantity an order line may have (larger: QUANTITY_TOO_LARGE). */
  public int maxLineQuantity() {
    return positiveInt(MAX_LINE_QUANTITY);
  }

  /** The longest free text, in characters after cleaning (longer: TEXT_TOO_LONG). */
  public int maxTextLength() {
    return positiveInt(MAX_TEXT_LENGTH);
  }

  private int positiveInt(String key) {
    String value = requiredSetting(key);
    try {
      int n = Integer.parseInt(value.strip());
      if (n <= 0) {
        throw new IllegalStateException("ref.settings '" + key + "' must be a positive integer, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("ref.settings '" + key + "' is not an integer: '" + value + "'", e);
    }
  }

  /**
   * Reads every setting the rules use, so that a run with a broken ref.settings fails at its
   * start rather than at its first row.
   *
   * @return this snapshot
   * @throws IllegalStateException naming the first missing or malformed setting
   */
  public ReferenceData requireSettings() {
    businessTimeZone();
    defaultTaxRate();
    homeCountry();
    lowStockDefault();
    defaultShippingMethod();
    maxLineQuantity();
    maxTextLength();
    return this;
  }

  // ---- rows ----------------------------------------------------------------------------------

  public List<Country> countries() {
    return countries;
  }

  public List<CountryAlias> countryAliases() {
    return countryAliases;
  }

  public List<Category> categories() {
    return categories;
  }

  public List<TaxRate> taxRates() {
    return taxRates;
  }

  public List<ShippingRate> shippingRates() {
    return shippingRates;
  }

  public List<StatusMapping> statusMappings() {
    return statusMappings;
  }

  public List<FailureReason> failureReasons() {
    return failureReasons;
  }

  /** Age bands ordered by min_age. */
  public List<AgeBand> ageBands() {
    return ageBands;
  }

  // ---- lookups -------------------------------------------------------------------------------

  /** The country with this ISO alpha-2 code (any case). */
  public Optional<Country> countryByCode(String alpha2) {
    return alpha2 == null
        ? Optional.empty()
        : Optional.ofNullable(countryByCode.get(alpha2.strip().toUpperCase(Locale.ROOT)));
  }

  /**
   * The country whose alpha-2, alpha-3, name or alias has this {@link MatchKeys#loose} key. On a
   * clash the alpha-2 code wins over alpha-3, which wins over the name, which wins over aliases.
   */
  public Optional<Country> countryByLooseKey(String looseKey) {
    return looseKey == null ? Optional.empty() : Optional.ofNullable(countryByLooseKey.get(looseKey));
  }

  /**
   * A row for this category ({@link MatchKeys#caseless} key) with its canonical spelling and
   * department; its subcategory is the first of that category, so callers use only department
   * and category from it.
   */
  public Optional<Category> categoryByKey(String categoryKey) {
    return categoryKey == null ? Optional.empty() : Optional.ofNullable(categoryByKey.get(categoryKey));
  }

  /** The ref.categories row for this (category, subcategory), both {@link MatchKeys#caseless} keys. */
  public Optional<Category> subcategoryByKeys(String categoryKey, String subcategoryKey) {
    if (categoryKey == null || subcategoryKey == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(subcategoryByKeys.get(new PairKey(categoryKey, subcategoryKey)));
  }

  /**
   * The ref.tax_rates rate for a country (alpha-2) and a category ({@link MatchKeys#caseless}
   * key, or {@link TaxRate#ANY_CATEGORY}).
   */
  public Optional<BigDecimal> taxRate(String countryCode, String categoryKey) {
    if (countryCode == null || categoryKey == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(taxRateByCountryAndCategory.get(
        new PairKey(countryCode.strip().toUpperCase(Locale.ROOT), categoryKey)));
  }

  /** The canonical name of the shipping method with this {@link MatchKeys#phrase} key. */
  public Optional<String> shippingMethodByKey(String methodKey) {
    return methodKey == null ? Optional.empty() : Optional.ofNullable(shippingMethodByKey.get(methodKey));
  }

  /** The rate of a shipping method ({@link MatchKeys#phrase} key) in a zone. */
  public Optional<ShippingRate> shippingRate(String methodKey, String zone) {
    if (methodKey == null || zone == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(shippingRateByMethodAndZone.get(new PairKey(methodKey, zone)));
  }

  /** The canonical status of a {@link MatchKeys#phrase}-normalized source status. */
  public Optional<String> statusByKey(String statusKey) {
    return statusKey == null ? Optional.empty() : Optional.ofNullable(statusByKey.get(statusKey));
  }

  /** The canonical failure reason of a {@link MatchKeys#phrase}-normalized source text. */
  public Optional<FailureReason> failureReasonByKey(String reasonKey) {
    return reasonKey == null ? Optional.empty() : Optional.ofNullable(failureReasonByKey.get(reasonKey));
  }

  // ---- index building ------------------------------------------------------------------------

  private record PairKey(String first, String second) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static Map<String, Country> indexCountriesByCode(List<Country> countries) {
    Map<String, Country> index = new HashMap<>();
    for (Country c : countries) {
      putUnique(index, c.code().strip().toUpperCase(Locale.ROOT), c, "ref.countries code");
    }
    return Map.copyOf(index);
  }

  private static Map<String, Country> indexCountriesByAnySpelling(
      List<Country> countries, List<CountryAlias> aliases, Map<String, Country> byCode) {
    // One tier per kind of spelling; an earlier tier wins a clash with a later one.
    List<Map<String, Country>> tiers = List.of(
        new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    for (Country c : countries) {
      putUniqueCountry(tiers.get(0), MatchKeys.loose(c.code()), c, "code", c.code());
      putUniqueCountry(tiers.get(1), MatchKeys.loose(c.alpha3()), c, "alpha3", c.alpha3());
      putUniqueCountry(tiers.get(2), MatchKeys.loose(c.name()), c, "name", c.name());
    }
    for (CountryAlias a : aliases) {
      Country c = byCode.get(a.code().strip().toUpperCase(Locale.ROOT));
      if (c == null) {
        throw new IllegalArgumentException(
            "ref.country_aliases '" + a.alias() + "' points to unknown country '" + a.code() + "'");
      }
      putUniqueCountry(tiers.get(3), MatchKeys.loose(a.alias()), c, "alias", a.alias());
    }
    Map<String, Country> index = new LinkedHashMap<>();
    tiers.forEach(tier -> tier.forEach(index::putIfAbsent));
    return Map.copyOf(index);
  }

  private static void putUniqueCountry(
      Map<String, Country> tier, String key, Country country, String kind, String spelling) {
    if (key == null) {
      return;
    }
    Country previous = tier.putIfAbsent(key, country);
    if (previous != null && !previous.code().equals(country.code())) {
      throw new IllegalArgumentException("country " + kind + " '" + spelling + "' matches both "
          + previous.code() + " and " + country.code() + " once case, accents and punctuation are ignored");
    }
  }

  private static Map<String, Category> indexCategories(List<Category> categories) {
    // Sorted so that a category listed under two departments resolves the same way every run.
    List<Category> sorted = new ArrayList<>(categories);
    sorted.sort(Comparator.comparing(Category::department).thenComparing(Category::subcategory));
    Map<String, Category> index = new HashMap<>();
    for (Category c : sorted) {
      String key = MatchKeys.caseless(c.category());
      if (key != null) {
        index.putIfAbsent(key, c);
      }
    }
    return Map.copyOf(index);
  }

  private static Map<PairKey, Category> indexSubcategories(List<Category> categories) {
    Map<PairKey, Category> index = new HashMap<>();
    for (Category c : categories) {
      String category = MatchKeys.caseless(c.category());
      String subcategory = MatchKeys.caseless(c.subcategory());
      if (category != null && subcategory != null) {
        putUnique(index, new PairKey(category, subcategory), c, "ref.categories (category, subcategory)");
      }
    }
    return Map.copyOf(index);
  }

  private static Map<PairKey, BigDecimal> indexTaxRates(
      List<TaxRate> rates, Map<String, Country> byCode) {
    Map<PairKey, BigDecimal> index = new HashMap<>();
    for (TaxRate r : rates) {
      String country = r.countryCode().strip().toUpperCase(Locale.ROOT);
      if (!byCode.containsKey(country)) {
        throw new IllegalArgumentException("ref.tax_rates names unknown country '" + r.countryCode() + "'");
      }
      String category = TaxRate.ANY_CATEGORY.equals(r.category().strip())
          ? TaxRate.ANY_CATEGORY
          : MatchKeys.caseless(r.category());
      putUnique(index, new PairKey(country, category), r.rate(), "ref.tax_rates (country, category)");
    }
    return Map.copyOf(index);
  }

  private static Map<String, String> indexShippingMethods(List<ShippingRate> rates) {
    Map<String, String> index = new HashMap<>();
    for (ShippingRate r : rates) {
      String key = MatchKeys.phrase(r.method());
      if (key != null) {
        index.putIfAbsent(key, r.method());
      }
    }
    return Map.copyOf(index);
  }

  private static Map<PairKey, ShippingRate> indexShippingRates(List<ShippingRate> rates) {
    Map<PairKey, ShippingRate> index = new HashMap<>();
    for (ShippingRate r : rates) {
      String key = MatchKeys.phrase(r.method());
      if (key != null) {
        putUnique(index, new PairKey(key, r.zone()), r, "ref.shipping_rates (method, zone)");
      }
    }
    return Map.copyOf(index);
  }

  private static Map<String, String> indexStatuses(List<StatusMapping> mappings) {
    Map<String, String> index = new HashMap<>();
    for (StatusMapping m : mappings) {
      String key = MatchKeys.phrase(m.rawStatus());
      if (key != null) {
        String previous = index.putIfAbsent(key, m.status());
        if (previous != null && !previous.equals(m.status())) {
          throw new IllegalArgumentException("ref.status_map '" + m.rawStatus() + "' maps to both '"
              + previous + "' and '" + m.status() + "' once normalized");
        }
      }
    }
    return Map.copyOf(index);
  }

  private static Map<String, FailureReason> indexFailureReasons(List<FailureReason> reasons) {
    Map<String, FailureReason> index = new HashMap<>();
    for (FailureReason r : reasons) {
      String key = MatchKeys.phrase(r.rawReason());
      if (key != null) {
        FailureReason previous = index.putIfAbsent(key, r);
        if (previous != null && !previous.reasonCode().equals(r.reasonCode())) {
          throw new IllegalArgumentException("ref.failure_reasons '" + r.rawReason() + "' maps to both '"
              + previous.reasonCode() + "' and '" + r.reasonCode() + "' once normalized");
        }
      }
    }
    return Map.copyOf(index);
  }

  private static <K, V> void putUnique(Map<K, V> index, K key, V value, String what) {
    V previous = index.putIfAbsent(key, value);
    if (previous != null && !previous.equals(value)) {
      throw new IllegalArgumentException(what + " " + key + " is listed twice: " + previous + ", " + value);
    }
  }

  // ---- builder -------------------------------------------------------------------------------

  /** Collects rows (from the loader, or from a test) and builds the snapshot. */
  public static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Country> countries = new ArrayList<>();
    private final List<CountryAlias> countryAliases = new ArrayList<>();
    private final List<Category> categories = new ArrayList<>();
    private final List<TaxRate> taxRates = new ArrayList<>();
    private final List<ShippingRate> shippingRates = new ArrayList<>();
    private final List<StatusMapping> statusMappings = new ArrayList<>();
    private final List<FailureReason> failureReasons = new ArrayList<>();
    private final List<AgeBand> ageBands = new ArrayList<>();

    private Builder() {}

    public Builder setting(String key, String value) {
      settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder country(String code, String alpha3, String name, String region, String subregion) {
      countries.add(new Country(code, alpha3, name, region, subregion));
      return this;
    }

    public Builder countryAlias(String alias, String code, String language) {
      countryAliases.add(new CountryAlias(alias, code, language));
      return this;
    }

    public Builder category(String department, String category, String subcategory) {
      categories.add(new Category(department, category, subcategory));
      return this;
    }

    public Builder taxRate(String countryCode, String category, BigDecimal rate) {
      taxRates.add(new TaxRate(countryCode, category, rate));
      return this;
    }

    public Builder shippingRate(
        String method, String zone, BigDecimal fee, BigDecimal freeThreshold, int slaBusinessDays) {
      shippingRates.add(new ShippingRate(method, zone, fee, freeThreshold, slaBusinessDays));
      return this;
    }

    public Builder statusMapping(String rawStatus, String status, String language) {
      statusMappings.add(new StatusMapping(rawStatus, status, language));
      return this;
    }

    public Builder failureReason(String rawReason, String reasonCode, String description) {
      failureReasons.add(new FailureReason(rawReason, reasonCode, description));
      return this;
    }

    public Builder ageBand(String band, int minAge, Integer maxAge) {
      ageBands.add(new AgeBand(band, minAge, maxAge));
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @throws IllegalArgumentException when rows contradict each other (an alias of an unknown
     *     country, two spellings that normalize alike but name different things)
     */
    public ReferenceData build() {
      return new ReferenceData(this);
    }
  }
}
