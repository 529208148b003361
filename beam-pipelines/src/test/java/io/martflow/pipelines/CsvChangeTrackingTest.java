package io.martflow.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.martflow.control.Flow;
import io.martflow.control.Window;
import io.martflow.testing.Loads;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Connections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV source without a change column (each file a snapshot or a delta): files are tracked by
 * checksum in ctl.source_files, so a file is loaded once; an unchanged, renamed or re-delivered
 * file is not loaded again; a retried load of the same run reads it again and stages the same
 * rows; a new file is loaded alone and versions what changed.
 */
class CsvChangeTrackingTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir Path dir;

  static final String MAPPING = """
      sources:
        - name: partner_csv.customers
          domain: customers
          source_system: partner_csv
          kind: csv
          csv: {path: "exports/*.csv", null_values: ['', NA]}
          columns:
            customer_id: id
            email: email
            first_name: first_name
            last_name: last_name
            phone: phone
            country: country
            birth_date: birth_date
            updated_at: updated
      """;

  static final Instant D1 = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant D2 = Instant.parse("2026-11-02T00:00:00Z");
  static final Instant D3 = Instant.parse("2026-11-03T00:00:00Z");

  private Flow.Outcome run(Path mapping, Instant from, Instant to) throws Exception {
    try (Connections connections = Connections.from(db.env())) {
      return Flow.run(connections, new Flow.Request(from, to, List.of("customers"), false, null, List.of(),
          mapping.toString()), new PrintStream(new ByteArrayOutputStream()));
    }
  }

  private void copy(String resource, String name) throws Exception {
    Path to = dir.resolve("exports").resolve(name);
    Files.createDirectories(to.getParent());
    try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, to);
    }
  }

  @Test
  void eachFileIsLoadedOnceAndReRunsAreIdempotent() throws Exception {
    copy("fixtures/csv/partner/customers_malformed.csv", "customers_malformed.csv");
    copy("fixtures/csv/partner/customers_more.csv", "customers_more.csv");
    Path mapping = Files.writeString(dir.resolve("sources.yml"), MAPPING);

    Flow.Outcome first = run(mapping, D1, D2);
    LoadRunner.Result load = first.loads().get("customers");
    assertThat(load.read(), equalTo(17L));
    assertThat(load.balanced(), is(true));
    Map<String, String> dwAfterFirst = Shop.warehouseChecksums(db.spec());

    // The same window again: both files were published, nothing is new, nothing is loaded.
    Flow.Outcome again = run(mapping, D1, D2);
    assertThat(again.nothingNew(), is(true));
    // A later window: still nothing (a file without a change column is not tied to a window).
    assertThat(run(mapping, D2, D3).nothingNew(), is(true));
    // A retry of the first run's load (same run id) reads its files again and stages the same rows.
    long stagedBefore = Sql.count(db.spec(), "select count(*) from stage.tmp_customers where run_id = '"
        + first.runId() + "'");
    LoadRunner.Result retry = Loads.load(db.spec(), "customers", first.runId(), Window.of(D1, D2),
        "--sources=" + mapping);
    assertThat(retry.read(), equalTo(17L));
    assertThat(retry.staged(), equalTo(stagedBefore));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.rejects where run_id = '" + first.runId() + "'"),
        equalTo(retry.rejected()));
    io.martflow.warehouse.Publisher.publish(db.spec(), io.martflow.warehouse.Manifest.load().requireDomain("customers"),
        first.runId(), Window.of(D1, D2));
    assertThat("publishing the retried run changes nothing", Shop.warehouseChecksums(db.spec()),
        equalTo(dwAfterFirst));

    // The same content delivered again under another name is the same file.
    Files.copy(dir.resolve("exports/customers_more.csv"), dir.resolve("exports/customers_more_copy.csv"));
    LoadRunner.Result renamed = Loads.load(db.spec(), "customers", "rename-run", Window.of(D2, D3),
        "--sources=" + mapping);
    assertThat(renamed.read(), equalTo(0L));

    // A new delivery: only it is read; the changed customer gets a new version.
    Files.writeString(dir.resolve("exports/customers_2026-11-02.csv"), """
        id,email,first_name,last_name,phone,country,birth_date,updated
        2,bob@new.example,Bob,Baker,,US,1985-01-02,2026-11-02T12:00:00Z
        99,zoe@example.com,Zoe,Zimmer,,DE,2001-01-01,2026-11-02T12:00:00Z
        """);
    Flow.Outcome next = run(mapping, D2, D3);
    assertThat(next.loads().get("customers").read(), equalTo(2L));
    assertThat(Sql.map(db.spec(), "select customer_id, email from dw.tb_customers where source_system = 'partner_csv'"
        + " and customer_id in (2, 99) and is_current order by 1"), equalTo(Map.of("2", "bob@new.example", "99",
        "zoe@example.com")));
    assertThat(Sql.count(db.spec(), "select count(*) from dw.tb_customers where customer_id = 2"), equalTo(2L));
    assertThat("the ledger: which file fed which run", Sql.rows(db.spec(), "select distinct run_id from"
        + " ctl.source_files where path like '%customers_2026-11-02.csv'").stream().map(r -> r.get("run_id")).toList(),
        contains(next.runId()));
    assertThat(Sql.rows(db.spec(), "select 1 from ctl.source_files where run_id = '" + next.runId()
        + "' and path not like '%customers_2026-11-02.csv'"), empty());
  }
}
