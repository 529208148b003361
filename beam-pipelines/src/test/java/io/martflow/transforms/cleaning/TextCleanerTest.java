package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextCleanerTest {

  static Stream<Arguments> dirtyText() {
    return Stream.of(
        Arguments.of("  Berlin  ", "Berlin"),
        Arguments.of("New    York", "New York"),
        Arguments.of("New\tYork\r\nCity", "New York City"),
        Arguments.of("\u00a0Paris\u2003Nord\u00a0", "Paris Nord"),
        Arguments.of("Ber\u0000lin\u0007", "Berlin"),
        Arguments.of("\ufeffZ\u200bürich", "Zürich"),
        Arguments.of("Jose\u0301", "Jos\u00e9"),
        Arguments.of("a", "a"));
  }

  @ParameterizedTest(name = "[{index}] -> {1}")
  @MethodSource("dirtyText")
  void trimsCollapsesWhitespaceAndDropsControlCharacters(String raw, String expected) {
    assertThat(TextCleaner.clean(raw), equalTo(expected));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t\n", "\u0000\u0001", "\u200b", "\u00a0 \u3000"})
  void emptyTextBecomesNull(String raw) {
    assertThat(TextCleaner.clean(raw), nullValue());
  }
}
