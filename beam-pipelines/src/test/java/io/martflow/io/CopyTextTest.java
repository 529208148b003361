package io.martflow.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CopyTextTest {
  private static final DateTimeFormatter POSTGRES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]'+00'");

  @ParameterizedTest
  @ValueSource(strings = {"1970-01-01T00:00:00Z", "2026-11-23T16:55:10.123456Z", "2000-02-29T23:59:59.000001Z",
      "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2026-03-01T07:08:09.01Z"})
  void instantsAreWrittenAsPostgresTimestamps(String iso) {
    Instant t = Instant.parse(iso);
    StringBuilder out = new StringBuilder();
    CopyText.appendInstant(t, out);
    String expected = t.getNano() == 0
        ? t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'+00'"))
        : t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'"));
    assertThat(out.toString(), equalTo(expected));
    assertThat(OffsetDateTime.parse(out.toString(), POSTGRES.withZone(ZoneOffset.UTC)).toInstant(), equalTo(t));
  }

  @Test
  void valuesAreEscapedForTheTextFormat() {
    StringBuilder out = new StringBuilder();
    for (Object v : new Object[] {"a\tb\nc\\d\re\u0000", null, 42L, 7, new BigDecimal("1E+3"), true}) {
      CopyText.appendValue(v, out);
      out.append('|');
    }
    assertThat(out.toString(), equalTo("a\\tb\\nc\\\\d\\re\uFFFD|\\N|42|7|1000|t|"));
  }
}
