package io.martflow.transforms.pricing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryEstimatorTest {

  @ParameterizedTest(name = "{0} ({1}) + {2} business days = {3}")
  @CsvSource({
      // 2024-03-04 is a Monday
      "2024-03-04, Mon, 0, 2024-03-04",
      "2024-03-04, Mon, 1, 2024-03-05",
      "2024-03-04, Mon, 4, 2024-03-08",
      "2024-03-04, Mon, 5, 2024-03-11",
      "2024-03-06, Wed, 2, 2024-03-08",
      "2024-03-07, Thu, 2, 2024-03-11",
      "2024-03-08, Fri, 1, 2024-03-11",
      "2024-03-08, Fri, 5, 2024-03-15",
      "2024-03-09, Sat, 1, 2024-03-11",
      "2024-03-10, Sun, 1, 2024-03-11",
      "2024-03-09, Sat, 10, 2024-03-22",
      "2024-12-27, Fri, 3, 2025-01-01",
  })
  void skipsWeekends(LocalDate orderDate, String dayOfWeek, int sla, LocalDate expected) {
    assertThat(orderDate.getDayOfWeek().name().substring(0, 3), equalTo(dayOfWeek.toUpperCase()));
    assertThat(DeliveryEstimator.estimatedDeliveryDate(orderDate, sla), equalTo(expected));
  }

  @ParameterizedTest(name = "delivered {0}, estimated {1}: late {2}")
  @CsvSource({
      "2024-03-10, 2024-03-11, false",
      "2024-03-11, 2024-03-11, false",
      "2024-03-12, 2024-03-11, true",
  })
  void lateMeansDeliveredAfterTheEstimate(LocalDate delivered, LocalDate estimated, boolean late) {
    assertThat(DeliveryEstimator.isLate(delivered, estimated), equalTo(late));
  }

  @Test
  void notDeliveredIsNeitherLateNorOnTime() {
    assertThat(DeliveryEstimator.isLate(null, LocalDate.of(2024, 3, 11)), nullValue());
    assertThat(DeliveryEstimator.deliveryDays(LocalDate.of(2024, 3, 8), null), nullValue());
  }

  @ParameterizedTest(name = "{0} -> {1}: {2} days")
  @CsvSource({
      "2024-03-08, 2024-03-08, 0",
      "2024-03-08, 2024-03-11, 3",
      "2024-02-28, 2024-03-01, 2",
  })
  void deliveryDaysAreCalendarDays(LocalDate ordered, LocalDate delivered, int days) {
    assertThat(DeliveryEstimator.deliveryDays(ordered, delivered), equalTo(days));
  }
}
