package io.martflow.io.sources;

import io.martflow.transforms.deadletter.RejectReason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits one CSV file into records with their line numbers, by its dialect. It works on bytes:
 * delimiters, quotes and line breaks are ASCII in every supported encoding (and never part of a
 * UTF-8 multi-byte sequence), so a record is found first and its fields are decoded after, and a
 * byte sequence that is not valid in the declared encoding spoils one record, not the file.
 *
 * <p>Every physical line belongs to exactly one item: a record, or a problem (wrong field count,
 * broken quoting, bad encoding) that becomes a reject. An unclosed quote is reported at the line
 * it opened on and parsing resumes on the next line, so one stray quote costs one line. Empty lines
 * are skipped. A quoted field is never a null marker; an unquoted one equal to a marker is null.
 */
public final class CsvParser {
  /** What a line (or, for quoted line breaks, several) of the file is. */
  public sealed interface Item {
    /** 1-based physical line where the record starts. */
    int line();

    /** The record's text as written (decoded leniently), for reject payloads. */
    String text();
  }

  public record Record(int line, List<String> fields, String text) implements Item {}

  public record Problem(int line, RejectReason reason, String message, String text) implements Item {}

  /** A parsed file: its columns (the header, or the configured ones) and its items in file order. */
  public record Parsed(List<String> columns, List<Item> items) {}

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final byte[] b;
  private final CsvSpec spec;
  private final ValueFormats formats;
  private final CharsetDecoder strict;
  private final byte delimiter;
  private final int quote;
  private final int escape;
  private int pos;
  private int line = 1;

  private CsvParser(byte[] bytes, CsvSpec spec, ValueFormats formats) {
    this.b = bytes;
    this.spec = spec;
    this.formats = formats;
    this.strict = spec.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.delimiter = (byte) spec.delimiter();
    this.quote = spec.quote() == null ? -1 : spec.quote();
    // An escape equal to the quote is the RFC 4180 doubled quote, handled without an escape.
    this.escape = spec.escape() == null || spec.escape().equals(spec.quote()) ? -1 : spec.escape();
  }

  /**
   * Parses a whole file.
   *
   * @throws IllegalArgumentException when the header cannot be read (the file cannot be mapped)
   */
  public static Parsed parse(byte[] bytes, CsvSpec spec, ValueFormats formats) {
    CsvParser p = new CsvParser(bytes, spec, formats);
    if (spec.encoding().equals("UTF-8") && bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      p.pos = 3; // byte order mark
    }
    for (int i = 0; i < spec.skipLines() && p.pos < bytes.length; i++) {
      p.skipLine();
    }
    List<String> columns;
    if (spec.header()) {
      Item header = null;
      while (p.pos < bytes.length && header == null) {
        header = p.next(-1);
      }
      if (header == null) {
        return new Parsed(List.of(), List.of());
      }
      if (header instanceof Problem problem) {
        throw new IllegalArgumentException("line " + problem.line() + ": the header cannot be read: "
            + problem.message());
      }
      columns = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String c : ((Record) header).fields()) {
        String name = c == null ? "" : c.strip();
        if (!seen.add(name)) {
          throw new IllegalArgumentException("line " + header.line() + ": the header names column '" + name
              + "' twice");
        }
        columns.add(name);
      }
    } else {
      columns = spec.fileColumns();
    }
    List<Item> items = new ArrayList<>();
    while (p.pos < bytes.length) {
      Item item = p.next(columns.size());
      if (item != null) {
        items.add(item);
      }
    }
    return new Parsed(List.copyOf(columns), items);
  }

  /** The next record or problem, or null for an empty line. */
  private Item next(int expectedFields) {
    int start = pos;
    int startLine = line;
    if (atLineEnd(pos)) {
      skipLineBreak();
      return null;
    }
    List<int[]> fields = new ArrayList<>(); // [start, end, quoted] in bytes, before unescaping
    while (true) {
      int fieldStart = pos;
      if (quote >= 0 && pos < b.length && b[pos] == quote) {
        pos++;
        boolean closed = false;
        while (pos < b.length) {
          byte c = b[pos];
          if (escape >= 0 && c == escape && pos + 1 < b.length) {
            pos += 2;
            continue;
          }
          if (c == quote) {
            if (escape < 0 && pos + 1 < b.length && b[pos + 1] == quote) {
              pos += 2;
              continue;
            }
            closed = true;
            pos++;
            break;
          }
          if (c == LF) {
            line++;
          }
          pos++;
        }
        if (!closed) {
          // Unclosed quote: report its line, resume on the next one.
          pos = start;
          line = startLine;
          skipLine();
          return problem(startLine, start, RejectReason.CSV_QUOTING, "a quote opened on this line is never closed");
        }
        fields.add(new int[] {fieldStart, pos, 1});
        if (pos < b.length && b[pos] != delimiter && !atLineEnd(pos)) {
          skipLine();
          return problem(startLine, start, RejectReason.CSV_QUOTING, "text follows a closing quote");
        }
      } else {
        while (pos < b.length && b[pos] != delimiter && !atLineEnd(pos)) {
          if (quote >= 0 && b[pos] == quote) {
            skipLine();
            return problem(startLine, start, RejectReason.CSV_QUOTING, "a quote inside an unquoted field");
          }
          pos++;
        }
        fields.add(new int[] {fieldStart, pos, 0});
      }
      if (pos < b.length && b[pos] == delimiter) {
        pos++;
        continue;
      }
      int end = pos;
      skipLineBreak();
      String text = lenient(start, end);
      if (expectedFields >= 0 && fields.size() != expectedFields) {
        return new Problem(startLine, RejectReason.CSV_FIELD_COUNT, fields.size() + " field(s) where the header has "
            + expectedFields, text);
      }
      List<String> values = new ArrayList<>(fields.size());
      for (int i = 0; i < fields.size(); i++) {
        int[] f = fields.get(i);
        String v;
        try {
          v = decode(f[2] == 1 ? unquote(f[0], f[1]) : slice(f[0], f[1]));
        } catch (CharacterCodingException e) {
          return new Problem(startLine, RejectReason.ENCODING_ERROR, "field " + (i + 1) + " is not valid "
              + spec.encoding(), text);
        }
        values.add(f[2] == 0 && formats.isNull(v) ? null : v);
      }
      return new Record(startLine, values, text);
    }
  }

  private Problem problem(int startLine, int start, RejectReason reason, String message) {
    int end = pos;
    while (end > start && (b[end - 1] == LF || b[end - 1] == CR)) {
      end--;
    }
    return new Problem(startLine, reason, message, lenient(start, end));
  }

  private boolean atLineEnd(int i) {
    return i >= b.length || b[i] == LF || (b[i] == CR && (i + 1 >= b.length || b[i + 1] == LF));
  }

  private void skipLineBreak() {
    if (pos < b.length && b[pos] == CR) {
      pos++;
    }
    if (pos < b.length && b[pos] == LF) {
      pos++;
      line++;
    }
  }

  /** Moves past the end of the current physical line. */
  private void skipLine() {
    while (pos < b.length && b[pos] != LF) {
      pos++;
    }
    if (pos < b.length) {
      pos++;
      line++;
    }
  }

  private byte[] slice(int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(b, from, out, 0, out.length);
    return out;
  }

  /** The content of a quoted field without its quotes, escapes resolved. */
  private byte[] unquote(int from, int to) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(to - from);
    for (int i = from + 1; i < to - 1; i++) {
      byte c = b[i];
      if (escape >= 0 && c == escape && i + 1 < to - 1) {
        out.write(b[++i]);
      } else if (escape < 0 && c == quote && i + 1 < to - 1 && b[i + 1] == quote) {
        out.write(c);
        i++;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private String decode(byte[] bytes) throws CharacterCodingException {
    strict.reset();
    CharBuffer chars = strict.decode(ByteBuffer.wrap(bytes));
    return chars.toString();
  }

  private String lenient(int from, int to) {
    return new String(b, from, Math.max(0, to - from), spec.charset());
  }
}
