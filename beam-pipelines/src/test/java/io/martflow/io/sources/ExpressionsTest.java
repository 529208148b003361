package io.martflow.io.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.transforms.deadletter.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mapping expressions and value formats: renames, constants, functions, numbers and dates as partners write them. */
class ExpressionsTest {
  static final ValueFormats GERMAN = new ValueFormats(',', '.', "dd.MM.yyyy", "dd.MM.yyyy HH:mm", List.of("", "NA"),
      List.of("ja"), List.of("nein"), "Europe/Berlin");

  static Object eval(String expr, Map<String, Object> row, ValueFormats f) throws ValueException {
    return Functions.eval(ExprParser.parse(expr), row::get, f);
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void renamesConstantsAndConcatenation() throws Exception {
    Map<String, Object> r = row("vorname", "Jürgen", "nachname", null, "Kunden Nr", "K-0042", "plz", "10115");
    assertThat(eval("vorname", r, GERMAN), is("Jürgen"));
    assertThat(eval("col('Kunden Nr')", r, GERMAN), is("K-0042"));
    assertThat(eval("'DE'", r, GERMAN), is("DE"));
    assertThat(eval("concat(vorname, ' ', nachname)", r, GERMAN), is("Jürgen "));
    assertThat(eval("concat(nachname)", r, GERMAN), nullValue());
    assertThat(eval("concat('ART-', plz)", r, GERMAN), is("ART-10115"));
    assertThat(eval("coalesce(nachname, vorname)", r, GERMAN), is("Jürgen"));
    assertThat(eval("digits(col('Kunden Nr'))", r, GERMAN), is("0042"));
    assertThat(eval("upper(trim(replace(vorname, 'ü', 'ue')))", r, GERMAN), is("JUERGEN"));
    assertThat("a stable 60-bit key for text keys", eval("key_hash(col('Kunden Nr'))", r, GERMAN),
        equalTo(Functions.keyHash("K-0042")));
    assertThat(Functions.keyHash("K-0042") > 0 && Functions.keyHash("K-0042") < (1L << 60), is(true));
    assertThat(eval("equals(nachname, 'x')", r, GERMAN), is(false));
    assertThat(eval("not(equals(plz, '10115'))", r, GERMAN), is(false));
  }

  @Test
  void numbersCentsAndPercentagesInTheSourcesFormat() throws Exception {
    Map<String, Object> r = row("preis", "1.299,50", "cent", "1999", "anteil", "0,15", "satz", "19", "json", 1999L);
    assertThat(eval("number(preis)", r, GERMAN), equalTo(new BigDecimal("1299.50")));
    assertThat(eval("cents(cent)", r, GERMAN), equalTo(new BigDecimal("19.99")));
    assertThat(eval("cents(json)", r, GERMAN), equalTo(new BigDecimal("19.99")));
    assertThat(eval("percent(anteil)", r, GERMAN), equalTo(new BigDecimal("15")));
    assertThat(eval("fraction(satz)", r, GERMAN), equalTo(new BigDecimal("0.19")));
    ValueFormats commaOnly = new ValueFormats(',', null, null, null, List.of(""), List.of("ja"), List.of("nein"), "UTC");
    ValueException bad = assertThrows(ValueException.class, () -> eval("number(preis)", row("preis", "12.5"),
        commaOnly));
    assertThat(bad.reason(), is(RejectReason.INVALID_NUMBER));
    assertThat(bad.getMessage(), is("'12.5' is not a number (decimal separator ',')"));
    assertThat(assertThrows(ValueException.class, () -> eval("number(preis)", row("preis", "12,5x"), GERMAN))
        .getMessage(), is("'12,5x' is not a number (decimal separator ',', grouping '.')"));
    assertThat(assertThrows(ValueException.class, () -> eval("cents(x)", row("x", "12a"), ValueFormats.DEFAULT))
        .reason(), is(RejectReason.INVALID_NUMBER));
  }

  @Test
  void datesAndTimestampsDayFirstInTheSourcesZone() throws Exception {
    Map<String, Object> r = row("geb", "03.02.1990", "ts", "31.07.2026 14:30", "iso", "2026-11-01 08:00:00+00",
        "raw", "19900203", "epoch", 1_700_000_000L);
    assertThat(TypedValues.date(r.get("geb"), GERMAN, null), equalTo(LocalDate.of(1990, 2, 3)));
    assertThat("summer time in Berlin is UTC+2", TypedValues.timestamp(r.get("ts"), GERMAN, null),
        equalTo(Instant.parse("2026-07-31T12:30:00Z")));
    assertThat(TypedValues.timestamp(r.get("iso"), ValueFormats.DEFAULT, null),
        equalTo(Instant.parse("2026-11-01T08:00:00Z")));
    assertThat(eval("date(raw, 'yyyyMMdd')", r, GERMAN), equalTo(LocalDate.of(1990, 2, 3)));
    assertThat(eval("epoch_seconds(epoch)", r, GERMAN), equalTo(Instant.ofEpochSecond(1_700_000_000L)));
    ValueException feb30 = assertThrows(ValueException.class, () -> TypedValues.date("30.02.2026", GERMAN, null));
    assertThat("dates are strict", feb30.reason(), is(RejectReason.INVALID_DATE));
    assertThat(feb30.getMessage(), is("'30.02.2026' is not a date in the format 'dd.MM.yyyy'"));
    assertThat(TypedValues.bool("JA", GERMAN), is(true));
    assertThat(assertThrows(ValueException.class, () -> TypedValues.bool("maybe", GERMAN)).getMessage(),
        startsWith("'maybe' is not a boolean"));
  }

  @Test
  void nullMarkersAndFieldTypes() throws Exception {
    var lookup = RecordMapper.lookup(row("a", "NA", "b", ""), GERMAN);
    assertThat(lookup.apply("a"), nullValue());
    assertThat(lookup.apply("b"), nullValue());
    var price = io.martflow.model.Product.getClassSchema().getField("list_price");
    assertThat(TypedValues.toField("12,345", price, GERMAN), equalTo(new BigDecimal("12.35")));
    assertThat(assertThrows(ValueException.class, () -> TypedValues.toField("1.234.567.890.123.456,00", price, GERMAN))
        .getMessage(), is("1234567890123456.00 does not fit numeric(14,2) of list_price"));
    var qty = io.martflow.model.OrderItem.getClassSchema().getField("quantity");
    assertThat(TypedValues.toField("3", qty, GERMAN), is(3));
    assertThat(assertThrows(ValueException.class, () -> TypedValues.toField("2,5", qty, GERMAN)).getMessage(),
        is("2.5 is not a whole number (quantity)"));
  }
}
