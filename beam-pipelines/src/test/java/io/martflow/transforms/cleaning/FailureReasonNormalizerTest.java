package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.martflow.reference.FailureReason;
import io.martflow.reference.ReferenceFixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureReasonNormalizerTest {
  private final FailureReasonNormalizer normalizer =
      new FailureReasonNormalizer(ReferenceFixtures.standard());

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Card declined|card_declined",
      "CARD_DECLINED|card_declined",
      "card-declined |card_declined",
      "Carte refusée|card_declined",
      "INSUFFICIENT  FUNDS|insufficient_funds",
      "fraud_suspected|fraud_suspected",
  })
  void mapsSourceTextToTheCanonicalCode(String raw, String code) {
    assertThat(normalizer.reasonCode(raw), equalTo(code));
  }

  @Test
  void returnsTheDescriptionToo() {
    assertThat(normalizer.canonical("insufficient funds"), equalTo(Optional.of(
        new FailureReason("insufficient funds", "insufficient_funds", "Not enough funds"))));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "the dog ate it"})
  void unknownOrBlankHasNoCode(String raw) {
    assertThat(normalizer.reasonCode(raw), nullValue());
  }
}
