package io.martflow.transforms.pricing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.reference.ReferenceFixtures;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaxRatesTest {
  private final TaxRates taxRates = new TaxRates(ReferenceFixtures.standard());

  @ParameterizedTest(name = "line {0}, {1}, {2} -> {3}")
  @CsvSource(nullValues = "NULL", value = {
      // the line's own rate wins, even 0
      "0.2500, DE, Books, 0.2500",
      "0, DE, Books, 0.0000",
      // (country, category), case-insensitive
      "NULL, DE, Books, 0.0700",
      "NULL, DE, BOOKS, 0.0700",
      // (country, '*')
      "NULL, DE, Kitchen, 0.1900",
      "NULL, DE, NULL, 0.1900",
      "NULL, GB, Books, 0.2000",
      // default_tax_rate
      "NULL, JP, Books, 0.0500",
      "NULL, NULL, Books, 0.0500",
  })
  void picksLineRateThenCountryCategoryThenCountryThenDefault(
      BigDecimal lineRate, String country, String category, String expected) {
    assertThat(taxRates.rateFor(lineRate, country, category), equalTo(new BigDecimal(expected)));
  }
}
