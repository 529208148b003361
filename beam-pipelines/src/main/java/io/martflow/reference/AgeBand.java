package io.martflow.reference;

import java.io.Serializable;
import java.util.Objects;

/** A row of ref.age_bands; {@code maxAge} is inclusive, null for no upper bound. */
public record AgeBand(String band, int minAge, Integer maxAge) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AgeBand {
    Objects.requireNonNull(band, "band");
    if (maxAge != null && maxAge < minAge) {
      throw new IllegalArgumentException(
          "age band '" + band + "': max_age " + maxAge + " < min_age " + minAge);
    }
  }

  public boolean contains(int age) {
    return age >= minAge && (maxAge == null || age <= maxAge);
  }
}
