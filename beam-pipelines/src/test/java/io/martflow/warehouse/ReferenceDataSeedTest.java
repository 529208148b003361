package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.martflow.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reference data seeded by V2_4 is complete and consistent enough for the pipelines to rely on. */
class ReferenceDataSeedTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private static final Set<String> STATUSES = Set.of("pending", "paid", "processing", "shipped", "delivered",
      "cancelled", "returned", "refunded", "payment_failed");
  private static final Set<String> REASON_CODES = Set.of("CARD_DECLINED", "INSUFFICIENT_FUNDS", "CARD_EXPIRED",
      "FRAUD_SUSPECTED", "ADDRESS_INVALID", "OUT_OF_STOCK", "CUSTOMER_CANCELLED", "PAYMENT_TIMEOUT", "OTHER");
  private static final Set<String> REGIONS = Set.of("Africa", "Asia", "Europe", "North America", "South America",
      "Oceania", "Antarctica");

  // ---------------------------------------------------------------- countries

  @Test
  void everyIsoCountryIsThereWithWellFormedUniqueCodes() throws SQLException {
    List<List<String>> rows = rows("select code, alpha3, name, region from ref.countries");
    assertThat(rows.size(), greaterThanOrEqualTo(240));
    List<String> alpha2 = column(rows, 0);
    List<String> alpha3 = column(rows, 1);
    assertThat(alpha2, everyItem(matchesPattern("[A-Z]{2}")));
    assertThat(alpha3, everyItem(matchesPattern("[A-Z]{3}")));
    assertThat(new TreeSet<>(alpha2).size(), equalTo(rows.size()));
    assertThat(new TreeSet<>(alpha3).size(), equalTo(rows.size()));
    assertThat(column(rows, 3), everyItem(in(REGIONS)));
    Set<String> names = new TreeSet<>();
    for (String name : column(rows, 2)) {
      assertThat("duplicate country name " + name, names.add(normalizeName(name)), equalTo(true));
    }
  }

  @Test
  void countriesCarryTheirIsoCodesAndRegions() throws SQLException {
    Map<String, String> byCode = new HashMap<>();
    for (List<String> r : rows("select code, alpha3 || '|' || region || '|' || coalesce(subregion, '-') from ref.countries")) {
      byCode.put(r.get(0), r.get(1));
    }
    assertThat(byCode.get("DE"), equalTo("DEU|Europe|Western Europe"));
    assertThat(byCode.get("GB"), equalTo("GBR|Europe|Northern Europe"));
    assertThat(byCode.get("US"), equalTo("USA|North America|Northern America"));
    assertThat(byCode.get("MX"), equalTo("MEX|North America|Central America"));
    assertThat(byCode.get("BR"), equalTo("BRA|South America|South America"));
    assertThat(byCode.get("JP"), equalTo("JPN|Asia|Eastern Asia"));
    assertThat(byCode.get("AU"), equalTo("AUS|Oceania|Australia and New Zealand"));
    assertThat(byCode.get("ZA"), equalTo("ZAF|Africa|Southern Africa"));
    assertThat(byCode.get("AT"), equalTo("AUT|Europe|Western Europe"));
    assertThat(byCode.get("AQ"), equalTo("ATA|Antarctica|-"));
    // A subregion belongs to one region only.
    assertThat(rows("select subregion from ref.countries where subregion is not null group by subregion"
        + " having count(distinct region) > 1"), empty());
  }

  // ---------------------------------------------------------------- aliases

  @Test
  void noAliasRepeatsAnotherAliasOrACountryNameOnceNormalized() throws SQLException {
    Map<String, String> seen = new HashMap<>();
    for (List<String> r : rows("select name, code from ref.countries")) {
      seen.put(normalizeName(r.get(0)), "name " + r.get(0) + " (" + r.get(1) + ")");
    }
    List<String> clashes = new ArrayList<>();
    for (List<String> r : rows("select alias, code from ref.country_aliases order by alias")) {
      String key = normalizeName(r.get(0));
      String previous = seen.putIfAbsent(key, "alias " + r.get(0) + " (" + r.get(1) + ")");
      if (previous != null) {
        clashes.add(r.get(0) + " (" + r.get(1) + ") = " + previous);
      }
    }
    assertThat(clashes, empty());
  }

  /**
   * The resolver compares codes, names and aliases under a looser key (spaces ignored too, and
   * letters such as ß folded): an alias whose key is another country's code, alpha-3, name or
   * alias would make loading the reference data fail or resolve to the wrong country.
   */
  @Test
  void noAliasMeetsAnotherCountryUnderTheResolversLooseKey() throws SQLException {
    Map<String, String> owner = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (List<String> r : rows("select code, code from ref.countries union all select alpha3, code from ref.countries"
        + " union all select name, code from ref.countries union all select alias, code from ref.country_aliases")) {
      String previous = owner.putIfAbsent(looseKey(r.get(0)), r.get(1));
      if (previous != null && !previous.equals(r.get(1))) {
        clashes.add(r.get(0) + " (" + r.get(1) + ") meets " + previous);
      }
    }
    assertThat(clashes, empty());
  }

  @Test
  void aliasesCoverTheMainECommerceCountriesInSeveralLanguages() throws SQLException {
    assertThat(count("select count(distinct code) from ref.country_aliases where language <> 'en'"),
        greaterThanOrEqualTo(40L));
    assertThat(column(rows("select distinct language from ref.country_aliases where language is not null"), 0),
        allOf(everyItem(matchesPattern("[a-z]{2}")), hasItems("en", "de", "fr", "es", "it", "pt", "nl", "pl")));
    assertThat(count("select count(*) from ref.country_aliases a left join ref.countries c using (code)"
        + " where c.code is null"), equalTo(0L));

    Map<String, String> aliases = new HashMap<>();
    for (List<String> r : rows("select alias, code from ref.country_aliases")) {
      aliases.put(r.get(0), r.get(1));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("USA", "US");
    expected.put("America", "US");
    expected.put("UK", "GB");
    expected.put("Great Britain", "GB");
    expected.put("England", "GB");
    expected.put("Deutschland", "DE");
    expected.put("España", "ES");
    expected.put("Österreich", "AT");
    expected.put("Nederland", "NL");
    expected.put("Holland", "NL");
    expected.put("Polska", "PL");
    expected.put("Sverige", "SE");
    expected.put("Italia", "IT");
    expected.put("Schweiz", "CH");
    expected.put("Suisse", "CH");
    expected.put("Svizzera", "CH");
    expected.put("Brasil", "BR");
    expected.put("Nippon", "JP");
    expected.put("日本", "JP");
    expected.put("中国", "CN");
    expected.put("Россия", "RU");
    expected.put("Russia", "RU");
    expected.put("South Korea", "KR");
    expected.put("Republic of Korea", "KR");
    expected.put("Turkey", "TR");
    expected.put("Czech Republic", "CZ");
    expected.put("Ivory Coast", "CI");
    expected.put("United States of America", "US");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat("alias " + e.getKey(), aliases.get(e.getKey()), equalTo(e.getValue()));
    }
    // Ambiguous names resolve to nothing rather than to a guess.
    assertThat(aliases.get("Korea"), nullValue());
    assertThat(aliases.get("Congo"), nullValue());
  }

  // ---------------------------------------------------------------- categories

  @Test
  void theCatalogHasARealisticShapeAndUniqueCategoryNames() throws SQLException {
    assertThat(count("select count(distinct department) from ref.categories"),
        allOf(greaterThanOrEqualTo(8L), lessThanOrEqualTo(12L)));
    assertThat(count("select count(distinct category) from ref.categories"),
        allOf(greaterThanOrEqualTo(35L), lessThanOrEqualTo(50L)));
    assertThat(count("select count(*) from ref.categories"), allOf(greaterThanOrEqualTo(120L), lessThanOrEqualTo(200L)));
    // A category name belongs to one department, even compared case-insensitively.
    assertThat(rows("select lower(category) from ref.categories group by lower(category)"
        + " having count(distinct department) > 1"), empty());
    // Products match (category, subcategory) case-insensitively: no two rows may match the same product.
    assertThat(rows("select lower(category), lower(subcategory) from ref.categories"
        + " group by 1, 2 having count(*) > 1"), empty());
    assertThat(rows("select department from ref.categories where department <> btrim(department)"
        + " or category <> btrim(category) or subcategory <> btrim(subcategory) or subcategory = ''"), empty());
    assertThat(count("select count(*) from ref.categories where department = 'Electronics' and category = 'Computers'"
        + " and subcategory = 'Laptops'"), equalTo(1L));
  }

  // ---------------------------------------------------------------- tax

  @Test
  void taxRatesCoverThirtyCountriesAndReferToKnownCountriesAndCategories() throws SQLException {
    assertThat(count("select count(*) from ref.tax_rates where category = '*'"), greaterThanOrEqualTo(30L));
    assertThat(count("select count(*) from ref.tax_rates t left join ref.countries c on c.code = t.country_code"
        + " where c.code is null"), equalTo(0L));
    assertThat(column(rows("select distinct t.category from ref.tax_rates t where t.category <> '*'"
        + " and not exists (select 1 from ref.categories c where c.category = t.category)"), 0), empty());
    // A reduced rate is never above the country's standard rate, and every country with one has a standard rate.
    assertThat(rows("select r.country_code, r.category from ref.tax_rates r left join ref.tax_rates s"
        + " on s.country_code = r.country_code and s.category = '*'"
        + " where r.category <> '*' and (s.rate is null or r.rate > s.rate)"), empty());
    assertThat(decimal("select rate from ref.tax_rates where country_code = 'DE' and category = '*'"),
        equalTo(new BigDecimal("0.1900")));
    assertThat(decimal("select rate from ref.tax_rates where country_code = 'GB' and category = 'Books'"),
        equalTo(new BigDecimal("0.0000")));
    assertThat(count("select count(*) from ref.tax_rates where country_code = 'US' and category = '*'"), equalTo(1L));
  }

  // ---------------------------------------------------------------- status map

  @Test
  void everyRawStatusIsNormalizedAndMapsToACanonicalStatus() throws SQLException {
    List<List<String>> rows = rows("select raw_status, status, language from ref.status_map");
    assertThat(column(rows, 1), everyItem(in(STATUSES)));
    List<String> notNormalized = new ArrayList<>();
    for (String raw : column(rows, 0)) {
      if (!raw.equals(normalizeStatus(raw))) {
        notNormalized.add(raw);
      }
    }
    assertThat(notNormalized, empty());
    // Each canonical status maps to itself, in its normalized spelling.
    Map<String, String> map = new HashMap<>();
    rows.forEach(r -> map.put(r.get(0), r.get(1)));
    for (String status : STATUSES) {
      assertThat(status, map.get(normalizeStatus(status)), equalTo(status));
    }
    assertThat(new TreeSet<>(column(rows, 2)), hasItems("en", "de", "fr", "es", "it", "pt", "nl", "pl"));
    assertThat(count("select count(distinct language) from ref.status_map"), greaterThanOrEqualTo(5L));
  }

  @Test
  void statusSynonymsAndOtherLanguagesMapAsExpectedAndUnknownWordsStayUnknown() throws SQLException {
    Map<String, String> map = new HashMap<>();
    rows("select raw_status, status from ref.status_map").forEach(r -> map.put(r.get(0), r.get(1)));
    Map<String, String> expected = new LinkedHashMap<>();
    for (String s : List.of("placed", "new", "awaiting payment", "on hold")) {
      expected.put(s, "pending");
    }
    for (String s : List.of("completed", "geliefert", "livré", "entregado", "consegnato", "entregue", "geleverd",
        "dostarczone")) {
      expected.put(s, "delivered");
    }
    for (String s : List.of("dispatched", "in transit", "out for delivery", "versandt", "expédié", "enviado",
        "spedito", "verzonden", "wysłane")) {
      expected.put(s, "shipped");
    }
    for (String s : List.of("canceled", "void", "storniert", "annulé", "cancelado", "annullato", "geannuleerd",
        "anulowane")) {
      expected.put(s, "cancelled");
    }
    for (String s : List.of("bezahlt", "payé", "pagado", "pagato", "betaald", "opłacone")) {
      expected.put(s, "paid");
    }
    expected.put("refund", "refunded");
    expected.put("chargeback", "refunded");
    expected.put("rma", "returned");
    for (String s : List.of("declined", "payment declined", "failed payment")) {
      expected.put(s, "payment_failed");
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat("raw status " + e.getKey(), map.get(e.getKey()), equalTo(e.getValue()));
    }
    for (String unknown : List.of("lost", "unknown", "test")) {
      assertThat("raw status " + unknown, map.get(unknown), nullValue());
    }
  }

  // ---------------------------------------------------------------- failure reasons

  @Test
  void failureReasonsAreNormalizedAndUseTheCanonicalCodes() throws SQLException {
    List<List<String>> rows = rows("select raw_reason, reason_code, description from ref.failure_reasons");
    assertThat(new TreeSet<>(column(rows, 1)), equalTo(new TreeSet<>(REASON_CODES)));
    List<String> bad = new ArrayList<>();
    for (List<String> r : rows) {
      if (!r.get(0).equals(normalizeStatus(r.get(0))) || r.get(2).isBlank()) {
        bad.add(r.get(0));
      }
    }
    assertThat(bad, empty());
    Map<String, String> map = new HashMap<>();
    rows.forEach(r -> map.put(r.get(0), r.get(1)));
    assertThat(map.get("card declined"), equalTo("CARD_DECLINED"));
    assertThat(map.get("insufficient funds"), equalTo("INSUFFICIENT_FUNDS"));
    assertThat(map.get("expired card"), equalTo("CARD_EXPIRED"));
    assertThat(map.get("fraud suspected"), equalTo("FRAUD_SUSPECTED"));
    assertThat(map.get("address not found"), equalTo("ADDRESS_INVALID"));
    assertThat(map.get("out of stock"), equalTo("OUT_OF_STOCK"));
    assertThat(map.get("customer cancelled"), equalTo("CUSTOMER_CANCELLED"));
    assertThat(map.get("payment timeout"), equalTo("PAYMENT_TIMEOUT"));
    assertThat(map.get("karte abgelehnt"), equalTo("CARD_DECLINED"));
    // One description per reason code.
    assertThat(rows("select reason_code from ref.failure_reasons group by reason_code"
        + " having count(distinct description) > 1"), empty());
  }

  // ---------------------------------------------------------------- shipping

  @Test
  void everyShippingMethodHasBothZonesAndSensibleTerms() throws SQLException {
    assertThat(column(rows("select method from ref.shipping_rates group by method"
        + " having count(*) filter (where zone = 'domestic') = 1"
        + " and count(*) filter (where zone = 'international') = 1"), 0),
        containsInAnyOrder("standard", "express", "next_day", "economy", "pickup"));
    assertThat(count("select count(*) from ref.shipping_rates"), equalTo(10L));
    assertThat(rows("select zone from ref.shipping_rates where method = 'pickup' and fee <> 0"), empty());
    assertThat(rows("select zone from ref.shipping_rates where method in ('express', 'next_day')"
        + " and free_threshold is not null"), empty());
    assertThat(rows("select zone from ref.shipping_rates where method in ('standard', 'economy')"
        + " and free_threshold is null"), empty());
    // International never ships faster or cheaper than domestic with the same method.
    assertThat(rows("select d.method from ref.shipping_rates d join ref.shipping_rates i using (method)"
        + " where d.zone = 'domestic' and i.zone = 'international'"
        + " and (i.fee < d.fee or i.sla_business_days < d.sla_business_days"
        + " or i.free_threshold < d.free_threshold)"), empty());
    // Faster methods cost more.
    assertThat(rows("select zone from ref.shipping_rates group by zone having not ("
        + " max(fee) filter (where method = 'economy') < max(fee) filter (where method = 'standard')"
        + " and max(fee) filter (where method = 'standard') < max(fee) filter (where method = 'express')"
        + " and max(fee) filter (where method = 'express') < max(fee) filter (where method = 'next_day'))"), empty());
  }

  // ---------------------------------------------------------------- age bands and settings

  @Test
  void ageBandsAreContiguousFromZeroWithoutGapsOrOverlaps() throws SQLException {
    List<List<String>> bands = rows("select band, min_age::text, max_age::text from ref.age_bands order by min_age");
    assertThat(column(bands, 0), equalTo(List.of("<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")));
    assertThat(bands.get(0).get(1), equalTo("0"));
    for (int i = 1; i < bands.size(); i++) {
      String previousMax = bands.get(i - 1).get(2);
      assertThat("band " + bands.get(i - 1).get(0) + " must have an upper bound", previousMax, not(nullValue()));
      assertThat("band " + bands.get(i).get(0) + " starts right after the previous one",
          Integer.parseInt(bands.get(i).get(1)), equalTo(Integer.parseInt(previousMax) + 1));
    }
    assertThat(bands.get(bands.size() - 1).get(2), nullValue());
  }

  @Test
  void settingsAreConsistentWithTheOtherReferenceTables() throws SQLException {
    Map<String, String> settings = new HashMap<>();
    rows("select key, value from ref.settings").forEach(r -> settings.put(r.get(0), r.get(1)));
    assertThat(settings.keySet(), containsInAnyOrder("business_time_zone", "default_tax_rate", "home_country",
        "low_stock_default", "default_shipping_method", "max_line_quantity", "max_text_length"));
    assertThat(settings.get("business_time_zone"), equalTo("UTC"));
    assertThat(new BigDecimal(settings.get("default_tax_rate")), equalTo(new BigDecimal("0.0000")));
    assertThat(Integer.parseInt(settings.get("low_stock_default")), equalTo(10));
    assertThat(count("select count(*) from ref.countries where code = '" + settings.get("home_country") + "'"),
        equalTo(1L));
    assertThat(count("select count(*) from ref.shipping_rates where method = '"
        + settings.get("default_shipping_method") + "'"), equalTo(2L));
    assertThat(count("select count(*) from pg_timezone_names where name = '"
        + settings.get("business_time_zone") + "'"), equalTo(1L));
  }

  // ---------------------------------------------------------------- helpers

  /** Case-, accent- and punctuation-insensitive form of a country name or alias. */
  static String normalizeName(String s) {
    String noAccents = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    return noAccents.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}]+", "").replaceAll("\\s+", " ").strip();
  }

  /** The resolver's key: no accents, lower case, a few letters folded, only letters and digits. */
  static String looseKey(String s) {
    String folded = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT)
        .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("đ", "d")
        .replace("ð", "d").replace("ł", "l").replace("þ", "th").replace("ı", "i");
    StringBuilder key = new StringBuilder();
    folded.codePoints().filter(Character::isLetterOrDigit).forEach(key::appendCodePoint);
    return key.toString();
  }

  /** The pipeline's normalization of a raw status or failure text. */
  static String normalizeStatus(String s) {
    String nfc = Normalizer.normalize(s, Normalizer.Form.NFC);
    return nfc.strip().toLowerCase(Locale.ROOT).replaceAll("[-_]", " ").replaceAll("\\s+", " ").strip();
  }

  private static List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> column(List<List<String>> rows, int index) {
    List<String> values = new ArrayList<>(rows.size());
    rows.forEach(r -> values.add(r.get(index)));
    return values;
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(rows(sql).get(0).get(0));
  }

  private static BigDecimal decimal(String sql) throws SQLException {
    return new BigDecimal(rows(sql).get(0).get(0));
  }
}
