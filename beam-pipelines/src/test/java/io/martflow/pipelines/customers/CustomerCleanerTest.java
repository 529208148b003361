package io.martflow.pipelines.customers;

import static io.martflow.testing.TestRecords.customer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.martflow.model.Customer;
import io.martflow.reference.ReferenceFixtures;
import io.martflow.testing.AvroAssertions;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerCleanerTest {
  private static final Instant RUN_TIME = Instant.parse("2024-06-15T02:00:00Z");
  private final CustomerCleaner cleaner = new CustomerCleaner(ReferenceFixtures.standard(),
      RunContext.fullRefresh("run-1", RUN_TIME, ZoneId.of("UTC")));

  private Customer cleanOk(Customer raw) {
    CleanResult<Customer> result = cleaner.clean(raw);
    assertThat("rejected: " + result, result.isOk(), is(true));
    return result.value();
  }

  @Test
  void cleansEveryField() {
    Customer raw = customer(42)
        .setFirstName("  MARY-JANE ")
        .setLastName("o'brien")
        .setEmail(" Mary.OBrien@Example.COM ")
        .setPhone("030 123456")
        .setCountry("Deutschland")
        .setState(" Berlin ")
        .setCity("Berlin\tMitte")
        .setPostalCode(" 10115 ")
        .setBirthDate(LocalDate.of(1990, 6, 16))
        .build();
    Customer expected = customer(42)
        .setFirstName("Mary-Jane")
        .setLastName("O'Brien")
        .setEmail("mary.obrien@example.com")
        .setIsEmailValid(true)
        .setEmailDomain("example.com")
        .setPhone("+4930123456")
        .setIsPhoneValid(true)
        .setCountry("DE")
        .setCountryName("Germany")
        .setRegion("Europe")
        .setState("Berlin")
        .setCity("Berlin Mitte")
        .setPostalCode("10115")
        .setBirthDate(LocalDate.of(1990, 6, 16))
        .setAgeBand("25-34")
        .setIsDeleted(false)
        .build();
    Customer cleaned = cleanOk(raw);
    assertThat(cleaned, equalTo(expected));
    AvroAssertions.assertExactScalesAndRoundTrip(cleaned);
  }

  @Test
  void doesNotChangeItsInput() {
    Customer raw = customer(1).setFirstName(" ann ").setEmail("BAD").setCountry("usa").build();
    Customer before = Customer.newBuilder(raw).build();
    cleanOk(raw);
    assertThat(raw, equalTo(before));
    assertThat(raw.getFirstName(), equalTo(" ann "));
  }

  @Test
  void rejectsAMissingKey() {
    CleanResult<Customer> result = cleaner.clean(
        Customer.newBuilder().setSourceSystem("shop").setEmail("a@b.com").build());
    assertThat(result.rejection().reason(), equalTo(RejectReason.MISSING_KEY));
  }

  @ParameterizedTest(name = "[{index}] first ''{0}'' last ''{1}'' email ''{2}'' phone ''{3}''")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL|NULL|NULL|NULL",
      "'  '|'\t'|' '|' '",
      "NULL|NULL|not-an-email|12345",
      "NULL|NULL|jane@|NULL",
  })
  void rejectsARowWithNoContactAfterCleaning(String first, String last, String email, String phone) {
    Customer raw = customer(9).setFirstName(first).setLastName(last).setEmail(email).setPhone(phone)
        .setCountry("US").build();
    CleanResult<Customer> result = cleaner.clean(raw);
    assertThat(result.isRejected(), is(true));
    assertThat(result.rejection().reason(), equalTo(RejectReason.NO_CONTACT));
    assertThat(result.rejection().message(), containsString("9"));
  }

  @ParameterizedTest(name = "[{index}] first ''{0}'' last ''{1}'' email ''{2}'' phone ''{3}''")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "ann|NULL|NULL|NULL",
      "NULL|smith|NULL|NULL",
      "NULL|NULL|ann@example.com|NULL",
      "NULL|NULL|NULL|(650) 253-0000",
  })
  void keepsARowWithAnyOneContact(String first, String last, String email, String phone) {
    Customer raw = customer(9).setFirstName(first).setLastName(last).setEmail(email).setPhone(phone)
        .setCountry("US").build();
    assertThat(cleaner.clean(raw).isOk(), is(true));
  }

  @Test
  void anInvalidEmailIsDroppedAndFlagged() {
    Customer cleaned = cleanOk(customer(3).setFirstName("ann").setEmail("ann@@example.com").build());
    assertThat(cleaned.getEmail(), nullValue());
    assertThat(cleaned.getIsEmailValid(), is(false));
    assertThat(cleaned.getEmailDomain(), nullValue());
  }

  @ParameterizedTest(name = "{0} in ''{1}'' -> {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "020 7031 3000|uk|+442070313000",
      "06 12 34 56 78|France|+33612345678",
      "(11) 96123-4567|Brasil|+5511961234567",
      "03-1234-5678|日本|+81312345678",
      "081234 56789|India|+918123456789",
      // unknown or missing country: read in the home country (US)
      "(650) 253-0000|Atlantis|+16502530000",
      "(650) 253-0000|NULL|+16502530000",
      // an international number does not depend on the country
      "+44 20 7031 3000|US|+442070313000",
  })
  void phonesAreReadInTheCustomersCountry(String phone, String country, String e164) {
    Customer cleaned = cleanOk(customer(5).setFirstName("x").setPhone(phone).setCountry(country).build());
    assertThat(cleaned.getPhone(), equalTo(e164));
    assertThat(cleaned.getIsPhoneValid(), is(true));
  }

  @Test
  void anInvalidPhoneIsDroppedAndFlagged() {
    Customer cleaned = cleanOk(customer(5).setFirstName("x").setPhone("555-0000").setCountry("US").build());
    assertThat(cleaned.getPhone(), nullValue());
    assertThat(cleaned.getIsPhoneValid(), is(false));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}, {2}, {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "MÉXICO|MX|Mexico|North America",
      "Côte d’Ivoire|CI|Côte d'Ivoire|Africa",
      "u.s.a.|US|United States|North America",
      "Atlantis|NULL|NULL|NULL",
      "NULL|NULL|NULL|NULL",
  })
  void countriesAreResolvedAndEnriched(String raw, String code, String name, String region) {
    Customer cleaned = cleanOk(customer(5).setFirstName("x").setCountry(raw).build());
    assertThat(cleaned.getCountry(), equalTo(code));
    assertThat(cleaned.getCountryName(), equalTo(name));
    assertThat(cleaned.getRegion(), equalTo(region));
  }

  @Test
  void theAgeBandIsTakenAtTheRunsBusinessDate() {
    // 2024-06-15T02:00Z is still 2024-06-14 in New York: the customer is 17 there, 18 in UTC.
    Customer raw = customer(5).setFirstName("x").setBirthDate(LocalDate.of(2006, 6, 15)).build();
    CustomerCleaner newYork = new CustomerCleaner(ReferenceFixtures.standard(),
        RunContext.fullRefresh("r", RUN_TIME, ZoneId.of("America/New_York")));
    assertThat(newYork.clean(raw).value().getAgeBand(), equalTo("under 18"));
    assertThat(cleanOk(raw).getAgeBand(), equalTo("18-24"));
    assertThat(cleanOk(customer(6).setFirstName("x").build()).getAgeBand(), nullValue());
  }

  @ParameterizedTest(name = "is_deleted {0} -> {1}")
  @CsvSource(nullValues = "NULL", value = {"NULL, false", "false, false", "true, true"})
  void isDeletedDefaultsToFalse(Boolean raw, boolean expected) {
    assertThat(cleanOk(customer(5).setFirstName("x").setIsDeleted(raw).build()).getIsDeleted(),
        equalTo(expected));
  }
}
