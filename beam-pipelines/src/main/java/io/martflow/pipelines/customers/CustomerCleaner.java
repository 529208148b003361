package io.martflow.pipelines.customers;

import io.martflow.io.Records;
import io.martflow.model.Customer;
import io.martflow.reference.Country;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.AgeBands;
import io.martflow.transforms.cleaning.CountryResolver;
import io.martflow.transforms.cleaning.EmailNormalizer;
import io.martflow.transforms.cleaning.EmailResult;
import io.martflow.transforms.cleaning.InputLimits;
import io.martflow.transforms.cleaning.NameNormalizer;
import io.martflow.transforms.cleaning.PhoneNormalizer;
import io.martflow.transforms.cleaning.PhoneResult;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.cleaning.TextCleaner;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates and normalizes one customer row (DESIGN section 4, Customers). Returns a new record;
 * the input is never changed.
 */
public final class CustomerCleaner implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ReferenceData ref;
  private final RunContext context;
  private final CountryResolver countries;
  private final AgeBands ageBands;
  private final InputLimits limits;

  public CustomerCleaner(ReferenceData ref, RunContext context) {
    this.ref = Objects.requireNonNull(ref, "ref");
    this.context = Objects.requireNonNull(context, "context");
    this.countries = new CountryResolver(ref);
    this.ageBands = new AgeBands(ref);
    this.limits = new InputLimits(ref, context);
  }

  private LocalDate asOf(Customer raw) {
    return raw.getUpdatedAt() != null ? context.businessDate(raw.getUpdatedAt()) : context.businessDate();
  }

  public CleanResult<Customer> clean(Customer raw) {
    if (raw.getCustomerId() == null) {
      return CleanResult.rejected(RejectReason.MISSING_KEY, "customer_id is missing");
    }
    String future = limits.updatedAtInFuture("customer " + raw.getCustomerId(), raw.getUpdatedAt());
    if (future != null) {
      return CleanResult.rejected(RejectReason.UPDATED_AT_IN_FUTURE, future);
    }
    String firstName = NameNormalizer.normalize(raw.getFirstName());
    String lastName = NameNormalizer.normalize(raw.getLastName());
    EmailResult email = EmailNormalizer.normalize(raw.getEmail());
    Optional<Country> country = countries.resolve(raw.getCountry());
    // A phone written without an international prefix is read in the customer's country, or
    // in the shop's home country when the customer's country is unknown.
    String phoneRegion = country.map(Country::code).orElseGet(ref::homeCountry);
    PhoneResult phone = PhoneNormalizer.normalize(raw.getPhone(), phoneRegion);

    if (firstName == null && lastName == null && !email.valid() && !phone.valid()) {
      return CleanResult.rejected(RejectReason.NO_CONTACT, "customer " + raw.getCustomerId()
          + " has no name, no valid email and no valid phone (email '" + raw.getEmail()
          + "', phone '" + raw.getPhone() + "')");
    }

    String state = TextCleaner.clean(raw.getState());
    String city = TextCleaner.clean(raw.getCity());
    String postalCode = TextCleaner.clean(raw.getPostalCode());
    String tooLong = limits.textTooLong("customer " + raw.getCustomerId(), "first_name", firstName, "last_name",
        lastName, "state", state, "city", city, "postal_code", postalCode);
    if (tooLong != null) {
      return CleanResult.rejected(RejectReason.TEXT_TOO_LONG, tooLong);
    }

    Customer cleaned = Records.copy(raw);
    cleaned.setFirstName(firstName);
    cleaned.setLastName(lastName);
    cleaned.setEmail(email.email());
    cleaned.setIsEmailValid(email.valid());
    cleaned.setEmailDomain(email.domain());
    cleaned.setPhone(phone.e164());
    cleaned.setIsPhoneValid(phone.valid());
    cleaned.setCountry(country.map(Country::code).orElse(null));
    cleaned.setCountryName(country.map(Country::name).orElse(null));
    cleaned.setRegion(country.map(Country::region).orElse(null));
    cleaned.setState(state);
    cleaned.setCity(city);
    cleaned.setPostalCode(postalCode);
    // Age as of the row's own change, not of the run: a window loaded on any day (a backfill,
    // a re-run) gives the same band, so loading history day by day equals loading it at once.
    cleaned.setAgeBand(ageBands.bandFor(raw.getBirthDate(), asOf(raw)).orElse(null));
    cleaned.setIsDeleted(Boolean.TRUE.equals(raw.getIsDeleted()));
    return CleanResult.ok(cleaned);
  }
}
