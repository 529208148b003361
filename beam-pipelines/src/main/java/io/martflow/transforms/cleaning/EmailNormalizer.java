package io.martflow.transforms.cleaning;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Lower-cases and validates email addresses. Valid means a plain ASCII address as used on the
 * web: a dot-atom local part of at most 64 characters, '@', a domain of dot-separated labels with
 * a letter top-level domain (or a punycode one), 254 characters in all. Anything else (missing
 * '@', spaces, two dots in a row, a trailing dot, a bare host name) is invalid: the email becomes
 * null and is_email_valid false. A missing email is also not valid.
 */
public final class EmailNormalizer {
  private static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_LENGTH = 64;
  private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
  private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern ADDRESS = Pattern.compile(
      ATOM + "(?:\\." + ATOM + ")*@(?:" + LABEL + "\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})");

  private EmailNormalizer() {}

  public static EmailResult normalize(String raw) {
    String text = TextCleaner.clean(raw);
    if (text == null) {
      return EmailResult.INVALID;
    }
    String email = text.toLowerCase(Locale.ROOT);
    int at = email.lastIndexOf('@');
    if (email.length() > MAX_LENGTH || at < 1 || at > MAX_LOCAL_LENGTH
        || !ADDRESS.matcher(email).matches()) {
      return EmailResult.INVALID;
    }
    return new EmailResult(email, true, email.substring(at + 1));
  }
}
