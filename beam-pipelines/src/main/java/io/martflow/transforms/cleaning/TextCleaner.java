package io.martflow.transforms.cleaning;

import java.text.Normalizer;

/**
 * Cleans free text from sources: trims, collapses inner whitespace (any Unicode space, tabs and
 * line breaks) to one space, drops control characters, invisible zero-width marks and bidirectional
 * overrides, and turns
 * what is left empty into null. Text is put in Unicode NFC form so that 'é' typed as one or as
 * two code points compares equal downstream.
 */
public final class TextCleaner {
  private static final int ZERO_WIDTH_SPACE = 0x200B;
  private static final int BYTE_ORDER_MARK = 0xFEFF;

  private TextCleaner() {}

  public static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isSpace(cp)) {
        pendingSpace = out.length() > 0;
      } else if (isInvisible(cp)) {
        // dropped: neither a character nor a separator
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.appendCodePoint(cp);
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  private static boolean isInvisible(int cp) {
    return Character.getType(cp) == Character.CONTROL
        || cp == ZERO_WIDTH_SPACE
        || cp == BYTE_ORDER_MARK
        || isBidiControl(cp);
  }

  /**
   * Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): invisible, and
   * able to make a report show text in another order than stored ("Trojan Source").
   */
  private static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
  }
}
