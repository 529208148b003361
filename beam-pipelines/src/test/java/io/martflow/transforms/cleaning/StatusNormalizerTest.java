package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.reference.ReferenceFixtures;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusNormalizerTest {
  private final StatusNormalizer normalizer = new StatusNormalizer(ReferenceFixtures.standard());

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "'Shipped '|shipped",
      "SHIPPED|shipped",
      "shipped|shipped",
      "dispatched|shipped",
      "Dispatched|shipped",
      "versandt|shipped",
      "VERSANDT|shipped",
      "enviado|shipped",
      "Enviado|shipped",
      "expédié|shipped",
      "EXPÉDIÉ|shipped",
      "Delivered|delivered",
      "geliefert|delivered",
      "ENTREGADO|delivered",
      "Livré|delivered",
      "annulé|cancelled",
      "Annulé|cancelled",
      "Canceled|cancelled",
      "CANCELLED|cancelled",
      "storniert|cancelled",
      "cancelado|cancelled",
      "payment_failed|payment_failed",
      "Payment-Failed|payment_failed",
      "PAYMENT   FAILED|payment_failed",
      "Zahlung fehlgeschlagen|payment_failed",
      "in_process|processing",
      "Pending|pending",
      "paid|paid",
      "RETURNED|returned",
      "refunded|refunded",
  })
  void mapsSynonymsCasingsAndLanguages(String raw, String status) {
    assertThat(normalizer.canonical(raw), equalTo(Optional.of(status)));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "lost", "shipped!", "ship ped", "expedie"})
  void unknownStatusIsEmpty(String raw) {
    assertThat(normalizer.canonical(raw), equalTo(Optional.empty()));
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "'  Payment -_ Failed  '|payment failed",
      "In\tProcess|in process",
  })
  void normalizesLikeTheStatusMapComment(String raw, String key) {
    assertThat(StatusNormalizer.normalize(raw), equalTo(key));
  }
}
