package io.martflow.transforms.pricing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0.005, 0.01",
      "0.004999, 0.00",
      "2.675, 2.68",
      "2.665, 2.67",
      "-0.005, -0.01",
      "7, 7.00",
      "1.1, 1.10",
  })
  void amountsRoundHalfUpToCents(BigDecimal value, String cents) {
    // equalTo on BigDecimal also compares the scale: 7.00 is not 7.0
    assertThat(Money.amount(value), equalTo(new BigDecimal(cents)));
  }

  @Test
  void eachKindOfNumberGetsItsAvroScale() {
    BigDecimal value = new BigDecimal("12.345675");
    assertThat(Money.amount(value), equalTo(new BigDecimal("12.35")));
    assertThat(Money.rate(value), equalTo(new BigDecimal("12.3457")));
    assertThat(Money.unitNetPrice(value), equalTo(new BigDecimal("12.3457")));
    assertThat(Money.percent(value), equalTo(new BigDecimal("12.35")));
    assertThat(Money.rate(new BigDecimal("0.19")), equalTo(new BigDecimal("0.1900")));
  }

  @Test
  void nullStaysNullAndOrZeroFillsIt() {
    assertThat(Money.amount(null), nullValue());
    assertThat(Money.rate(null), nullValue());
    assertThat(Money.unitNetPrice(null), nullValue());
    assertThat(Money.percent(null), nullValue());
    assertThat(Money.orZero(null), equalTo(BigDecimal.ZERO));
    assertThat(Money.orZero(BigDecimal.TEN), equalTo(BigDecimal.TEN));
    assertThat(Money.ZERO, equalTo(new BigDecimal("0.00")));
  }

  @Test
  void percentOfIsExactAndLeavesRoundingToTheCaller() {
    assertThat(Money.percentOf(new BigDecimal("59.97"), new BigDecimal("10.00")),
        comparesEqualTo(new BigDecimal("5.997")));
    assertThat(Money.percentOf(new BigDecimal("0.01"), new BigDecimal("33.33")),
        comparesEqualTo(new BigDecimal("0.003333")));
  }
}
