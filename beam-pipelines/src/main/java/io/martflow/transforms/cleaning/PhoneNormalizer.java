package io.martflow.transforms.cleaning;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/**
 * Formats phone numbers as E.164 with libphonenumber. Numbers written without an international
 * prefix are read as numbers of the default region (the row's resolved country). A number that
 * does not parse or is not a valid number for its country becomes null with is_phone_valid false;
 * so does a missing one.
 */
public final class PhoneNormalizer {
  /** libphonenumber's "unknown region": only numbers with an international prefix parse. */
  private static final String UNKNOWN_REGION = "ZZ";

  private PhoneNormalizer() {}

  public static PhoneResult normalize(String raw, String defaultRegion) {
    String text = TextCleaner.clean(raw);
    if (text == null) {
      return PhoneResult.INVALID;
    }
    String region = defaultRegion == null ? UNKNOWN_REGION : defaultRegion.toUpperCase(Locale.ROOT);
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      PhoneNumber number = util.parse(text, region);
      if (!util.isValidNumber(number)) {
        return PhoneResult.INVALID;
      }
      return new PhoneResult(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), true);
    } catch (NumberParseException e) {
      return PhoneResult.INVALID;
    }
  }
}
