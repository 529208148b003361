package io.martflow.reference;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** A row of ref.tax_rates; category {@value #ANY_CATEGORY} means any category of the country. */
public record TaxRate(String countryCode, String category, BigDecimal rate) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String ANY_CATEGORY = "*";

  public TaxRate {
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(rate, "rate");
  }
}
