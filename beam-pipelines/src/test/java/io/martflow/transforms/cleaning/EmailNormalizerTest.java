package io.martflow.transforms.cleaning;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Jane.Doe@Example.COM|jane.doe@example.com|example.com",
      "  jane@example.co.uk |jane@example.co.uk|example.co.uk",
      "first+tag@mail.example.org|first+tag@mail.example.org|mail.example.org",
      "o'neil_99@my-shop.de|o'neil_99@my-shop.de|my-shop.de",
      "user@xn--80ak6aa92e.com|user@xn--80ak6aa92e.com|xn--80ak6aa92e.com",
      "a@b.io|a@b.io|b.io",
  })
  void validEmailIsLowerCasedWithItsDomain(String raw, String email, String domain) {
    assertThat(EmailNormalizer.normalize(raw), equalTo(new EmailResult(email, true, domain)));
  }

  @ParameterizedTest(name = "''{0}'' is invalid")
  @ValueSource(strings = {
      "plainaddress",
      "@example.com",
      "jane@",
      "jane@example",
      "jane@@example.com",
      "jane doe@example.com",
      "jane..doe@example.com",
      ".jane@example.com",
      "jane.@example.com",
      "jane@example..com",
      "jane@-example.com",
      "jane@example-.com",
      "jane@example.c",
      "jane@example.123",
      "jane@exa_mple.com",
      "jané@example.com",
      "jane@example.com.",
      "12345678901234567890123456789012345678901234567890123456789012345@example.com",
  })
  void invalidEmailBecomesNullAndNotValid(String raw) {
    assertThat(EmailNormalizer.normalize(raw), equalTo(new EmailResult(null, false, null)));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void missingEmailIsNotValid(String raw) {
    assertThat(EmailNormalizer.normalize(raw), equalTo(new EmailResult(null, false, null)));
  }
}
