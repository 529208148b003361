package io.martflow.transforms.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money rounding and the exact decimal scales of the Avro records (an Avro decimal must carry its
 * schema's scale). Amounts are cents rounded HALF_UP; null stays null so optional fields can be
 * set directly.
 */
public final class Money {
  public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
  /** Amounts: prices, fees, discounts, totals. */
  public static final int AMOUNT_SCALE = 2;
  /** Tax rates as fractions. */
  public static final int RATE_SCALE = 4;
  /** unit_net_price: a per-unit share of a rounded net, kept more precise than cents. */
  public static final int UNIT_NET_PRICE_SCALE = 4;
  /** Percentages: discount_pct, margin_pct. */
  public static final int PERCENT_SCALE = 2;

  /** 0.00 */
  public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(AMOUNT_SCALE);

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Money() {}

  /** Rounded HALF_UP to cents (scale 2). */
  public static BigDecimal amount(BigDecimal value) {
    return value == null ? null : value.setScale(AMOUNT_SCALE, ROUNDING);
  }

  /** Rounded HALF_UP to scale 4. */
  public static BigDecimal rate(BigDecimal value) {
    return value == null ? null : value.setScale(RATE_SCALE, ROUNDING);
  }

  /** Rounded HALF_UP to scale 4. */
  public static BigDecimal unitNetPrice(BigDecimal value) {
    return value == null ? null : value.setScale(UNIT_NET_PRICE_SCALE, ROUNDING);
  }

  /** Rounded HALF_UP to scale 2. */
  public static BigDecimal percent(BigDecimal value) {
    return value == null ? null : value.setScale(PERCENT_SCALE, ROUNDING);
  }

  /** The value, or zero when null. */
  public static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }

  /** value x percent / 100, exact (round the result yourself). */
  public static BigDecimal percentOf(BigDecimal value, BigDecimal percent) {
    return value.multiply(percent).divide(HUNDRED);
  }
}
