package io.martflow.demo;

import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Builds rows of one table in PostgreSQL's COPY text format and hands them to a {@link ChunkSink}
 * in chunks of about {@value #CHUNK_CHARS} characters. Values are appended column by column in
 * the table's order; {@link #endRow(boolean)} closes a row (and writes it twice for an exact
 * duplicate). Money is written from whole cents, fractions from fixed-point integers: no
 * floating point reaches the database.
 */
final class TableWriter {
  static final int CHUNK_CHARS = 1 << 20;

  private final ChunkSink sink;
  private final String copySql;
  private final StringBuilder buf = new StringBuilder(CHUNK_CHARS + (CHUNK_CHARS >> 3));
  private boolean firstColumn = true;
  private int rowStart;
  private long rows;

  // Cache of the last formatted date: timestamps of one table come mostly in date order.
  private long cachedDay = Long.MIN_VALUE;
  private final char[] cachedDate = new char[10];

  TableWriter(ChunkSink sink, ShopTable table, String target) {
    this.sink = sink;
    this.copySql = table.copyInto(target);
  }

  TableWriter(ChunkSink sink, ShopTable table) {
    this(sink, table, table.qualifiedName());
  }

  long rows() {
    return rows;
  }

  /** The rows of all of them (a progress count). */
  static long rows(TableWriter... writers) {
    long n = 0;
    for (TableWriter w : writers) {
      n += w.rows;
    }
    return n;
  }

  private void separator() {
    if (firstColumn) {
      firstColumn = false;
    } else {
      buf.append('\t');
    }
  }

  TableWriter nul() {
    separator();
    buf.append("\\N");
    return this;
  }

  TableWriter text(String s) {
    if (s == null) {
      return nul();
    }
    separator();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> buf.append("\\\\");
        case '\t' -> buf.append("\\t");
        case '\n' -> buf.append("\\n");
        case '\r' -> buf.append("\\r");
        default -> buf.append(c);
      }
    }
    return this;
  }

  TableWriter num(long v) {
    separator();
    buf.append(v);
    return this;
  }

  TableWriter num(Long v) {
    return v == null ? nul() : num(v.longValue());
  }

  TableWriter num(Integer v) {
    return v == null ? nul() : num(v.longValue());
  }

  /** A fixed-point number: {@code fixed(-1234, 2)} writes {@code -12.34}. */
  TableWriter fixed(long units, int scale) {
    separator();
    if (units < 0) {
      buf.append('-');
      units = -units;
    }
    long factor = 1;
    for (int i = 0; i < scale; i++) {
      factor *= 10;
    }
    buf.append(units / factor);
    if (scale > 0) {
      buf.append('.');
      String frac = Long.toString(units % factor);
      for (int i = frac.length(); i < scale; i++) {
        buf.append('0');
      }
      buf.append(frac);
    }
    return this;
  }

  TableWriter fixed(Long units, int scale) {
    return units == null ? nul() : fixed(units.longValue(), scale);
  }

  /** Money from whole cents. */
  TableWriter cents(Long cents) {
    return fixed(cents, 2);
  }

  TableWriter bool(boolean b) {
    separator();
    buf.append(b ? 't' : 'f');
    return this;
  }

  TableWriter date(Long epochDay) {
    if (epochDay == null) {
      return nul();
    }
    separator();
    appendDate(epochDay);
    return this;
  }

  /** A timestamptz in UTC from epoch seconds: {@code 2025-03-01 14:05:09+00}. */
  TableWriter ts(Long epochSecond) {
    if (epochSecond == null) {
      return nul();
    }
    separator();
    long sec = epochSecond;
    long day = Math.floorDiv(sec, 86_400L);
    int secOfDay = (int) Math.floorMod(sec, 86_400L);
    appendDate(day);
    buf.append(' ');
    two(secOfDay / 3600);
    buf.append(':');
    two(secOfDay / 60 % 60);
    buf.append(':');
    two(secOfDay % 60);
    buf.append("+00");
    return this;
  }

  private void appendDate(long day) {
    if (day != cachedDay) {
      LocalDate d = LocalDate.ofEpochDay(day);
      int y = d.getYear();
      if (y < 1000 || y > 9999) {
        throw new IllegalArgumentException("year out of range: " + d);
      }
      int m = d.getMonthValue();
      int dd = d.getDayOfMonth();
      cachedDate[0] = (char) ('0' + y / 1000);
      cachedDate[1] = (char) ('0' + y / 100 % 10);
      cachedDate[2] = (char) ('0' + y / 10 % 10);
      cachedDate[3] = (char) ('0' + y % 10);
      cachedDate[4] = '-';
      cachedDate[5] = (char) ('0' + m / 10);
      cachedDate[6] = (char) ('0' + m % 10);
      cachedDate[7] = '-';
      cachedDate[8] = (char) ('0' + dd / 10);
      cachedDate[9] = (char) ('0' + dd % 10);
      cachedDay = day;
    }
    buf.append(cachedDate, 0, 10);
  }

  private void two(int v) {
    buf.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  /** Ends the row; a {@code duplicate} row is written a second time, byte for byte. */
  void endRow(boolean duplicate) throws SQLException {
    buf.append('\n');
    rows++;
    if (duplicate) {
      buf.append(buf, rowStart, buf.length());
      rows++;
    }
    firstColumn = true;
    if (buf.length() >= CHUNK_CHARS) {
      flush();
    }
    rowStart = buf.length();
  }

  /** Sends what is buffered (the sink stores it asynchronously). */
  void flush() throws SQLException {
    if (buf.length() > 0) {
      sink.submit(copySql, buf);
      buf.setLength(0);
    }
    rowStart = 0;
  }
}
