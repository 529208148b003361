package io.martflow.transforms.pricing;

import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import io.martflow.reference.ShippingRate;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices shipping. The zone is 'domestic' when the ship country is ref.settings home_country,
 * else 'international'. The rate is ref.shipping_rates for (method, zone), the method matched like
 * a status (case, whitespace, '-' and '_' ignored); a missing method, or one with no rate in the
 * zone, is priced as ref.settings default_shipping_method. The fee is the source's own fee when it
 * has one, else the rate's fee, or 0.00 when items_net reaches the rate's free_threshold.
 */
public final class ShippingFee implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ReferenceData ref;

  public ShippingFee(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  public String zoneFor(String shipCountry) {
    return ref.homeCountry().equalsIgnoreCase(shipCountry == null ? "" : shipCountry.strip())
        ? ShippingRate.DOMESTIC
        : ShippingRate.INTERNATIONAL;
  }

  /**
   * @throws IllegalStateException when ref.shipping_rates has no rate for the default method in
   *     the zone (the reference data is incomplete)
   */
  public ShippingQuote quote(
      BigDecimal sourceFee, String method, String shipCountry, BigDecimal itemsNet) {
    String zone = zoneFor(shipCountry);
    ShippingRate rate = rateFor(method, zone);
    if (sourceFee != null) {
      return new ShippingQuote(rate.method(), zone, Money.amount(sourceFee), rate.slaBusinessDays(), true);
    }
    boolean free = rate.freeThreshold() != null
        && itemsNet != null
        && itemsNet.compareTo(rate.freeThreshold()) >= 0;
    BigDecimal fee = free ? Money.ZERO : Money.amount(rate.fee());
    return new ShippingQuote(rate.method(), zone, fee, rate.slaBusinessDays(), false);
  }

  private ShippingRate rateFor(String method, String zone) {
    Optional<ShippingRate> rate = ref.shippingRate(MatchKeys.phrase(method), zone);
    if (rate.isPresent()) {
      return rate.get();
    }
    String defaultMethod = ref.defaultShippingMethod();
    return ref.shippingRate(MatchKeys.phrase(defaultMethod), zone)
        .orElseThrow(() -> new IllegalStateException("ref.shipping_rates has no '" + zone
            + "' rate for the default shipping method '" + defaultMethod + "'"));
  }
}
