package io.martflow.transforms.pricing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinePricingTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // case | unit | qty | pct | amount | rate | gross | discount | net | tax | total | unit_net
      "no discount|10.00|3|NULL|NULL|0.0800|30.00|0.00|30.00|2.40|32.40|10.0000",
      "10 % rounded to cents|19.99|3|10.00|0.00|0.1900|59.97|6.00|53.97|10.25|64.22|17.9900",
      "amount wins over pct|50.00|2|50.00|5.00|0.0000|100.00|5.00|95.00|0.00|95.00|47.5000",
      "amount above gross is capped|25.00|4|0.00|150.00|0.2000|100.00|100.00|0.00|0.00|0.00|0.0000",
      "0 % discount|12.34|1|0.00|0.00|0.0800|12.34|0.00|12.34|0.99|13.33|12.3400",
      "100 % discount|12.34|2|100.00|0.00|0.0800|24.68|24.68|0.00|0.00|0.00|0.0000",
      "half a cent of discount rounds up|0.10|1|5.00|NULL|0.0000|0.10|0.01|0.09|0.00|0.09|0.0900",
      "half a cent of tax rounds up|2.50|1|NULL|NULL|0.0500|2.50|0.00|2.50|0.13|2.63|2.5000",
      "half a cent of tax, tiny|0.50|1|0.00|0.00|0.0100|0.50|0.00|0.50|0.01|0.51|0.5000",
      "unit net price at scale 4|10.00|3|0.00|10.00|0.0000|30.00|10.00|20.00|0.00|20.00|6.6667",
      "free item|0.00|5|NULL|NULL|0.1900|0.00|0.00|0.00|0.00|0.00|0.0000",
      "zero tax rate|99.99|1|NULL|NULL|0.0000|99.99|0.00|99.99|0.00|99.99|99.9900",
  })
  void pricesTaxExclusiveLines(String name, BigDecimal unit, int qty, BigDecimal pct,
      BigDecimal amount, BigDecimal rate, String gross, String discount, String net, String tax,
      String total, String unitNet) {
    LinePrice price = LinePricing.price(unit, qty, pct, amount, rate, false);
    assertThat(price, equalTo(new LinePrice(qty, new BigDecimal(gross), new BigDecimal(discount),
        new BigDecimal(net), Money.rate(rate), new BigDecimal(tax), new BigDecimal(total),
        new BigDecimal(unitNet))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // case | unit | qty | pct | amount | rate | gross | discount | net | tax | total | unit_net
      "19 % included|11.90|1|NULL|NULL|0.1900|11.90|0.00|10.00|1.90|11.90|10.0000",
      "net rounds to cents|10.00|1|NULL|NULL|0.1900|10.00|0.00|8.40|1.60|10.00|8.4000",
      "with a 10 % discount|119.00|2|10.00|NULL|0.1900|238.00|23.80|180.00|34.20|214.20|90.0000",
      "zero rate: all net|20.00|1|NULL|NULL|0.0000|20.00|0.00|20.00|0.00|20.00|20.0000",
      "7 % with 3 units|4.99|3|NULL|1.00|0.0700|14.97|1.00|13.06|0.91|13.97|4.3533",
  })
  void pricesTaxInclusiveLines(String name, BigDecimal unit, int qty, BigDecimal pct,
      BigDecimal amount, BigDecimal rate, String gross, String discount, String net, String tax,
      String total, String unitNet) {
    LinePrice price = LinePricing.price(unit, qty, pct, amount, rate, true);
    assertThat(price, equalTo(new LinePrice(qty, new BigDecimal(gross), new BigDecimal(discount),
        new BigDecimal(net), Money.rate(rate), new BigDecimal(tax), new BigDecimal(total),
        new BigDecimal(unitNet))));
  }

  @Test
  void totalIsAlwaysNetPlusTax() {
    for (boolean inclusive : new boolean[] {false, true}) {
      LinePrice price = LinePricing.price(new BigDecimal("33.33"), 7, new BigDecimal("12.50"), null,
          new BigDecimal("0.0825"), inclusive);
      assertThat(price.total(), equalTo(price.net().add(price.tax())));
    }
  }

  @Test
  void refusesLinesTheCleanerShouldHaveRejected() {
    BigDecimal one = BigDecimal.ONE;
    assertThrows(IllegalArgumentException.class, () -> LinePricing.price(null, 1, null, null, one, false));
    assertThrows(IllegalArgumentException.class,
        () -> LinePricing.price(one.negate(), 1, null, null, BigDecimal.ZERO, false));
    assertThrows(IllegalArgumentException.class, () -> LinePricing.price(one, 0, null, null, one, false));
    assertThrows(IllegalArgumentException.class,
        () -> LinePricing.price(one, 1, new BigDecimal("100.01"), null, BigDecimal.ZERO, false));
    assertThrows(IllegalArgumentException.class,
        () -> LinePricing.price(one, 1, null, new BigDecimal("-1"), BigDecimal.ZERO, false));
    assertThrows(IllegalArgumentException.class, () -> LinePricing.price(one, 1, null, null, null, false));
  }
}
