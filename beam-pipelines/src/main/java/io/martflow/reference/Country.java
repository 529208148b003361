package io.martflow.reference;

import java.io.Serializable;
import java.util.Objects;

/** A row of ref.countries. */
public record Country(String code, String alpha3, String name, String region, String subregion)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public Country {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(alpha3, "alpha3");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
  }
}
