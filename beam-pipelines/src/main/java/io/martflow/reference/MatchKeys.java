package io.martflow.reference;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keys under which reference data is looked up. Both sides of a lookup (the ref row and the
 * source text) go through the same function, so they meet however the source spelled them.
 */
public final class MatchKeys {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern CONTROLS = Pattern.compile("\\p{Cc}+");
  /**
   * What the text rule (TextCleaner) drops as invisible: control characters other than whitespace,
   * the zero-width space, the byte order mark and bidirectional controls. Dropped before separators
   * are collapsed, so that a zero-width space inside 'shipped' or a BEL between two words changes no key.
   */
  private static final Pattern INVISIBLE =
      Pattern.compile("[[\\p{Cc}\\u200B\\uFEFF\\u202A-\\u202E\\u2066-\\u2069]&&[^\\s\\x1C-\\x1F]]+");
  private static final Pattern PHRASE_SEPARATORS = Pattern.compile("[\\s\\p{Z}_\\-]+");
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

  private MatchKeys() {}

  /**
   * Key for names spelled in many ways (countries): accents removed, lower case, only letters
   * and digits kept, so 'u.s.a.', 'U S A' and 'USA' meet, and so do 'Côte d’Ivoire' and
   * 'cote divoire'. Null when nothing is left.
   */
  public static String loose(String raw) {
    if (raw == null) {
      return null;
    }
    String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFKD);
    String folded = foldLettersWithoutDecomposition(
        MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT));
    StringBuilder key = new StringBuilder(folded.length());
    folded.codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(key::appendCodePoint);
    return key.length() == 0 ? null : key.toString();
  }

  /**
   * Key of ref.status_map and ref.failure_reasons (and shipping methods), exactly as the
   * ref.status_map comment defines it: lower case, trimmed, runs of whitespace, '-' and '_'
   * collapsed to one space; invisible characters dropped first as by the text rule. Null for null
   * or blank text.
   */
  public static String phrase(String raw) {
    if (raw == null) {
      return null;
    }
    String text = INVISIBLE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll("")
        .toLowerCase(Locale.ROOT);
    text = PHRASE_SEPARATORS.matcher(text).replaceAll(" ");
    text = CONTROLS.matcher(text).replaceAll("").strip();
    return text.isEmpty() ? null : text;
  }

  /**
   * Case-insensitive key (categories): lower case, trimmed, inner whitespace collapsed to one
   * space, invisible characters dropped. Null for null or blank text.
   */
  public static String caseless(String raw) {
    if (raw == null) {
      return null;
    }
    String text = INVISIBLE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll("")
        .toLowerCase(Locale.ROOT);
    text = WHITESPACE.matcher(text).replaceAll(" ");
    text = CONTROLS.matcher(text).replaceAll("").strip();
    return text.isEmpty() ? null : text;
  }

  // Letters that Unicode does not decompose into a base letter plus an accent.
  private static String foldLettersWithoutDecomposition(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case 'ß' -> out.append("ss");
        case 'æ' -> out.append("ae");
        case 'œ' -> out.append("oe");
        case 'ø' -> out.append('o');
        case 'đ', 'ð' -> out.append('d');
        case 'ł' -> out.append('l');
        case 'þ' -> out.append("th");
        case 'ı' -> out.append('i');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
