package io.martflow.transforms.pricing;

import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import io.martflow.reference.TaxRate;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Chooses a line's tax rate: the line's own rate when the source gives one (0 included), else
 * ref.tax_rates for (ship country, category), else (ship country, '*'), else ref.settings
 * default_tax_rate.
 */
public final class TaxRates implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ReferenceData ref;

  public TaxRates(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /** The rate as a fraction, scale 4. */
  public BigDecimal rateFor(BigDecimal lineRate, String shipCountry, String category) {
    if (lineRate != null) {
      return Money.rate(lineRate);
    }
    BigDecimal rate = ref.taxRate(shipCountry, MatchKeys.caseless(category))
        .or(() -> ref.taxRate(shipCountry, TaxRate.ANY_CATEGORY))
        .orElseGet(ref::defaultTaxRate);
    return Money.rate(rate);
  }
}
