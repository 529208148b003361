package io.martflow.transforms.cleaning;

import io.martflow.reference.Country;
import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves however a source writes a country (alpha-2, alpha-3, the English name in ref.countries,
 * or any alias in ref.country_aliases) to its ref.countries row, ignoring case, accents,
 * punctuation and whitespace: 'Deutschland', 'ALLEMAGNE', 'u.s.a.', 'México', 'Côte d’Ivoire'.
 */
public final class CountryResolver implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ReferenceData ref;
  private transient Memo<Optional<Country>> memo;

  public CountryResolver(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /** The country, or empty when the text is blank or names no known country. */
  public Optional<Country> resolve(String raw) {
    if (memo == null) {
      memo = new Memo<>(10_000);
    }
    return memo.get(raw, text -> ref.countryByLooseKey(MatchKeys.loose(text)));
  }

  /** The ISO alpha-2 code, or null when unknown. */
  public String alpha2(String raw) {
    return resolve(raw).map(Country::code).orElse(null);
  }
}
