package io.martflow.reference;

import java.io.Serializable;
import java.util.Objects;

/** A row of ref.country_aliases: another way sources write a country. */
public record CountryAlias(String alias, String code, String language) implements Serializable {
  private static final long serialVersionUID = 1L;

  public CountryAlias {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(code, "code");
  }
}
