package io.martflow.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The dirty ways people and systems write clean values. Every variant of a repairable kind is
 * checked against the reference data it must resolve through, so the cleaning rules can repair it.
 */
final class Spellings {
  private static final String[] UNKNOWN_STATUSES = {"on hold", "backordered", "awaiting pickup", "in limbo",
      "unknown", "N/A", "status 7", "ERR_STATUS", "?", "partially shipped", "review", "TBD"};
  private static final String[] UNKNOWN_CATEGORIES = {"Misc", "Clearance Items", "TBD", "Sonstiges", "Other stuff",
      "n/a", "Seasonal Specials", "Bundle Deals", "Imported", "Divers"};

  private final ShopReference ref;
  private final List<String> unknownStatuses = new ArrayList<>();
  private final List<String> unknownCategories = new ArrayList<>();

  Spellings(ShopReference ref) {
    this.ref = ref;
    for (String s : UNKNOWN_STATUSES) {
      if (ref.statusOf(s) == null) {
        unknownStatuses.add(s);
      }
    }
    for (String c : UNKNOWN_CATEGORIES) {
      if (!ref.isKnownCategory(c)) {
        unknownCategories.add(c);
      }
    }
    if (unknownStatuses.isEmpty()) {
      unknownStatuses.add("zz-unknown-status-zz");
    }
    if (unknownCategories.isEmpty()) {
      unknownCategories.add("Zz Unknown Category");
    }
  }

  /** 'JOHN', 'john' or 'jOHN': a case the name rule repairs (the text must have a letter to change). */
  static String miscased(SplittableRandom r, String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    String lower = text.toLowerCase(Locale.ROOT);
    for (int attempt = 0; attempt < 3; attempt++) {
      String v = switch ((r.nextInt(3) + attempt) % 3) {
        case 0 -> upper;
        case 1 -> lower;
        default -> invertCase(text);
      };
      if (!v.equals(text)) {
        return v;
      }
    }
    return upper.equals(text) ? lower : upper;
  }

  static String invertCase(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> sb.appendCodePoint(
        Character.isUpperCase(cp) ? Character.toLowerCase(cp) : Character.toUpperCase(cp)));
    return sb.toString();
  }

  /** Stray or doubled whitespace: '  John', 'Smith ', 'Mary  Ann', 'John\t'. */
  static String spaced(SplittableRandom r, String text) {
    int space = text.indexOf(' ');
    int choice = r.nextInt(space > 0 ? 5 : 4);
    return switch (choice) {
      case 0 -> "  " + text;
      case 1 -> text + " ";
      case 2 -> " " + text + "  ";
      case 3 -> text + "\t";
      default -> text.substring(0, space) + "   " + text.substring(space + 1);
    };
  }

  /** A country written otherwise than by its alpha-2 code, that still resolves to it. */
  String country(SplittableRandom r, String code) {
    ShopReference.Country c = ref.country(code);
    List<String> options = new ArrayList<>();
    options.add(c.name());
    options.add(c.name().toUpperCase(Locale.ROOT));
    options.addAll(ref.aliases(code));
    options.addAll(ref.aliases(code));
    options.add(c.alpha3());
    options.add(code.toLowerCase(Locale.ROOT));
    for (int attempt = 0; attempt < 8; attempt++) {
      String v = options.get(r.nextInt(options.size()));
      if (!v.equals(code) && code.equals(ref.countryCodeOf(v))) {
        return v;
      }
    }
    return code.toLowerCase(Locale.ROOT);
  }

  /**
   * A status spelled otherwise than canonically that ref.status_map still maps to it: another
   * case, other separators, a synonym or another language.
   */
  String status(SplittableRandom r, String status) {
    List<String> raws = ref.rawStatuses(status);
    for (int attempt = 0; attempt < 8; attempt++) {
      String v;
      int choice = r.nextInt(4);
      if (choice == 0) {
        v = status.toUpperCase(Locale.ROOT);
      } else if (choice == 1) {
        v = Character.toUpperCase(status.charAt(0)) + status.substring(1).replace('_', ' ');
      } else {
        String raw = raws.get(r.nextInt(raws.size()));
        v = r.nextBoolean() ? raw : (r.nextBoolean() ? raw.toUpperCase(Locale.ROOT) : " " + capitalize(raw) + " ");
      }
      if (!v.equals(status) && status.equals(ref.statusOf(v))) {
        return v;
      }
    }
    return status.toUpperCase(Locale.ROOT);
  }

  /** A status ref.status_map does not know (or none at all). */
  String unknownStatus(SplittableRandom r) {
    if (r.nextInt(10) == 0) {
      return null;
    }
    return unknownStatuses.get(r.nextInt(unknownStatuses.size()));
  }

  /** A category of ref.categories in another case or with extra whitespace. */
  static String categoryCasing(SplittableRandom r, String category) {
    String v = switch (r.nextInt(4)) {
      case 0 -> category.toUpperCase(Locale.ROOT);
      case 1 -> category.toLowerCase(Locale.ROOT);
      case 2 -> " " + category + " ";
      default -> category.replace(" ", "  ").toLowerCase(Locale.ROOT) + " ";
    };
    return v.equals(category) ? " " + category + " " : v;
  }

  String unknownCategory(SplittableRandom r) {
    return unknownCategories.get(r.nextInt(unknownCategories.size()));
  }

  /** A broken address the e-mail rule rejects. */
  static String invalidEmail(SplittableRandom r, String email) {
    int at = email.indexOf('@');
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    int dot = domain.lastIndexOf('.');
    return switch (r.nextInt(8)) {
      case 0 -> local + "." + domain;                       // no '@'
      case 1 -> local + "@" + local + "@" + domain;         // two '@'
      case 2 -> local + " @" + domain;                      // a space
      case 3 -> local + "..x@" + domain;                    // two dots in a row
      case 4 -> local + "@" + domain.substring(0, dot);     // no top-level domain
      case 5 -> email + ".";                                // a trailing dot
      case 6 -> "@" + domain;                               // no local part
      default -> local + "@" + domain.replace('.', ',');    // comma for dot
    };
  }

  /** A valid address with upper-case letters or surrounding whitespace. */
  static String unnormalizedEmail(SplittableRandom r, String email) {
    return switch (r.nextInt(3)) {
      case 0 -> email.toUpperCase(Locale.ROOT);
      case 1 -> " " + email + " ";
      default -> Character.toUpperCase(email.charAt(0)) + email.substring(1, email.indexOf('@') + 1)
          + email.substring(email.indexOf('@') + 1).toUpperCase(Locale.ROOT);
    };
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
