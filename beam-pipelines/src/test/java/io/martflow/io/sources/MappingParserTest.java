package io.martflow.io.sources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.io.SourceTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping file: every option read, the bundled shop mapping, and each kind of mistake refused
 * with the file and line it is on (unknown fields and keys, SQL injection in identifiers, inline
 * secrets, colliding namespaces, orders without lines, bad expressions).
 */
class MappingParserTest {
  static final Map<String, String> ENV = Map.of("PARTNER_DB_URL", "jdbc:postgresql://db.partner:5432/store");

  static SourceConfig parse(String yaml) {
    return MappingParser.parse(yaml, "sources.yml", "/data", ENV);
  }

  static List<String> problems(String yaml) {
    return assertThrows(MappingException.class, () -> parse(yaml)).problems();
  }

  @Test
  void theBundledShopMappingIsTheDemoSourceWithIdentityColumns() {
    SourceConfig shop = MappingParser.bundled("shop", Map.of());
    assertThat(shop.sources().stream().map(SourceSpec::name).toList(),
        contains("shop.customers", "shop.products", "shop.orders", "shop.order_items"));
    SourceSpec customers = shop.forDomain("customers").get(0);
    assertThat(customers.kind(), is(SourceKind.JDBC));
    assertThat(customers.sourceSystem(), is("shop"));
    assertThat(customers.jdbc().describe(), is("shop.customers"));
    assertThat(customers.changeColumn(), is("updated_at"));
    assertThat(customers.columns().keySet(), equalTo(new java.util.LinkedHashSet<>(
        SourceDomains.of("customers").fields())));
    customers.columns().forEach((field, expr) -> assertThat(expr.plainColumn(), is(field)));
    assertThat(shop.orderPairs().size(), is(1));
    assertThat(shop.readBy("order_items").size(), is(2));
    // --sourceSchema / --sourceSystem reach the bundled mapping
    SourceConfig other = Sources.resolve(null, "legacy", "shop_v1", Map.of());
    assertThat(other.forDomain("products").get(0).jdbc().describe(), is("shop_v1.products"));
    assertThat(other.sourceSystems("orders"), contains("legacy"));
  }

  @Test
  void everyOptionIsRead() {
    SourceConfig c = parse("""
        version: 1
        sources:
          - name: partner_customers
            domain: customers
            source_system: partner
            kind: csv
            time_zone: Europe/Berlin
            change_column: geaendert
            csv:
              path: exports/kunden_*.csv
              delimiter: ';'
              quote: "'"
              header: true
              encoding: latin1
              skip_lines: 2
              decimal_separator: ','
              grouping_separator: '.'
              date_format: dd.MM.yyyy
              timestamp_format: dd.MM.yyyy HH:mm
              null_values: ['', NULL, NA]
              true_values: [ja]
              false_values: [nein]
            columns:
              customer_id: digits(kundennr)
              email: lower(trim(col('E-Mail Adresse')))
              first_name: vorname
              country: "'DE'"
              is_deleted: false
              birth_date: date(geboren, 'yyyyMMdd')
              updated_at: geaendert
          - name: partner_db.orders
            domain: orders
            source_system: partner_db
            kind: jdbc
            change_column: changed
            prices_include_tax: true
            jdbc:
              query: select * from sales.orders where channel = 'web'
              connection: {url_env: PARTNER_DB_URL, user: loader, password_env: PARTNER_DB_PASSWORD}
            columns: {order_id: id, customer_id: cust}
          - name: partner_db.lines
            domain: order_items
            source_system: partner_db
            kind: jdbc
            jdbc:
              query: select * from sales.lines
              connection: {url_env: PARTNER_DB_URL, user: loader, password_env: PARTNER_DB_PASSWORD}
            columns: {order_id: order_id, line_no: pos, unit_price: cents(price_cents)}
          - name: api_products
            domain: products
            source_system: api
            kind: http
            change_column: updatedAt
            http:
              url: https://api.partner.example/v2/products
              params: {status: all}
              records: data.items
              pagination: {type: cursor, cursor_param: after, next_cursor: meta.next, size_param: limit, page_size: 200}
              window: {start_param: updated_since, end_param: updated_before}
              auth: {bearer_token_env: PARTNER_API_TOKEN}
              retry: {attempts: 7, backoff_ms: 250, max_backoff_ms: 4000}
              timeout_ms: 10000
              rate_limit: 2.5
            columns: {product_id: id, list_price: cents(price.amount), name: title}
        """);
    SourceSpec csv = c.find("partner_customers").orElseThrow();
    assertThat(csv.csv().path(), is("/data/exports/kunden_*.csv"));
    assertThat(csv.csv().delimiter(), is(';'));
    assertThat(csv.csv().quote(), is('\''));
    assertThat(csv.csv().encoding(), is("ISO-8859-1"));
    assertThat(csv.csv().skipLines(), is(2));
    assertThat(csv.formats().decimalSeparator(), is(','));
    assertThat(csv.formats().groupingSeparator(), is('.'));
    assertThat(csv.formats().nullValues(), contains("", "NULL", "NA"));
    assertThat(csv.formats().timeZone(), is("Europe/Berlin"));
    assertThat(csv.columns().get("email").columns(), contains("E-Mail Adresse"));
    assertThat(csv.columns().get("country"), equalTo(new Expr.Literal("DE")));
    assertThat(csv.columns().get("is_deleted"), equalTo(new Expr.Literal(false)));
    assertThat(csv.where("columns.email"), is("sources.yml:25"));
    SourceSpec orders = c.find("partner_db.orders").orElseThrow();
    assertThat(orders.pricesIncludeTax(), is(true));
    assertThat(orders.jdbc().connection().resolve(ENV).jdbcUrl(), is("jdbc:postgresql://db.partner:5432/store"));
    assertThat(orders.jdbc().connection().resolve(ENV).password().toString(), containsString("PARTNER_DB_PASSWORD"));
    SourceSpec lines = c.find("partner_db.lines").orElseThrow();
    assertThat(lines.changeColumn(), nullValue());
    assertThat(new SourceTable(lines).keyColumns(), contains("order_id", "pos"));
    assertThat(c.orderPairs().get(0).lines(), is(lines));
    SourceSpec api = c.find("api_products").orElseThrow();
    assertThat(api.http().pagination().type(), is(HttpSpec.PaginationType.CURSOR));
    assertThat(api.http().pagination().nextCursorPath(), is("meta.next"));
    assertThat(api.http().attempts(), is(7));
    assertThat(api.http().requestsPerSecond(), is(2.5));
    assertThat(api.http().bearerToken().toString(), containsString("PARTNER_API_TOKEN"));
  }

  @Test
  void aFieldTheDomainDoesNotHaveIsNamedWithItsLine() {
    List<String> p = problems("""
        sources:
          - name: c
            domain: customers
            source_system: partner
            kind: csv
            csv: {path: c.csv}
            columns:
              customer_id: id
              emial: mail
        """);
    assertThat(p, contains(startsWith("sources.yml:9: customers has no field 'emial' to map (fields: customer_id,")));
  }

  @Test
  void sqlInjectionInIdentifiersIsRefused() {
    List<String> p = problems("""
        sources:
          - name: c
            domain: customers
            source_system: partner
            kind: jdbc
            change_column: "updated_at; drop table ctl.run_log"
            jdbc:
              schema: crm
              table: "customers\\" where 1=1; --"
            columns:
              customer_id: id
              email: col('mail"); delete from dw.tb_customers; --')
        """);
    assertThat(p, hasItem(startsWith("sources.yml:9: table: not a valid SQL identifier: 'customers\" where 1=1; --'")));
    assertThat(p, hasItem(startsWith("sources.yml:12: columns.email: not a valid SQL identifier")));
    assertThat(p, hasItem(startsWith("sources.yml:6: change_column: not a valid SQL identifier")));
    assertThat(p.get(0), containsString("configuration never becomes SQL text"));
    List<String> query = problems("""
        sources:
          - {name: q, domain: products, source_system: p, kind: jdbc, columns: {product_id: id},
             jdbc: {query: "select * from products; drop table x"}}
        """);
    assertThat(query, contains(startsWith("sources.yml:3: query must be one statement without ';'")));
  }

  @Test
  void inlineSecretsAreRefusedWithTheVariableToUseInstead() {
    List<String> p = problems("""
        sources:
          - name: c
            domain: customers
            source_system: partner
            kind: jdbc
            jdbc:
              table: customers
              connection:
                url: jdbc:postgresql://db:5432/crm
                user: loader
                password: s3cret
            columns: {customer_id: id}
        """);
    assertThat(p, contains("sources.yml:11: inline secret 'password' is not allowed in a mapping file; name the"
        + " environment variable that holds it instead: password_env: VARIABLE (or password_file, password_secret)"));
    assertThat(String.join("\n", p), org.hamcrest.Matchers.not(containsString("s3cret")));
    assertThat(problems("""
        sources:
          - {name: a, domain: products, source_system: p, kind: http, columns: {product_id: id},
             http: {url: "https://x.example/p", auth: {token: abc}}}
        """), contains(startsWith("sources.yml:3: inline secret 'token' is not allowed")));
    assertThat(problems("""
        sources:
          - {name: a, domain: products, source_system: p, kind: jdbc, columns: {product_id: id},
             jdbc: {table: p, connection: {url: "jdbc:postgresql://db/x?user=u&password=pw"}}}
        """), contains(containsString("the URL carries a password")));
    assertThat(problems("""
        sources:
          - {name: a, domain: products, source_system: p, kind: http, columns: {product_id: id},
             http: {url: "https://x.example/p?api_key=abc"}}
        """), contains(containsString("url carries a secret")));
  }

  @Test
  void namespacesAndOrderPairsAreChecked() {
    List<String> p = problems("""
        sources:
          - {name: a, domain: customers, source_system: p, kind: csv, csv: {path: a.csv}, columns: {customer_id: id}}
          - {name: b, domain: customers, source_system: p, kind: csv, csv: {path: b.csv}, columns: {customer_id: id}}
          - {name: o, domain: orders, source_system: q, kind: csv, csv: {path: o.csv}, columns: {order_id: id}}
        """);
    assertThat(p, hasItem(containsString("sources.yml:3: sources 'a' and 'b' both feed customers under source_system"
        + " 'p': their keys would collide")));
    assertThat(p, hasItem(containsString("sources.yml:4: orders source 'o' (source_system 'q') needs an order_items"
        + " source with the same source_system")));
    assertThat(problems("""
        sources:
          - {name: o, domain: orders, source_system: q, kind: jdbc, jdbc: {table: o}, columns: {order_id: id}}
          - {name: l, domain: order_items, source_system: q, kind: csv, csv: {path: l.csv},
             columns: {order_id: id, line_no: n}}
        """), contains(containsString("must both be jdbc, or both csv/http")));
  }

  @Test
  void keysMustBeMappedAndJdbcKeysMustBeColumns() {
    List<String> p = problems("""
        sources:
          - name: c
            domain: customers
            source_system: partner
            kind: jdbc
            jdbc: {table: c}
            columns:
              customer_id: digits(code)
          - name: d
            domain: products
            source_system: partner
            kind: csv
            csv: {path: p.csv}
            columns:
              name: title
        """);
    assertThat(p, contains(
        startsWith("sources.yml:8: columns.customer_id: a jdbc source's key must be a column"),
        startsWith("sources.yml:15: columns: the key field 'product_id' of products must be mapped")));
  }

  @Test
  void badExpressionsAndKeysAreExplained() {
    List<String> p = problems("""
        sources:
          - name: c
            domain: products
            source_system: partner
            kind: csv
            delimeter: ';'
            csv: {path: p.csv, encoding: EBCDIC}
            columns:
              product_id: id
              list_price: centz(price)
              name: concat(a, 'b)
              created_at: date(d, 'dd.MM.yyyy', 'x')
              updated_at: timestamp(t, 'qq-ZZ-bad{')
        """);
    assertThat(p, contains(
        startsWith("sources.yml:6: unknown key 'delimeter'"),
        startsWith("sources.yml:7: encoding must be UTF-8 (with or without BOM), ISO-8859-1 (Latin-1) or windows-1252"),
        startsWith("sources.yml:10: columns.list_price: unknown function centz(); functions: cents, coalesce,"),
        equalTo("sources.yml:11: columns.name: text constant not closed: add a ' at the end in 'concat(a, 'b)'"),
        startsWith("sources.yml:12: columns.created_at: wrong number of arguments: date(a, 'dd.MM.yyyy')"),
        startsWith("sources.yml:13: columns.updated_at: not a date/time pattern: 'qq-ZZ-bad{'")));
    assertThat(problems("sources:\n  - {name: c, domain: customer, source_system: p, kind: csv}\n"),
        hasItem("sources.yml:2: unknown domain 'customer' (domains: customers, products, orders, order_items)"));
    assertThat(problems("sources: [\n"), contains(startsWith("sources.yml:2: not valid YAML")));
  }

  @Test
  void environmentVariablesFillValuesButNotExpressions() {
    SourceConfig c = MappingParser.parse("""
        sources:
          - name: c
            domain: customers
            source_system: ${SYSTEM:-partner}
            kind: csv
            csv: {path: "${EXPORTS}/kunden.csv"}
            columns: {customer_id: id}
        """, "m.yml", "/x", Map.of("EXPORTS", "/mnt/exports"));
    assertThat(c.sources().get(0).csv().path(), is("/mnt/exports/kunden.csv"));
    assertThat(c.sources().get(0).sourceSystem(), is("partner"));
    assertThat(assertThrows(MappingException.class, () -> MappingParser.parse(
        "sources:\n  - {name: c, domain: customers, source_system: p, kind: csv, csv: {path: \"${NOPE}/k.csv\"},"
            + " columns: {customer_id: id}}\n", "m.yml", "/x", Map.of())).getMessage(),
        startsWith("m.yml:2: environment variable NOPE is not set"));
  }
}
