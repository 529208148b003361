package io.martflow.transforms.cleaning;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.internal.RegexBasedMatcher;
import com.google.i18n.phonenumbers.internal.RegexCache;
import java.lang.reflect.Field;
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

  /** Patterns kept compiled: every region's fit (the library keeps 100). */
  static final int REGEX_CACHE_SIZE = 20_000;

  /**
   * libphonenumber keeps its compiled patterns in two LRU caches of 100 entries. Customers spread
   * over 250 countries evict them all the time, so most numbers recompiled a pattern (5.6 s of a
   * 200k-customer load's CPU in a profile). The library's singleton gets larger caches when its
   * internals are as this version has them; another version keeps its own.
   */
  static final PhoneNumberUtil UTIL = withLargerRegexCaches(PhoneNumberUtil.getInstance());

  private PhoneNormalizer() {}

  static PhoneNumberUtil withLargerRegexCaches(PhoneNumberUtil util) {
    try {
      replace(PhoneNumberUtil.class, util, "regexCache");
      Object matcher = field(PhoneNumberUtil.class, "matcherApi").get(util);
      if (matcher instanceof RegexBasedMatcher) {
        replace(RegexBasedMatcher.class, matcher, "regexCache");
      }
    } catch (ReflectiveOperationException | RuntimeException anotherVersion) {
      // the library as shipped: slower, same results
    }
    return util;
  }

  private static void replace(Class<?> owner, Object target, String name) throws ReflectiveOperationException {
    Field f = field(owner, name);
    if (f.getType() != RegexCache.class) {
      throw new NoSuchFieldException(name + " is no RegexCache");
    }
    f.set(target, new RegexCache(REGEX_CACHE_SIZE));
  }

  static Field field(Class<?> owner, String name) throws NoSuchFieldException {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  public static PhoneResult normalize(String raw, String defaultRegion) {
    String text = TextCleaner.clean(raw);
    if (text == null) {
      return PhoneResult.INVALID;
    }
    String region = defaultRegion == null ? UNKNOWN_REGION : defaultRegion.toUpperCase(Locale.ROOT);
    PhoneNumberUtil util = UTIL;
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
