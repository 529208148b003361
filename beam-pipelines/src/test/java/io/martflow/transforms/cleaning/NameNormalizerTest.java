package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "john|John",
      "JOHN|John",
      "jOHN|John",
      "  john   paul |John Paul",
      "ANNA MARIA|Anna Maria",
      "o'brien|O'Brien",
      "O'BRIEN|O'Brien",
      "o’brien|O'Brien",
      "d'angelo|D'Angelo",
      "mcdonald|McDonald",
      "MCDONALD|McDonald",
      "McDONALD|McDonald",
      "McDonald|McDonald",
      "mary-jane|Mary-Jane",
      "SMITH-JONES|Smith-Jones",
      "jean-luc o'neill-mcbride|Jean-Luc O'Neill-McBride",
      "DeShawn|DeShawn",
      "MacArthur|MacArthur",
      "macy|Macy",
      "mc|Mc",
      "ÉLODIE|Élodie",
      "józef ŁUKASZEWICZ|Józef Łukaszewicz",
      "j.r.|J.R.",
      "van der berg|Van Der Berg",
      "van der Berg|Van Der Berg",
  })
  void titleCasesNames(String raw, String expected) {
    assertThat(NameNormalizer.normalize(raw), equalTo(expected));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\t"})
  void blankNameIsNull(String raw) {
    assertThat(NameNormalizer.normalize(raw), nullValue());
  }
}
