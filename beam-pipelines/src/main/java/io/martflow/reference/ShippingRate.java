package io.martflow.reference;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A row of ref.shipping_rates. {@code freeThreshold} is null when the method never ships free.
 */
public record ShippingRate(
    String method, String zone, BigDecimal fee, BigDecimal freeThreshold, int slaBusinessDays)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DOMESTIC = "domestic";
  public static final String INTERNATIONAL = "international";

  public ShippingRate {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(fee, "fee");
    if (!DOMESTIC.equals(zone) && !INTERNATIONAL.equals(zone)) {
      throw new IllegalArgumentException(
          "shipping zone must be 'domestic' or 'international', got '" + zone + "'");
    }
    if (slaBusinessDays <= 0) {
      throw new IllegalArgumentException("sla_business_days must be > 0, got " + slaBusinessDays);
    }
  }
}
