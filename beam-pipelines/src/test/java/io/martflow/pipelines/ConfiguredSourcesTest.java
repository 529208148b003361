package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.martflow.control.Window;
import io.martflow.testing.Loads;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Connections;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources attached by configuration only: customers from three sources whose raw keys collide (the
 * demo shop, a CRM table of another schema read through a query with renamed and computed columns
 * in Europe/Berlin time, and a partner's CSV exports with every kind of malformed line); products
 * from the shop and a partner's Latin-1 CSV with decimal commas and day-first dates. Every row read
 * is staged or rejected, per source; rejects name their source and where the row is.
 */
class ConfiguredSourcesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path dir;
  static final String RUN = "sources-run-1";
  static final Window WINDOW = Window.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
  static Map<String, LoadRunner.Result> results;

  static final String MAPPING = """
      version: 1
      include: [shop]
      sources:
        - name: crm.clients
          domain: customers
          source_system: crm
          kind: jdbc
          time_zone: Europe/Berlin
          change_column: changed
          jdbc:
            query: select * from crm.clients where land is not null
            connection: {url_env: CRM_DB_URL, user: postgres}
          columns:
            customer_id: client_no
            email: lower(mail)
            first_name: fname
            last_name: concat(lname, '')
            phone: tel
            country: land
            updated_at: changed

        - name: partner_csv.customers
          domain: customers
          source_system: partner_csv
          kind: csv
          csv:
            path: partner/customers_*.csv
            null_values: ['', NA]
          columns:
            customer_id: id
            email: email
            first_name: first_name
            last_name: last_name
            phone: phone
            country: country
            birth_date: birth_date
            updated_at: updated

        - name: partner_csv.products
          domain: products
          source_system: partner_csv
          kind: csv
          time_zone: Europe/Berlin
          change_column: geaendert
          csv:
            path: latin1/artikel.csv
            delimiter: ';'
            encoding: ISO-8859-1
            skip_lines: 1
            decimal_separator: ','
            grouping_separator: '.'
            date_format: dd.MM.yyyy
            timestamp_format: dd.MM.yyyy HH:mm
            null_values: ['', NA]
            true_values: [ja]
            false_values: [nein]
          columns:
            product_id: artikelnr
            sku: concat('ART-', artikelnr)
            name: bezeichnung
            category: kategorie
            subcategory: unterkategorie
            brand: marke
            list_price: preis
            cost: einkaufspreis
            stock_qty: bestand
            is_active: aktiv
            discontinued_at: date(eingestellt)
            updated_at: geaendert
      """;

  @BeforeAll
  static void loadEverySource() throws Exception {
    Sql.runSqlFile(db.spec(), "source/shop_schema.sql");
    Sql.runResource(db.spec(), "fixtures/shop_malformed.sql");
    Sql.runText(db.spec(), """
        create schema crm;
        create table crm.clients (client_no bigint, mail text, fname text, lname text, tel text, land text,
                                  changed timestamp without time zone);
        insert into crm.clients values
          (1, 'One@CRM.example', 'ONE', 'CRM', null, 'Germany', '2026-11-01 12:00'),
          (2, null, null, null, null, 'FR', '2026-11-02 08:00'),
          (3, 'late@crm.example', 'Late', 'Row', null, 'DE', '2026-11-03 00:30'),
          (4, 'early@crm.example', 'Early', 'Row', null, 'DE', '2026-11-01 00:30'),
          (5, 'nocountry@crm.example', 'No', 'Country', null, null, '2026-11-01 12:00');
        """);
    copyFixture("fixtures/csv/partner/customers_malformed.csv", "partner/customers_malformed.csv");
    copyFixture("fixtures/csv/partner/customers_more.csv", "partner/customers_more.csv");
    copyFixture("fixtures/csv/latin1/artikel.csv", "latin1/artikel.csv");
    Path mapping = Files.writeString(dir.resolve("sources.yml"), MAPPING);
    results = Connections.withEnvironment(Map.of("CRM_DB_URL", db.spec().jdbcUrl()),
        () -> Loads.loadAndPublishAll(db.spec(), RUN, WINDOW, "--sources=" + mapping, "--rowsPerRange=2",
            "--minRanges=3", "--rangesPerWave=2"));
  }

  static void copyFixture(String resource, String target) throws Exception {
    Path to = dir.resolve(target);
    Files.createDirectories(to.getParent());
    try (var in = ConfiguredSourcesTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, to);
    }
  }

  /** source_name -> locator -> reason of this run's rejects of a domain. */
  static Map<String, String> rejects(String domain, String source) throws Exception {
    return Sql.map(db.spec(), "select locator, reason_code from ctl.rejects where run_id = '" + RUN + "' and domain = '"
        + domain + "' and source_name = '" + source + "' order by locator");
  }

  @Test
  void collidingRawKeysStayApartByTheirSourceSystem() throws Exception {
    assertThat(Sql.map(db.spec(), "select source_system, email from dw.tb_customers where customer_id = 1"
            + " and is_current order by 1"),
        equalTo(Map.of("shop", "anna.schmidt@example.de", "crm", "one@crm.example",
            "partner_csv", "anna.neu@example.de")));
    assertThat(Sql.count(db.spec(), "select count(*) from dw.tb_customers where customer_id = 2"), equalTo(2L));
  }

  @Test
  void everyRowReadIsStagedOrRejectedPerSourceAndTheRunLogSaysSo() throws Exception {
    LoadRunner.Result customers = results.get("customers");
    // In waves of key ranges; the files are read once, by the first wave.
    assertThat(customers.waves(), greaterThan(1));
    assertThat(customers.readBySource(), equalTo(Map.of("shop.customers", 10L, "crm.clients", 3L,
        "partner_csv.customers", 17L)));
    for (LoadRunner.Result r : results.values()) {
      assertThat(r.domain() + " balanced", r.read(), equalTo(r.staged() + r.rejected()));
      assertThat(r.domain() + " staged rows", Sql.count(db.spec(), "select count(*) from stage.tmp_" + r.domain()
          + " where run_id = '" + RUN + "'"), equalTo(r.staged()));
    }
    assertThat(Sql.map(db.spec(), "select key, value from ctl.run_log, jsonb_each_text(details -> 'rows_read_by_source')"
            + " where run_id = '" + RUN + "' and step = 'load' and domain = 'customers'"),
        equalTo(Map.of("shop.customers", "10", "crm.clients", "3", "partner_csv.customers", "17")));
    assertThat(results.get("products").readBySource(), equalTo(Map.of("shop.products", 5L,
        "partner_csv.products", 5L)));
  }

  @Test
  void malformedCsvLinesAreRejectedWithFileLineAndReasonAndTheRestLoads() throws Exception {
    Map<String, String> r = rejects("customers", "partner_csv.customers");
    String fingerprint = r.keySet().stream().filter(l -> l.startsWith("row:")).findFirst().orElseThrow();
    assertThat(r, equalTo(Map.ofEntries(
        Map.entry("customers_malformed.csv:4", "CSV_FIELD_COUNT"),
        Map.entry("customers_malformed.csv:5", "CSV_FIELD_COUNT"),
        Map.entry("customers_malformed.csv:6", "CSV_QUOTING"),
        Map.entry("customers_malformed.csv:7", "CSV_QUOTING"),
        Map.entry("customers_malformed.csv:8", "ENCODING_ERROR"),
        Map.entry("customers_malformed.csv:9", "INVALID_NUMBER"),
        Map.entry("customers_malformed.csv:10", "INVALID_DATE"),
        Map.entry("customers_malformed.csv:15", "CSV_QUOTING"),
        Map.entry("key:1#dup1", "DUPLICATE"),
        Map.entry("key:12", "NO_CONTACT"),
        Map.entry(fingerprint, "MISSING_KEY"))));
    assertThat(Sql.map(db.spec(), "select customer_id, last_name from dw.tb_customers"
            + " where source_system = 'partner_csv' order by 1"),
        equalTo(Map.of("1", "Schmidt", "2", "Baker", "10", "Van Der Berg", "11", "null", "14", "Mayer", "15", "Nef")));
    var payload = Sql.rows(db.spec(), "select message, payload ->> 'raw' as raw from ctl.rejects where run_id = '" + RUN
        + "' and locator = 'customers_malformed.csv:15'").get(0);
    assertThat(payload.get("message"), is("a quote opened on this line is never closed (customers_malformed.csv:15)"));
    assertThat(payload.get("raw"), is("13,lea@example.fr,\"Lea,Martin,,FR,1998-01-01,2026-11-01T10:00:00Z"));
    assertThat("both files are recorded with their checksum", Sql.map(db.spec(),
            "select path ~ 'customers_(malformed|more).csv$', count(*) from ctl.source_files where run_id = '" + RUN
            + "' and domain = 'customers' and first_load and length(checksum) = 64 group by 1"),
        equalTo(Map.of("true", "2")));
  }

  @Test
  void aJdbcQueryInAnotherZoneWithRenamedColumnsNamesItsRejects() throws Exception {
    assertThat(Sql.map(db.spec(), "select customer_id, first_name || ' ' || last_name from dw.tb_customers"
            + " where source_system = 'crm' order by 1"),
        equalTo(Map.of("1", "One Crm", "3", "Late Row")));
    assertThat("local 2026-11-03 00:30 in Berlin is 2026-11-02 23:30 UTC, inside the window",
        Sql.count(db.spec(), "select count(*) from dw.tb_customers where source_system = 'crm' and customer_id = 3"
            + " and updated_at = '2026-11-02T23:30:00Z'"), equalTo(1L));
    assertThat(rejects("customers", "crm.clients"), equalTo(Map.of("key:2", "NO_CONTACT")));
  }

  @Test
  void aLatin1CsvWithDecimalCommasAndDayFirstDatesLoads() throws Exception {
    var rows = Sql.rows(db.spec(), "select product_id, sku, name, brand, list_price, cost, is_discontinued,"
        + " updated_at, category, subcategory from dw.tb_products where source_system = 'partner_csv'"
        + " order by product_id");
    assertThat(rows.size(), is(3));
    assertThat(rows.get(0).get("sku"), is("ART-501"));
    assertThat(rows.get(0).get("name"), is("Kühlschrank Größe L"));
    assertThat(rows.get(0).get("brand"), is("Bäckerei Müller"));
    assertThat(rows.get(0).get("list_price"), equalTo(new BigDecimal("1299.50")));
    assertThat(rows.get(0).get("cost"), equalTo(new BigDecimal("999.00")));
    assertThat(rows.get(0).get("category") + "/" + rows.get(0).get("subcategory"), is("Computers/Laptops"));
    assertThat(((java.sql.Timestamp) rows.get(0).get("updated_at")).toInstant(),
        equalTo(Instant.parse("2026-11-01T09:15:00Z")));
    assertThat(rows.get(1).get("name"), is("Café-Maschine \"Wien\""));
    assertThat(rows.get(1).get("brand"), is("Señor Café"));
    assertThat(rows.get(1).get("cost"), equalTo(new BigDecimal("12.50")));
    assertThat("discontinued on 15.10.2026", rows.get(1).get("is_discontinued"), is(true));
    assertThat(rows.get(2).get("name"), is("Straßenkarte Österreich"));
    assertThat(rows.get(2).get("cost"), is((Object) null));
    assertThat(Sql.count(db.spec(), "select count(*) from dw.tb_products where source_system = 'partner_csv'"
        + " and product_id = 504"), equalTo(0L));
    assertThat(rejects("products", "partner_csv.products"), equalTo(Map.of(
        "artikel.csv:7", "INVALID_DATE", "artikel.csv:8", "INVALID_NUMBER")));
  }
}
