package io.martflow.pipelines.products;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvailabilityTest {

  @ParameterizedTest(name = "stock {0}, reorder level {1} (default 10) -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "-3, 5, out_of_stock",
      "0, 5, out_of_stock",
      "NULL, 5, out_of_stock",
      "1, 5, low_stock",
      "4, 5, low_stock",
      "5, 5, in_stock",
      "9, NULL, low_stock",
      "10, NULL, in_stock",
      "1, 0, in_stock",
  })
  void classifiesStock(Integer stock, Integer reorderLevel, String code) {
    assertThat(Availability.of(stock, reorderLevel, 10).code(), equalTo(code));
  }
}
