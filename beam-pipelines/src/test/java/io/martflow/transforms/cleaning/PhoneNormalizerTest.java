package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNormalizerTest {

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "(650) 253-0000|US|+16502530000",
      "650.253.0000|US|+16502530000",
      "+1 650 253 0000|DE|+16502530000",
      "020 7031 3000|GB|+442070313000",
      "+44 (0)20 7031 3000|GB|+442070313000",
      "030 123456|DE|+4930123456",
      "0049 30 123456|DE|+4930123456",
      "01 23 45 67 89|FR|+33123456789",
      "06 12 34 56 78|fr|+33612345678",
      "(11) 96123-4567|BR|+5511961234567",
      "081234 56789|IN|+918123456789",
      "03-1234-5678|JP|+81312345678",
      "+81 3-1234-5678|NULL|+81312345678",
  })
  void validNumbersAreFormattedAsE164(String raw, String region, String e164) {
    assertThat(PhoneNormalizer.normalize(raw, region), equalTo(new PhoneResult(e164, true)));
  }

  @ParameterizedTest(name = "{0} in {1} is invalid")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "12345|US",
      "555-0000|US",
      "not a phone|US",
      "020 7031 3000|NULL",
      "+1 000 000 0000|US",
      "0000000000|DE",
  })
  void invalidNumbersBecomeNullAndNotValid(String raw, String region) {
    assertThat(PhoneNormalizer.normalize(raw, region), equalTo(new PhoneResult(null, false)));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   "})
  void missingPhoneIsNotValid(String raw) {
    assertThat(PhoneNormalizer.normalize(raw, "US"), equalTo(new PhoneResult(null, false)));
  }

  /**
   * The larger pattern caches are in place in this library version (a version that moved its
   * internals would silently keep caches of 100: the customers load would slow down, nothing else).
   */
  @org.junit.jupiter.api.Test
  void theLibraryKeepsEveryRegionsPatternsCompiled() throws Exception {
    var util = PhoneNormalizer.UTIL;
    var cache = (com.google.i18n.phonenumbers.internal.RegexCache)
        PhoneNormalizer.field(com.google.i18n.phonenumbers.PhoneNumberUtil.class, "regexCache").get(util);
    var matcher = PhoneNormalizer.field(com.google.i18n.phonenumbers.PhoneNumberUtil.class, "matcherApi").get(util);
    var matcherCache = (com.google.i18n.phonenumbers.internal.RegexCache) PhoneNormalizer.field(
        com.google.i18n.phonenumbers.internal.RegexBasedMatcher.class, "regexCache").get(matcher);
    for (var c : java.util.List.of(cache, matcherCache)) {
      var lru = PhoneNormalizer.field(com.google.i18n.phonenumbers.internal.RegexCache.class, "cache").get(c);
      var size = PhoneNormalizer.field(lru.getClass(), "size").getInt(lru);
      assertThat(size, equalTo(PhoneNormalizer.REGEX_CACHE_SIZE));
    }
  }
}
