package io.martflow.reference;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceDataTest {
  private final ReferenceData ref = ReferenceFixtures.standard();

  @Test
  void typedSettingsAreReadFromRefSettings() {
    ReferenceData data = ReferenceFixtures.builder()
        .setting(ReferenceData.BUSINESS_TIME_ZONE, "Europe/Berlin")
        .setting(ReferenceData.DEFAULT_TAX_RATE, "0.1250")
        .setting(ReferenceData.HOME_COUNTRY, " de ")
        .setting(ReferenceData.LOW_STOCK_DEFAULT, "7")
        .setting(ReferenceData.DEFAULT_SHIPPING_METHOD, "express")
        .build();
    assertThat(data.businessTimeZone(), equalTo(ZoneId.of("Europe/Berlin")));
    assertThat(data.defaultTaxRate(), equalTo(new BigDecimal("0.1250")));
    assertThat(data.homeCountry(), equalTo("DE"));
    assertThat(data.lowStockDefault(), equalTo(7));
    assertThat(data.defaultShippingMethod(), equalTo("express"));
    assertThat(data.maxLineQuantity(), equalTo(100000));
    assertThat(data.maxTextLength(), equalTo(1000));
  }

  static Stream<Arguments> brokenSettings() {
    Function<ReferenceData, Object> zone = ReferenceData::businessTimeZone;
    Function<ReferenceData, Object> tax = ReferenceData::defaultTaxRate;
    Function<ReferenceData, Object> stock = ReferenceData::lowStockDefault;
    Function<ReferenceData, Object> quantity = ReferenceData::maxLineQuantity;
    Function<ReferenceData, Object> text = ReferenceData::maxTextLength;
    return Stream.of(
        Arguments.of(ReferenceData.MAX_LINE_QUANTITY, "lots", quantity),
        Arguments.of(ReferenceData.MAX_LINE_QUANTITY, "0", quantity),
        Arguments.of(ReferenceData.MAX_TEXT_LENGTH, "-1", text),
        Arguments.of(ReferenceData.BUSINESS_TIME_ZONE, "Mars/Olympus", zone),
        Arguments.of(ReferenceData.DEFAULT_TAX_RATE, "nineteen", tax),
        Arguments.of(ReferenceData.DEFAULT_TAX_RATE, "1.5", tax),
        Arguments.of(ReferenceData.DEFAULT_TAX_RATE, "-0.1", tax),
        Arguments.of(ReferenceData.LOW_STOCK_DEFAULT, "ten", stock),
        Arguments.of(ReferenceData.LOW_STOCK_DEFAULT, "  ", stock));
  }

  @ParameterizedTest(name = "{0} = ''{1}''")
  @MethodSource("brokenSettings")
  void brokenSettingFailsNamingTheKey(String key, String value, Function<ReferenceData, Object> read) {
    ReferenceData data = ReferenceFixtures.builder().setting(key, value).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> read.apply(data));
    assertThat(e.getMessage(), containsString(key));
  }

  @Test
  void missingSettingFailsNamingTheKey() {
    ReferenceData empty = ReferenceData.builder().build();
    IllegalStateException e = assertThrows(IllegalStateException.class, empty::homeCountry);
    assertThat(e.getMessage(), containsString("home_country"));
  }

  @Test
  void requireSettingsChecksEverySettingUpFront() {
    assertThat(ref.requireSettings(), is(ref));
    ReferenceData noDefaultMethod = ReferenceData.builder()
        .setting(ReferenceData.BUSINESS_TIME_ZONE, "UTC")
        .setting(ReferenceData.DEFAULT_TAX_RATE, "0")
        .setting(ReferenceData.HOME_COUNTRY, "US")
        .setting(ReferenceData.LOW_STOCK_DEFAULT, "10")
        .build();
    IllegalStateException e = assertThrows(IllegalStateException.class, noDefaultMethod::requireSettings);
    assertThat(e.getMessage(), containsString(ReferenceData.DEFAULT_SHIPPING_METHOD));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"us, US", "US , US", "Gb, GB"})
  void countryByCodeIgnoresCaseAndSpaces(String code, String expected) {
    assertThat(ref.countryByCode(code).map(Country::code), equalTo(Optional.of(expected)));
  }

  @Test
  void unknownCodeIsEmpty() {
    assertThat(ref.countryByCode("XX"), equalTo(Optional.empty()));
    assertThat(ref.countryByCode(null), equalTo(Optional.empty()));
  }

  @Test
  void aCountryCodeWinsOverAnAliasOfAnotherCountry() {
    // 'IN' is India's code; an alias 'In' for another country must not steal it.
    ReferenceData data = ReferenceFixtures.builder().countryAlias("In", "DE", null).build();
    assertThat(data.countryByLooseKey("in").map(Country::code), equalTo(Optional.of("IN")));
  }

  @Test
  void anAliasOfAnUnknownCountryIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReferenceFixtures.builder().countryAlias("Atlantis", "AT", null).build());
    assertThat(e.getMessage(), containsString("Atlantis"));
  }

  @Test
  void twoAliasesThatNormalizeAlikeButNameDifferentCountriesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReferenceFixtures.builder().countryAlias("deutschland!", "FR", null).build());
    assertThat(e.getMessage(), containsString("deutschland!"));
  }

  @Test
  void twoStatusSpellingsThatNormalizeAlikeButMapDifferentlyAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReferenceFixtures.builder().statusMapping("Payment-Failed", "cancelled", "en").build());
    assertThat(e.getMessage(), containsString("Payment-Failed"));
  }

  @Test
  void aTaxRateOfAnUnknownCountryIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceFixtures.builder().taxRate("ZZ", "*", BigDecimal.ZERO).build());
  }

  @Test
  void aShippingRateInAnUnknownZoneIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceFixtures.builder().shippingRate("standard", "moon", BigDecimal.ONE, null, 3));
  }

  @Test
  void ageBandsAreOrderedByMinAge() {
    assertThat(ref.ageBands().stream().map(AgeBand::band).toList(),
        contains("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"));
  }

  @Test
  void rowListsCannotBeChanged() {
    assertThrows(UnsupportedOperationException.class,
        () -> ref.countries().add(new Country("XX", "XXX", "X", "X", null)));
    assertThrows(UnsupportedOperationException.class, () -> ref.settings().put("k", "v"));
  }

  @Test
  void survivesJavaSerializationAsABeamSideInputDoes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ref);
    }
    ReferenceData copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ReferenceData) in.readObject();
    }
    assertThat(copy.countryByLooseKey("deutschland").map(Country::code), equalTo(Optional.of("DE")));
    assertThat(copy.statusByKey("versandt"), equalTo(Optional.of("shipped")));
    assertThat(copy.taxRate("DE", "books"), equalTo(Optional.of(new BigDecimal("0.0700"))));
    assertThat(copy.shippingRate("next day", "domestic").map(ShippingRate::slaBusinessDays),
        equalTo(Optional.of(1)));
    assertThat(copy.countries(), hasSize(ref.countries().size()));
    assertThat(copy.homeCountry(), is("US"));
  }
}
