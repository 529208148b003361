package io.martflow.transforms.pricing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTotalsTest {

  private static LinePrice line(int qty, String gross, String discount, String net, String tax) {
    BigDecimal n = new BigDecimal(net);
    BigDecimal t = new BigDecimal(tax);
    return new LinePrice(qty, new BigDecimal(gross), new BigDecimal(discount), n,
        new BigDecimal("0.1900"), t, n.add(t), BigDecimal.ZERO);
  }

  @Test
  void sumsTheRoundedLineAmounts() {
    // Each line's tax was rounded on its own: 0.3325 -> 0.33 twice. Taxing the summed net
    // (3.50 x 0.19 = 0.665 -> 0.67) would be a cent off the lines.
    List<LinePrice> lines = List.of(line(1, "1.75", "0.00", "1.75", "0.33"),
        line(1, "1.75", "0.00", "1.75", "0.33"), line(3, "30.00", "3.00", "27.00", "5.13"));
    OrderTotals totals = OrderTotals.ofLines(lines).withShippingFee(new BigDecimal("4.99"));
    assertThat(totals, equalTo(new OrderTotals(3, 5, new BigDecimal("33.50"), new BigDecimal("3.00"),
        new BigDecimal("30.50"), new BigDecimal("5.79"), new BigDecimal("4.99"),
        new BigDecimal("41.28"))));
  }

  @Test
  void noLinesMeansZeroItemsAndTheShippingFeeAlone() {
    OrderTotals totals = OrderTotals.ofLines(List.of()).withShippingFee(new BigDecimal("5.9"));
    assertThat(totals, equalTo(new OrderTotals(0, 0, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
        new BigDecimal("5.90"), new BigDecimal("5.90"))));
  }

  @Test
  void withoutShippingTheTotalIsNetPlusTax() {
    OrderTotals totals = OrderTotals.ofLines(List.of(line(2, "10.00", "1.00", "9.00", "1.71")));
    assertThat(totals.shippingFee(), equalTo(Money.ZERO));
    assertThat(totals.orderTotal(), equalTo(new BigDecimal("10.71")));
  }
}
