package io.martflow.transforms.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An order's totals: sums of its lines' rounded amounts plus shipping, so that
 * order_total = items_net + tax_total + shipping_fee holds to the cent. All amounts scale 2.
 */
public record OrderTotals(
    int lineCount,
    int units,
    BigDecimal itemsGross,
    BigDecimal discountTotal,
    BigDecimal itemsNet,
    BigDecimal taxTotal,
    BigDecimal shippingFee,
    BigDecimal orderTotal) {

  /** The totals of these lines with no shipping yet (shipping depends on items_net). */
  public static OrderTotals ofLines(List<LinePrice> lines) {
    int units = 0;
    BigDecimal gross = Money.ZERO;
    BigDecimal discount = Money.ZERO;
    BigDecimal net = Money.ZERO;
    BigDecimal tax = Money.ZERO;
    for (LinePrice line : lines) {
      units = Math.addExact(units, line.quantity());
      gross = gross.add(line.gross());
      discount = discount.add(line.discount());
      net = net.add(line.net());
      tax = tax.add(line.tax());
    }
    return new OrderTotals(lines.size(), units, gross, discount, net, tax, Money.ZERO, net.add(tax));
  }

  /** These totals with the shipping fee charged. */
  public OrderTotals withShippingFee(BigDecimal fee) {
    BigDecimal shipping = Money.amount(Objects.requireNonNull(fee, "fee"));
    return new OrderTotals(lineCount, units, itemsGross, discountTotal, itemsNet, taxTotal, shipping,
        itemsNet.add(taxTotal).add(shipping));
  }
}
