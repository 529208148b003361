package io.martflow.export;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.martflow.cli.ExitCodes;
import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exports round-trip: CSV (RFC 4180), JSON Lines and Parquet read back with the same rows, values and types. */
class TableExporterTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir Path out;
  static final int BULK = 25_000;  // more than two cursor fetches

  @BeforeAll
  static void marts() throws Exception {
    Sql.runText(db.spec(), """
        create table mart.export_sample (
          id bigint, name text, amount numeric(14,2), ratio numeric, day date, at timestamptz, local_at timestamp,
          flag boolean, qty integer, doc jsonb);
        insert into mart.export_sample values
          (1, 'plain', 1234.50, 0.3333333333333333333333, '2026-11-01', '2026-11-01 10:00:00+02', '2026-11-01 10:00',
           true, 3, '{"a": [1, 2]}'),
          (2, 'comma, "quote" and
        newline', -0.05, 12345678901234567890.5, '2000-02-29', 'infinity', null, false, null, null),
          (3, '', null, null, null, null, null, null, -7, '"x"'),
          (4, null, 99999999999.99, 0, '1999-12-31', '1970-01-01 00:00:00Z', '1970-01-01 00:00', true, 0, '[]');
        create table core.bulk as
          select g as id, (g * 1.25)::numeric(12,2) as amount, date '2026-01-01' + (g % 365) as day
          from generate_series(1, 25000) g;
        create table dw.not_exportable (x int);
        """);
  }

  @Test
  void csvIsRfc4180WithAHeader() throws Exception {
    TableExporter.Result r = TableExporter.export(db.spec(), "mart.export_sample", TableExporter.Format.CSV, out);
    assertThat(r.rows(), equalTo(4L));
    assertThat(r.file().getFileName().toString(), equalTo("mart.export_sample.csv"));
    String text = Files.readString(r.file(), StandardCharsets.UTF_8);
    List<List<String>> rows = parseCsv(text);
    assertThat(rows, hasSize(5));
    assertThat(rows.get(0), contains("id", "name", "amount", "ratio", "day", "at", "local_at", "flag", "qty", "doc"));
    assertThat(rows.get(1), contains("1", "plain", "1234.50", "0.3333333333333333333333", "2026-11-01",
        "2026-11-01T08:00:00Z", "2026-11-01T10:00", "true", "3", "{\"a\": [1, 2]}"));
    assertThat(rows.get(2).get(1), equalTo("comma, \"quote\" and\nnewline"));
    assertThat(rows.get(2).get(3), equalTo("12345678901234567890.5"));
    assertThat(rows.get(2).get(5), equalTo("infinity"));
    assertThat("empty string quoted, null empty", text, containsString("\r\n3,\"\",,,,,,,-7,\"\"\"x\"\"\"\r\n"));
    assertThat(rows.get(4).get(1), is((Object) null));
    assertThat(text, endsWith("\r\n"));
  }

  @Test
  void jsonIsOneObjectPerLineWithTypedValues() throws Exception {
    TableExporter.Result r = TableExporter.export(db.spec(), "mart.export_sample", TableExporter.Format.JSON, out);
    assertThat(r.file().getFileName().toString(), equalTo("mart.export_sample.jsonl"));
    List<String> lines = Files.readAllLines(r.file(), StandardCharsets.UTF_8);
    assertThat(lines, hasSize(4));
    ObjectMapper mapper = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature
        .USE_BIG_DECIMAL_FOR_FLOATS);
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("id").asLong(), equalTo(1L));
    assertThat("numeric written exactly, as a JSON number", lines.get(0), containsString("\"amount\":1234.50,"));
    assertThat(first.get("amount").decimalValue().compareTo(new BigDecimal("1234.50")), equalTo(0));
    assertThat(lines.get(0), containsString("\"ratio\":0.3333333333333333333333,"));
    assertThat(first.get("flag").isBoolean(), is(true));
    assertThat(first.get("doc").get("a").get(1).asInt(), equalTo(2));
    assertThat(first.get("at").asText(), equalTo("2026-11-01T08:00:00Z"));
    JsonNode second = mapper.readTree(lines.get(1));
    assertThat(second.get("name").asText(), equalTo("comma, \"quote\" and\nnewline"));
    assertThat(lines.get(1), containsString("\"ratio\":12345678901234567890.5,"));
    assertThat(second.get("qty").isNull(), is(true));
    assertThat(mapper.readTree(lines.get(2)).get("doc").asText(), equalTo("x"));
  }

  @Test
  void parquetKeepsTypesAndValues() throws Exception {
    TableExporter.Result r = TableExporter.export(db.spec(), "mart.export_sample", TableExporter.Format.PARQUET, out);
    assertThat(r.rows(), equalTo(4L));
    assertThat(r.file().getFileName().toString(), equalTo("mart.export_sample.parquet"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      String file = "'" + r.file() + "'";
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rs = s.executeQuery("describe select * from read_parquet(" + file + ")")) {
        while (rs.next()) {
          types.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
      assertThat(types, equalTo(Map.of("id", "BIGINT", "name", "VARCHAR", "amount", "DECIMAL(14,2)",
          "ratio", "DECIMAL(38,18)", "day", "DATE", "at", "TIMESTAMP WITH TIME ZONE", "local_at", "TIMESTAMP",
          "flag", "BOOLEAN", "qty", "INTEGER", "doc", "VARCHAR")));
      try (ResultSet rs = s.executeQuery("select count(*), sum(amount), max(day), count(name) from read_parquet("
          + file + ")")) {
        rs.next();
        assertThat(rs.getLong(1), equalTo(4L));
        assertThat(rs.getBigDecimal(2), equalTo(new BigDecimal("100000001234.44")));
        assertThat(rs.getObject(3, LocalDate.class), equalTo(LocalDate.of(2026, 11, 1)));
        assertThat(rs.getLong(4), equalTo(3L));
      }
      try (ResultSet rs = s.executeQuery("select ratio, epoch_us(\"at\"), name from read_parquet(" + file
          + ") order by id")) {
        rs.next();
        assertThat(rs.getBigDecimal(1), equalTo(new BigDecimal("0.333333333333333333")));
        assertThat(rs.getLong(2), equalTo(OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC).toEpochSecond()
            * 1_000_000L));
        rs.next();
        assertThat(rs.getBigDecimal(1), equalTo(new BigDecimal("12345678901234567890.500000000000000000")));
        assertThat("infinity becomes the end of time", rs.getLong(2),
            equalTo(TableExporter.END_OF_TIME.toEpochSecond() * 1_000_000L + 999_999L));
        assertThat(rs.getString(3), equalTo("comma, \"quote\" and\nnewline"));
        rs.next();
        rs.next();
        assertThat(rs.getString(3), nullValue());
      }
    }
  }

  @Test
  void aLargeTableStreamsThroughSeveralFetchesInEveryFormat() throws Exception {
    for (TableExporter.Format f : TableExporter.Format.values()) {
      TableExporter.Result r = TableExporter.export(db.spec(), "core.bulk", f, out);
      assertThat(f + " rows", r.rows(), equalTo((long) BULK));
    }
    assertThat(Files.readAllLines(out.resolve("core.bulk.csv")), hasSize(BULK + 1));
    assertThat(Files.readAllLines(out.resolve("core.bulk.jsonl")), hasSize(BULK));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("select count(*), sum(amount) from read_parquet('" + out.resolve("core.bulk.parquet")
            + "')")) {
      rs.next();
      assertThat(rs.getLong(1), equalTo((long) BULK));
      assertThat(rs.getBigDecimal(2), equalTo(new BigDecimal("390640625.00")));  // 1.25 * 25000 * 25001 / 2
    }
    try (var files = Files.list(out)) {
      assertThat("no temporary file left", files.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
          hasSize(0));
    }
  }

  @Test
  void theCliExportsOnlyCoreAndMartTables() throws Exception {
    CliRun ok = CliRun.run(db.env(), "export", "--table", "mart.export_sample", "--format", "csv", "--out",
        out.toString());
    assertThat(ok.stderr(), ok.exitCode(), equalTo(ExitCodes.OK));
    assertThat(ok.stdout(), containsString("exported mart.export_sample: 4 row(s) as csv"));
    assertThat(ok.stdout().strip(), endsWith(out.resolve("mart.export_sample.csv").toString()));

    for (String[] bad : new String[][] {{"dw.not_exportable", "csv"}, {"mart.export_sample; drop table x", "csv"},
        {"Mart.Export_Sample", "csv"}, {"mart.no_such_mart", "csv"}, {"mart.export_sample", "xml"}}) {
      CliRun r = CliRun.run(db.env(), "export", "--table", bad[0], "--format", bad[1], "--out", out.toString());
      assertThat(String.join(" ", bad) + ": " + r.stderr(), r.exitCode(), equalTo(ExitCodes.USAGE));
      assertThat(r.errorLines(), hasSize(1));
    }
    assertThat(Sql.count(db.spec(), "select count(*) from pg_tables where tablename = 'not_exportable'"),
        equalTo(1L));
  }

  /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; an empty unquoted field is null. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',' || (c == '\r' && text.charAt(i + 1) == '\n')) {
        row.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        field.setLength(0);
        wasQuoted = false;
        if (c == '\r') {
          i++;
          rows.add(row);
          row = new ArrayList<>();
        }
      } else {
        field.append(c);
      }
    }
    return rows;
  }
}
