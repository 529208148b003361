package io.martflow.transforms.cleaning;

import java.util.Locale;

/**
 * Puts person names in title case: 'JOHN', 'john' -&gt; 'John'; 'o'brien' -&gt; 'O'Brien';
 * 'MCDONALD' -&gt; 'McDonald'; 'mary-jane' -&gt; 'Mary-Jane'; 'ANNA MARIA' -&gt; 'Anna Maria';
 * 'j.r.' -&gt; 'J.R.'.
 *
 * <p>A word the source already wrote in mixed case starting with a capital ('DeShawn',
 * 'MacArthur') is kept as written: title-casing it would destroy information. Curly and modifier
 * apostrophes become the ASCII one so that one name is stored one way.
 */
public final class NameNormalizer {
  private NameNormalizer() {}

  public static String normalize(String raw) {
    String text = TextCleaner.clean(raw);
    if (text == null) {
      return null;
    }
    text = text.replace('\u2019', '\'').replace('\u02BC', '\'').replace('\u2018', '\'');
    String[] words = text.split(" ");
    StringBuilder out = new StringBuilder(text.length());
    for (String word : words) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(isDeliberatelyMixedCase(word) ? word : titleCase(word));
    }
    return out.toString();
  }

  // 'DeShawn', 'MacArthur': a capital first, then mostly lower case. 'McDONALD' (mostly
  // capitals) or 'jOHN' (caps lock) are typing accidents and get title-cased.
  private static boolean isDeliberatelyMixedCase(String word) {
    int[] letters = word.codePoints().filter(Character::isLetter).toArray();
    if (letters.length < 2 || !Character.isUpperCase(letters[0])) {
      return false;
    }
    long upper = 0;
    long lower = 0;
    for (int i = 1; i < letters.length; i++) {
      upper += Character.isUpperCase(letters[i]) ? 1 : 0;
      lower += Character.isLowerCase(letters[i]) ? 1 : 0;
    }
    return upper > 0 && lower > upper;
  }

  private static String titleCase(String word) {
    int[] cps = word.toLowerCase(Locale.ROOT).codePoints().toArray();
    int segmentStart = 0;
    for (int i = 0; i < cps.length; i++) {
      if (i == segmentStart && Character.isLetter(cps[i])) {
        cps[i] = Character.toTitleCase(cps[i]);
        capitalizeAfterMc(cps, i);
      }
      if (cps[i] == '-' || cps[i] == '.') {
        segmentStart = i + 1;
      } else if (cps[i] == '\'' && i - segmentStart == 1) {
        // O'Brien, D'Angelo: a one-letter prefix before the apostrophe
        segmentStart = i + 1;
      }
    }
    return new String(cps, 0, cps.length);
  }

  // McDonald, McKenzie: 'Mc' followed by at least one more letter.
  private static void capitalizeAfterMc(int[] cps, int start) {
    if (cps.length > start + 2 && cps[start] == 'M' && cps[start + 1] == 'c'
        && Character.isLetter(cps[start + 2])) {
      cps[start + 2] = Character.toTitleCase(cps[start + 2]);
    }
  }
}
