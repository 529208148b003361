package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.martflow.reference.Country;
import io.martflow.reference.ReferenceFixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CountryResolverTest {
  private final CountryResolver resolver = new CountryResolver(ReferenceFixtures.standard());

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "DE|DE",
      "de|DE",
      " deu |DE",
      "Germany|DE",
      "GERMANY|DE",
      "Deutschland|DE",
      "ALLEMAGNE|DE",
      "alemania|DE",
      "US|US",
      "usa|US",
      "u.s.a.|US",
      "U. S. A.|US",
      "united  states|US",
      "United States of America|US",
      "Estados Unidos|US",
      "México|MX",
      "mexico|MX",
      "MEXIQUE|MX",
      "Côte d’Ivoire|CI",
      "Cote d'Ivoire|CI",
      "COTE-D-IVOIRE|CI",
      "côte  d'ivoire|CI",
      "Elfenbeinkuste|CI",
      "ELFENBEINKÜSTE|CI",
      "Ivory Coast|CI",
      "uk|GB",
      "Royaume Uni|GB",
      "Espana|ES",
      "ESPAÑA|ES",
      "Brasil|BR",
      "日本|JP",
  })
  void resolvesCodesNamesAndAliasesInSeveralLanguages(String raw, String code) {
    assertThat(resolver.alpha2(raw), equalTo(code));
  }

  @Test
  void returnsTheWholeCountryRow() {
    assertThat(resolver.resolve("Deutschland"),
        equalTo(Optional.of(new Country("DE", "DEU", "Germany", "Europe", "Western Europe"))));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "Atlantis", "XX", "Germ", "D"})
  void unknownOrBlankIsEmpty(String raw) {
    assertThat(resolver.resolve(raw), equalTo(Optional.empty()));
    assertThat(resolver.alpha2(raw), nullValue());
  }
}
