package io.martflow.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.martflow.warehouse.ConnectionSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.postgresql.PGConnection;

/**
 * A second store for the demo and the tests: the shop generator's data (another seed, the same
 * rules and dirty rows) written out as a partner would send it: CSV files in a German export
 * dialect, or JSON pages served over HTTP ({@link PartnerApi}). Each comes with the mapping file
 * that loads it next to the demo shop (docs/sources.md, "The demo partner stores").
 *
 * <p>The store is generated into a scratch database on the source server (created and dropped
 * here), so schema shop of the source is never touched.
 */
public final class PartnerStore {
  private static final SqlSections EXPORT = SqlSections.load("source/partner_export.sql");
  public static final String CSV_ZONE = "Europe/Berlin";
  static final String[] TABLES = {"customers", "products", "orders", "order_items"};
  /** The file each table is written to. */
  public static final Map<String, String> CSV_FILES_BY_TABLE = Map.of("customers", "kunden.csv", "products", "artikel.csv",
      "orders", "bestellungen.csv", "order_items", "bestellpositionen.csv");

  private PartnerStore() {}

  /** Rows written per table. */
  public record Written(Path mapping, Map<String, Long> rows) {}

  /** Something done with a generated store: reads schema shop of the scratch database. */
  @FunctionalInterface
  interface StoreReader<T> {
    T read(Connection scratch) throws Exception;
  }

  /** Generates a store into a scratch database of {@code server}, lets {@code reader} read it, drops it. */
  static <T> T withGeneratedStore(ShopReference reference, ShopGenerator.Options options, ConnectionSpec server,
      GenerationListener listener, StoreReader<T> reader) throws Exception {
    String name = "martflow_partner_" + ProcessHandle.current().pid() + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0xfffffff);
    ConnectionSpec scratch = new ConnectionSpec(withDatabase(server.jdbcUrl(), name), server.user(), server.password());
    try (Connection admin = server.open(); Statement st = admin.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      throw new DemoSourceException("cannot create a scratch database on " + server.describe()
          + " to generate the partner store (the source user needs CREATEDB): " + e.getMessage());
    }
    try {
      new ShopGenerator(reference, options).generate(scratch, listener);
      try (Connection c = scratch.open()) {
        try (PreparedStatement tz = c.prepareStatement("select set_config('TimeZone', ?, false)")) {
          tz.setString(1, CSV_ZONE);
          tz.execute();
        }
        return reader.read(c);
      }
    } finally {
      try (Connection admin = server.open(); Statement st = admin.createStatement()) {
        st.execute("drop database if exists " + name + " with (force)");
      }
    }
  }

  /** The same server, another database: jdbc:postgresql://host:port/NAME?params. */
  static String withDatabase(String jdbcUrl, String database) {
    String prefix = "jdbc:postgresql://";
    if (!jdbcUrl.startsWith(prefix) || jdbcUrl.startsWith("jdbc:postgresql:///")) {
      throw new DemoSourceException("the partner store is generated on a PostgreSQL server reached by host and port,"
          + " not " + jdbcUrl);
    }
    int slash = jdbcUrl.indexOf('/', prefix.length());
    int query = jdbcUrl.indexOf('?');
    return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
  }

  // ---- CSV ----

  /** Writes the four CSV files (UTF-8 with a byte order mark) and DIR/sources.yml. */
  public static Written writeCsv(ShopReference reference, ShopGenerator.Options options, ConnectionSpec server,
      Path dir, String sourceSystem, GenerationListener listener) throws Exception {
    Files.createDirectories(dir);
    Map<String, Long> rows = withGeneratedStore(reference, options, server, listener, c -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String table : TABLES) {
        Path file = dir.resolve(CSV_FILES_BY_TABLE.get(table));
        try (OutputStream out = Files.newOutputStream(file)) {
          out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
          counts.put(table, copy.copyOut("copy (" + EXPORT.get("csv_" + table) + ") to stdout with (format csv,"
              + " header true, delimiter ';', null '')", out));
        }
      }
      return counts;
    });
    return new Written(writeMapping(dir, csvMapping(sourceSystem)), rows);
  }

  static String csvMapping(String system) {
    String common = "    kind: csv\n    source_system: " + system + "\n    time_zone: " + CSV_ZONE + "\n"
        + "    change_column: geaendert_am\n";
    String dialect = "      delimiter: ';'\n      encoding: UTF-8\n      decimal_separator: ','\n"
        + "      date_format: dd.MM.yyyy\n      timestamp_format: dd.MM.yyyy HH:mm:ssx\n"
        + "      true_values: [ja]\n      false_values: [nein]\n";
    Function<String, String> csv = table -> common + "    csv:\n      path: "
        + CSV_FILES_BY_TABLE.get(table).replace(".csv", "*.csv") + "\n" + dialect;
    return "# A partner store as CSV exports (written by `martflow generate --as csv`), loaded next to the demo\n"
        + "# shop. Paths are relative to this file. Check it with: martflow sources validate <this file>\n"
        + "version: 1\ninclude: [shop]\nsources:\n" + String.join("\n",
        source(system, "customers", csv,
            "      customer_id: kundennr\n      email: e_mail\n      first_name: vorname\n"
            + "      last_name: nachname\n      phone: telefon\n      country: land\n      state: bundesland\n"
            + "      city: ort\n      postal_code: plz\n      birth_date: geburtsdatum\n      created_at: angelegt_am\n"
            + "      updated_at: geaendert_am\n      is_deleted: geloescht\n"),
        source(system, "products", csv,
            "      product_id: artikelnr\n      sku: artikelcode\n      name: bezeichnung\n"
            + "      category: kategorie\n      subcategory: unterkategorie\n      brand: marke\n      list_price: preis\n"
            + "      cost: einkaufspreis\n      stock_qty: bestand\n      reorder_level: meldebestand\n"
            + "      is_active: aktiv\n      discontinued_at: eingestellt_am\n      created_at: angelegt_am\n"
            + "      updated_at: geaendert_am\n"),
        source(system, "orders", csv,
            "      order_id: bestellnr\n      customer_id: kundennr\n      order_ts: bestellt_am\n"
            + "      status: status\n      failure_reason: fehlergrund\n      shipping_method: versandart\n"
            + "      ship_country: land\n      ship_state: bundesland\n      ship_city: ort\n      ship_postal_code: plz\n"
            + "      promo_code: gutschein\n      shipping_fee: versandkosten\n      delivered_at: zugestellt_am\n"
            + "      created_at: angelegt_am\n      updated_at: geaendert_am\n"),
        source(system, "order_items", csv,
            "      order_id: bestellnr\n      line_no: position\n      product_id: artikelnr\n"
            + "      quantity: menge\n      unit_price: cents(einzelpreis_cent)\n      discount_pct: percent(rabatt_anteil)\n"
            + "      discount_amount: rabatt_betrag\n      tax_rate: steuersatz\n      created_at: angelegt_am\n"
            + "      updated_at: geaendert_am\n"));
  }

  /** One entry of a mapping's sources: the table's name and domain, how it is read, its columns. */
  private static String source(String system, String table, Function<String, String> readAs, String columns) {
    return "  - name: " + system + "." + table + "\n    domain: " + table + "\n" + readAs.apply(table)
        + "    columns:\n" + columns;
  }

  // ---- HTTP ----

  /** Each table's rows as JSON objects, in key order, with their change time. */
  public record JsonStore(Map<String, List<Row>> tables) {
    public record Row(String json, Instant updatedAt) {}
  }

  public static JsonStore readJson(ShopReference reference, ShopGenerator.Options options, ConnectionSpec server,
      GenerationListener listener) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    return withGeneratedStore(reference, options, server, listener, c -> {
      Map<String, List<JsonStore.Row>> tables = new LinkedHashMap<>();
      for (String table : TABLES) {
        List<JsonStore.Row> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(EXPORT.get("json_" + table))) {
          while (rs.next()) {
            String json = rs.getString(1);
            JsonNode updated = mapper.readTree(json).get("updatedAt");
            rows.add(new JsonStore.Row(json, updated == null || updated.isNull() ? null
                : OffsetDateTime.parse(updated.asText()).toInstant()));
          }
        }
        tables.put(table, rows);
      }
      return new JsonStore(tables);
    });
  }

  static String httpMapping(String system, String baseUrl) {
    String common = "    kind: http\n    source_system: " + system + "\n    change_column: updatedAt\n";
    String paging = "      records: data\n      pagination: {type: page, page_param: page, size_param: per_page,"
        + " page_size: 500, first_page: 1}\n      window: {start_param: updated_since, end_param: updated_before}\n"
        + "      retry: {attempts: 5, backoff_ms: 200, max_backoff_ms: 5000}\n";
    Function<String, String> http = table -> common + "    http:\n      url: " + baseUrl + "/" + table + "\n" + paging;
    return "# A partner store behind a JSON API (served by `martflow generate --as http`), loaded next to the\n"
        + "# demo shop. Check it with: martflow sources validate <this file>\n"
        + "version: 1\ninclude: [shop]\nsources:\n" + String.join("\n",
        source(system, "customers", http,
            "      customer_id: id\n      email: email\n      first_name: firstName\n"
            + "      last_name: lastName\n      phone: phone\n      country: address.country\n"
            + "      state: address.state\n      city: address.city\n      postal_code: address.zip\n"
            + "      birth_date: birthDate\n      created_at: epoch_seconds(created)\n      updated_at: updatedAt\n"
            + "      is_deleted: deleted\n"),
        source(system, "products", http,
            "      product_id: id\n      sku: sku\n      name: title\n      category: category\n"
            + "      subcategory: subcategory\n      brand: brand\n      list_price: cents(priceCents)\n"
            + "      cost: cents(costCents)\n      stock_qty: stock\n      reorder_level: reorderLevel\n"
            + "      is_active: active\n      discontinued_at: discontinuedAt\n      created_at: epoch_seconds(created)\n"
            + "      updated_at: updatedAt\n"),
        source(system, "orders", http,
            "      order_id: id\n      customer_id: customerId\n      order_ts: placedAt\n"
            + "      status: status\n      failure_reason: failureReason\n      shipping_method: shippingMethod\n"
            + "      ship_country: shipping.country\n      ship_state: shipping.state\n      ship_city: shipping.city\n"
            + "      ship_postal_code: shipping.zip\n      promo_code: promoCode\n"
            + "      shipping_fee: cents(shipping.feeCents)\n      delivered_at: deliveredAt\n"
            + "      created_at: epoch_seconds(created)\n      updated_at: updatedAt\n"),
        source(system, "order_items", http,
            "      order_id: orderId\n      line_no: line\n      product_id: productId\n"
            + "      quantity: qty\n      unit_price: cents(unitPriceCents)\n      discount_pct: percent(discount)\n"
            + "      discount_amount: cents(discountCents)\n      tax_rate: taxRate\n"
            + "      created_at: epoch_seconds(created)\n      updated_at: updatedAt\n"));
  }

  /** Writes DIR/sources.yml for a store served at {@code baseUrl}. */
  public static Path writeHttpMapping(Path dir, String system, String baseUrl) throws IOException {
    return writeMapping(dir, httpMapping(system, baseUrl));
  }

  private static Path writeMapping(Path dir, String yaml) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("sources.yml"), yaml, StandardCharsets.UTF_8);
  }
}
