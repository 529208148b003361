package io.martflow.transforms.cleaning;

import io.martflow.reference.AgeBand;
import io.martflow.reference.ReferenceData;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/** Puts an age, in completed years at a given date, into its ref.age_bands band. */
public final class AgeBands implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ReferenceData ref;

  public AgeBands(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /** Completed years from birth to the date: the day before the birthday still counts the year before. */
  public static int completedYears(LocalDate birthDate, LocalDate asOf) {
    return Period.between(birthDate, asOf).getYears();
  }

  /**
   * The band of someone born on birthDate, at asOf. Empty when the birth date is missing or after
   * asOf, or when no band covers the age.
   */
  public Optional<String> bandFor(LocalDate birthDate, LocalDate asOf) {
    if (birthDate == null || asOf == null || birthDate.isAfter(asOf)) {
      return Optional.empty();
    }
    return bandForAge(completedYears(birthDate, asOf));
  }

  public Optional<String> bandForAge(int age) {
    return ref.ageBands().stream().filter(b -> b.contains(age)).map(AgeBand::band).findFirst();
  }
}
