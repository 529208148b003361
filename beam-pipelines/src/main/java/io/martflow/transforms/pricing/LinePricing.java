package io.martflow.transforms.pricing;

import java.math.BigDecimal;

/**
 * Prices one order line (DESIGN section 4). Every amount is rounded to cents HALF_UP as soon as
 * it is computed, so the order totals, which are sums of these, reconcile exactly.
 *
 * <ul>
 *   <li>gross = unit_price x quantity
 *   <li>discount = discount_amount when it is &gt; 0, else gross x discount_pct / 100; never more
 *       than gross; missing discounts are 0
 *   <li>tax-exclusive prices (the default): net = gross - discount, tax = net x rate,
 *       total = net + tax
 *   <li>tax-inclusive prices: total = gross - discount, net = total / (1 + rate),
 *       tax = total - net
 *   <li>unit_net_price = net / quantity, scale 4
 * </ul>
 */
public final class LinePricing {
  private LinePricing() {}

  public static LinePrice price(
      BigDecimal unitPrice,
      int quantity,
      BigDecimal discountPct,
      BigDecimal discountAmount,
      BigDecimal taxRate,
      boolean pricesIncludeTax) {
    requireValid(unitPrice, quantity, discountPct, discountAmount, taxRate);
    BigDecimal rate = Money.rate(taxRate);
    BigDecimal gross = Money.amount(unitPrice.multiply(BigDecimal.valueOf(quantity)));
    BigDecimal discount = discount(gross, Money.orZero(discountPct), Money.orZero(discountAmount));
    BigDecimal net;
    BigDecimal tax;
    BigDecimal total;
    if (pricesIncludeTax) {
      total = gross.subtract(discount);
      net = total.divide(BigDecimal.ONE.add(rate), Money.AMOUNT_SCALE, Money.ROUNDING);
      tax = total.subtract(net);
    } else {
      net = gross.subtract(discount);
      tax = Money.amount(net.multiply(rate));
      total = net.add(tax);
    }
    BigDecimal unitNetPrice = net.divide(
        BigDecimal.valueOf(quantity), Money.UNIT_NET_PRICE_SCALE, Money.ROUNDING);
    return new LinePrice(quantity, gross, discount, net, rate, tax, total, unitNetPrice);
  }

  /** The discount in cents: the amount when given, else the percentage of gross; capped at gross. */
  static BigDecimal discount(BigDecimal gross, BigDecimal discountPct, BigDecimal discountAmount) {
    BigDecimal discount = discountAmount.signum() > 0
        ? Money.amount(discountAmount)
        : Money.amount(Money.percentOf(gross, discountPct));
    return discount.min(gross);
  }

  // The cleaners reject such lines; reaching here with one is a wiring bug.
  private static void requireValid(
      BigDecimal unitPrice, int quantity, BigDecimal discountPct, BigDecimal discountAmount,
      BigDecimal taxRate) {
    if (unitPrice == null || unitPrice.signum() < 0) {
      throw new IllegalArgumentException("unit price must be >= 0, got " + unitPrice);
    }
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0, got " + quantity);
    }
    if (discountPct != null
        && (discountPct.signum() < 0 || discountPct.compareTo(BigDecimal.valueOf(100)) > 0)) {
      throw new IllegalArgumentException("discount percentage must be in 0..100, got " + discountPct);
    }
    if (discountAmount != null && discountAmount.signum() < 0) {
      throw new IllegalArgumentException("discount amount must be >= 0, got " + discountAmount);
    }
    if (taxRate == null || taxRate.signum() < 0) {
      throw new IllegalArgumentException("tax rate must be >= 0, got " + taxRate);
    }
  }
}
