package io.martflow.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `martflow sources validate FILE` against live sources: a wrong column name (in a table and in a
 * CSV header) fails with the file, the line and the columns there are; unreadable values and
 * malformed lines are warnings; an inline password fails before anything is opened; a good mapping
 * passes. `sources list` prints what a mapping configures.
 */
class SourcesCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path dir;

  @BeforeAll
  static void source() throws Exception {
    Sql.runSqlFile(db.spec(), "source/shop_schema.sql");
    Sql.runResource(db.spec(), "fixtures/shop_malformed.sql");
    Files.createDirectories(dir.resolve("partner"));
    try (var in = SourcesCommandTest.class.getClassLoader()
        .getResourceAsStream("fixtures/csv/partner/customers_malformed.csv")) {
      Files.copy(in, dir.resolve("partner/customers_malformed.csv"));
    }
  }

  static final String GOOD_CSV = """
        - name: partner_csv.customers
          domain: customers
          source_system: partner_csv
          kind: csv
          csv: {path: "partner/*.csv", null_values: ['', NA]}
          columns:
            customer_id: id
            email: email
            birth_date: birth_date
            updated_at: updated
      """;

  @Test
  void aWrongColumnNameFailsWithItsLineAndTheColumnsThereAre() throws Exception {
    Path mapping = Files.writeString(dir.resolve("wrong.yml"), """
        sources:
          - name: crm
            domain: customers
            source_system: crm
            kind: jdbc
            jdbc: {schema: shop, table: customers}
            change_column: updated_at
            columns:
              customer_id: customer_id
              email: e_mail
              first_name: first_name
          - name: partner_csv.customers
            domain: customers
            source_system: partner_csv
            kind: csv
            csv: {path: "partner/*.csv"}
            columns:
              customer_id: id
              first_name: firstname
        """);
    CliRun run = CliRun.run(db.env(), "sources", "validate", mapping.toString());
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines(), hasItem(startsWith(mapping + ":10: error: columns.email: source column 'e_mail' is"
        + " not in shop.customers; did you mean 'email'? (columns: customer_id, email, first_name,")));
    assertThat(run.errorLines(), hasItem(mapping + ":19: error: columns.first_name: source column 'firstname' is not"
        + " in customers_malformed.csv; did you mean 'first_name'? (columns: id, email, first_name, last_name, phone,"
        + " country, birth_date, updated)"));
    assertThat(run.stdout(), containsString("2 source(s), 2 error(s)"));
  }

  @Test
  void aGoodMappingPassesAndNamesTheRowsThatWouldBeRejected() throws Exception {
    Path mapping = Files.writeString(dir.resolve("good.yml"), "include: [shop]\nsources:\n" + GOOD_CSV);
    CliRun run = CliRun.run(db.env(), "sources", "validate", mapping.toString());
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), containsString(mapping + ":3: ok: partner_csv.customers (csv -> customers,"
        + " source_system partner_csv): 1 file(s), 9 row(s) sampled"));
    assertThat(run.stdout(), containsString("ok: shop.orders (jdbc -> orders, source_system shop): 10 row(s) sampled"));
    assertThat(run.errorLines(), hasItem(mapping + ":7: warning: customers_malformed.csv:4: CSV_FIELD_COUNT 9 field(s)"
        + " where the header has 8 (this line will be rejected)"));
    assertThat(run.errorLines(), hasItem(startsWith(mapping + ":9: warning: columns.customer_id: 1 of 9 sampled"
        + " value(s) do not convert (those rows will be rejected): INVALID_NUMBER '8x' is not a number")));
    assertThat(run.stdout(), containsString("5 source(s), 0 error(s)"));

    CliRun list = CliRun.run(db.env(), "sources", "list", mapping.toString());
    assertThat(list.stdout(), containsString("partner_csv.customers    customers    partner_csv      csv   (snapshot)"));
  }

  @Test
  void aMappingWithAnInlinePasswordIsRefusedWithoutOpeningAnything() throws Exception {
    Path mapping = Files.writeString(dir.resolve("secret.yml"), """
        sources:
          - name: crm
            domain: customers
            source_system: crm
            kind: jdbc
            jdbc:
              table: customers
              connection: {url: "jdbc:postgresql://nowhere.invalid/crm", user: u, password: hunter2}
            columns: {customer_id: id}
        """);
    CliRun run = CliRun.run(db.env(), "sources", "validate", mapping.toString());
    assertThat(run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines().get(0), equalTo(mapping + ":8: error: inline secret 'password' is not allowed in a"
        + " mapping file; name the environment variable that holds it instead: password_env: VARIABLE (or"
        + " password_file, password_secret)"));
    assertThat(run.stderr() + run.stdout(), not(containsString("hunter2")));
    CliRun load = CliRun.run(db.env(), "load", "--domain", "customers", "--full-refresh", "--sources",
        mapping.toString());
    assertThat(load.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(load.stderr(), startsWith("martflow: " + mapping + ":8: inline secret 'password' is not allowed"));
  }
}
