package io.martflow.demo;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Names, e-mail addresses and phone numbers of the demo customers. */
final class People {
  private static final String[] GLOBAL_DOMAINS = {"gmail.com", "gmail.com", "gmail.com", "gmail.com", "gmail.com",
      "gmail.com", "outlook.com", "outlook.com", "hotmail.com", "hotmail.com", "yahoo.com", "yahoo.com",
      "icloud.com", "icloud.com", "proton.me", "aol.com"};

  private final Map<String, String[]> firstNames = new TreeMap<>();
  private final Map<String, String[]> lastNames = new TreeMap<>();
  private final Places places;
  private final PhoneTemplate[][] phoneTemplates;

  /** A valid number of a country: its first digits are kept, the last {@code free} are random. */
  private record PhoneTemplate(int countryCode, String nationalNumber, int free) {}

  People(Places places) {
    this.places = places;
    for (String[] row : Resources.tsv("names.tsv")) {
      (row[1].equals("first") ? firstNames : lastNames).put(row[0], row[2].split(","));
    }
    phoneTemplates = new PhoneTemplate[places.size()][];
    for (int i = 0; i < places.size(); i++) {
      phoneTemplates[i] = templates(places.code(i));
    }
  }

  String firstName(SplittableRandom r, int country) {
    String[] names = firstNames.getOrDefault(places.language(country), firstNames.get("en"));
    return names[r.nextInt(names.length)];
  }

  String lastName(SplittableRandom r, int country) {
    String[] names = lastNames.getOrDefault(places.language(country), lastNames.get("en"));
    return names[r.nextInt(names.length)];
  }

  /** A valid, lower-case address made from the name, as people choose them. */
  String email(SplittableRandom r, int country, String first, String last) {
    String f = asciiWord(first);
    String l = asciiWord(last);
    if (f.isEmpty()) {
      f = "user";
    }
    if (l.isEmpty()) {
      l = "mail";
    }
    String local = switch (r.nextInt(7)) {
      case 0 -> f + "." + l;
      case 1 -> f + l;
      case 2 -> f.charAt(0) + "." + l;
      case 3 -> f + "_" + l;
      case 4 -> f + "." + l + (10 + r.nextInt(90));
      case 5 -> f + (1950 + r.nextInt(60));
      default -> f.charAt(0) + l + (1 + r.nextInt(999));
    };
    String[] local2 = places.localDomains(country);
    String domain = local2.length > 0 && r.nextInt(3) == 0
        ? local2[r.nextInt(local2.length)] : GLOBAL_DOMAINS[r.nextInt(GLOBAL_DOMAINS.length)];
    return local + "@" + domain;
  }

  private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");
  // Names and categories come from short lists: fold each once (lookups only, never iterated).
  private static final Map<String, String> ASCII_WORDS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Letters and digits of a name in ASCII lower case ('Łukasz' -> 'lukasz', 'Mary Ann' -> 'maryann'). */
  static String asciiWord(String name) {
    if (ASCII_WORDS.size() > 10_000) {
      return fold(name);
    }
    return ASCII_WORDS.computeIfAbsent(name, People::fold);
  }

  private static String fold(String name) {
    String folded = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("")
        .toLowerCase(Locale.ROOT).replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("æ", "ae");
    StringBuilder sb = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A valid phone number of the country in E.164, or null when libphonenumber knows none. */
  String phoneE164(SplittableRandom r, int country) {
    PhoneTemplate[] templates = phoneTemplates[country];
    if (templates.length == 0) {
      return null;
    }
    PhoneTemplate t = templates[templates.length > 1 && r.nextInt(10) < 3 ? 1 : 0];
    StringBuilder sb = new StringBuilder(16).append('+').append(t.countryCode());
    String nsn = t.nationalNumber();
    sb.append(nsn, 0, nsn.length() - t.free());
    for (int i = 0; i < t.free(); i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }

  /**
   * The same number as people type it: national or international format, other separators. Every
   * variant parses back (with the customer's country as default region) to the same E.164.
   */
  static String retype(SplittableRandom r, String e164, String countryCode) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      PhoneNumber number = util.parse(e164, countryCode);
      String national = util.format(number, PhoneNumberFormat.NATIONAL);
      String international = util.format(number, PhoneNumberFormat.INTERNATIONAL);
      String candidate = switch (r.nextInt(5)) {
        case 0 -> national;
        case 1 -> international;
        case 2 -> national.replaceAll("[^0-9+]", "");
        case 3 -> national.replaceAll("[ ()\\-]+", ".").replaceAll("^\\.|\\.$", "");
        default -> international.replace(' ', '-');
      };
      if (!candidate.equals(e164) && e164.equals(
          util.format(util.parse(candidate, countryCode), PhoneNumberFormat.E164))) {
        return candidate;
      }
      return international;
    } catch (NumberParseException e) {
      return e164;
    }
  }

  private static PhoneTemplate[] templates(String region) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    List<PhoneTemplate> out = new ArrayList<>();
    SplittableRandom r = Seeds.random(Seeds.PHONE_TEMPLATES, region.hashCode());
    for (PhoneNumberType type : new PhoneNumberType[] {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE}) {
      PhoneNumber example = util.getExampleNumberForType(region, type);
      if (example == null) {
        continue;
      }
      String nsn = util.getNationalSignificantNumber(example);
      for (int free : new int[] {Math.min(6, nsn.length() - 3), 4, 3}) {
        if (free < 2) {
          continue;
        }
        PhoneTemplate t = new PhoneTemplate(example.getCountryCode(), nsn, free);
        if (allValid(util, t, r, region)) {
          out.add(t);
          break;
        }
      }
    }
    return out.toArray(new PhoneTemplate[0]);
  }

  // A template is used only when 40 random numbers made from it are all valid for the region.
  private static boolean allValid(PhoneNumberUtil util, PhoneTemplate t, SplittableRandom r, String region) {
    for (int i = 0; i < 40; i++) {
      StringBuilder sb = new StringBuilder("+").append(t.countryCode());
      sb.append(t.nationalNumber(), 0, t.nationalNumber().length() - t.free());
      for (int k = 0; k < t.free(); k++) {
        sb.append((char) ('0' + r.nextInt(10)));
      }
      try {
        PhoneNumber n = util.parse(sb.toString(), region);
        if (!util.isValidNumberForRegion(n, region)
            || !util.format(n, PhoneNumberFormat.E164).equals(sb.toString())) {
          return false;
        }
      } catch (NumberParseException e) {
        return false;
      }
    }
    return true;
  }
}
