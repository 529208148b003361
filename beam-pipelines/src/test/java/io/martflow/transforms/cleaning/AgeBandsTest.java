package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.reference.ReferenceData;
import io.martflow.reference.ReferenceFixtures;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeBandsTest {
  private final AgeBands bands = new AgeBands(ReferenceFixtures.standard());

  @ParameterizedTest(name = "born {0}, at {1}: {2} years")
  @CsvSource({
      "2000-06-15, 2024-06-14, 23",
      "2000-06-15, 2024-06-15, 24",
      "2000-02-29, 2023-02-28, 22",
      "2000-02-29, 2023-03-01, 23",
      "2000-02-29, 2024-02-29, 24",
      "2024-01-01, 2024-01-01, 0",
  })
  void countsCompletedYears(LocalDate birth, LocalDate asOf, int years) {
    assertThat(AgeBands.completedYears(birth, asOf), equalTo(years));
  }

  @ParameterizedTest(name = "born {0}, at {1}: {2}")
  @CsvSource({
      "2006-06-16, 2024-06-15, under 18",
      "2006-06-15, 2024-06-15, 18-24",
      "1999-06-16, 2024-06-15, 18-24",
      "1999-06-15, 2024-06-15, 25-34",
      "1959-06-15, 2024-06-15, 65+",
      "1900-01-01, 2024-06-15, 65+",
  })
  void placesAgesInBandsAtTheirEdges(LocalDate birth, LocalDate asOf, String band) {
    assertThat(bands.bandFor(birth, asOf), equalTo(Optional.of(band)));
  }

  @Test
  void noBandForAMissingOrFutureBirthDate() {
    LocalDate today = LocalDate.of(2024, 6, 15);
    assertThat(bands.bandFor(null, today), equalTo(Optional.empty()));
    assertThat(bands.bandFor(today.plusDays(1), today), equalTo(Optional.empty()));
  }

  @Test
  void noBandWhenNoneCoversTheAge() {
    AgeBands adultsOnly = new AgeBands(ReferenceData.builder().ageBand("18+", 18, null).build());
    assertThat(adultsOnly.bandForAge(17), equalTo(Optional.empty()));
    assertThat(adultsOnly.bandForAge(18), equalTo(Optional.of("18+")));
  }
}
