package io.martflow.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.martflow.cli.ExitCodes;
import io.martflow.control.Flow;
import io.martflow.pipelines.LoadRunner;
import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's second store: `generate --as csv` writes a partner's CSV exports and the mapping
 * that loads them next to the shop, and `demo --sources` loads both; the same store served as a
 * JSON API loads through its own mapping. Raw keys of the two stores collide and stay apart.
 */
class PartnerStoreTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir Path dir;

  @Test
  void generateAsCsvThenDemoWithItsMappingLoadsBothStores() throws Exception {
    Path out = dir.resolve("partner");
    CliRun generate = CliRun.run(db.env(), "generate", "--as", "csv", "--out", out.toString(), "--scale", "0.01",
        "--days", "3");
    assertThat(generate.stderr(), generate.exitCode(), equalTo(ExitCodes.OK));
    assertThat(generate.stdout(), containsString("Mapping: " + out.resolve("sources.yml")));
    assertThat(Files.readString(out.resolve("kunden.csv"), java.nio.charset.StandardCharsets.UTF_8),
        containsString("kundennr;e_mail;vorname;nachname;telefon;land;bundesland;ort;plz;geburtsdatum;"));
    assertThat("the scratch database is gone", Sql.count(db.spec(),
        "select count(*) from pg_database where datname like 'martflow_partner_%'"), equalTo(0L));

    CliRun demo = CliRun.run(db.env(), "demo", "--sources", out.resolve("sources.yml").toString(), "--scale", "0.01",
        "--days", "3", "--force");
    assertThat(demo.stderr() + demo.stdout(), demo.exitCode(), equalTo(ExitCodes.OK));
    assertThat(demo.stdout(), containsString("partner_csv.customers"));
    assertThat(Sql.map(db.spec(), "select source_system, count(*) > 0 from dw.tb_orders group by 1 order by 1"),
        equalTo(Map.of("partner_csv", "true", "shop", "true")));
    assertThat("raw keys collide, namespaced keys do not", Sql.count(db.spec(),
        "select count(*) from (select customer_id from dw.tb_customers where is_current group by 1"
            + " having count(distinct source_system) = 2) k"), greaterThan(0L));
    CliRun validate = CliRun.run(db.env(), "sources", "validate", out.resolve("sources.yml").toString());
    assertThat(validate.stderr(), validate.exitCode(), equalTo(ExitCodes.OK));
    assertThat("every load balanced", Sql.count(db.spec(), "select count(*) from ctl.run_log where step = 'load'"
        + " and rows_read <> rows_staged + rows_rejected"), equalTo(0L));
  }

  @Test
  void aStoreServedAsAJsonApiLoadsThroughItsMapping() throws Exception {
    String name = TestDatabase.createDatabase(true);
    try {
      ConnectionSpec warehouse = TestDatabase.specFor(name);
      ShopReference reference;
      try (var c = warehouse.open()) {
        reference = ShopReference.load(c);
      }
      ShopGenerator.Options options = new ShopGenerator.Options(0.01, 2, 7,
          ShopGenerator.Options.defaultStartDate(2, Clock.systemUTC()));
      PartnerStore.JsonStore store = PartnerStore.readJson(reference, options, warehouse, GenerationListener.NONE);
      try (PartnerApi api = PartnerApi.start(store, 0)) {
        Path mapping = PartnerStore.writeHttpMapping(dir.resolve("api"), "partner_api", api.baseUrl());
        // Only the API's sources: the mapping's include of the shop is dropped for this test.
        Files.writeString(mapping, Files.readString(mapping).replace("include: [shop]\n", ""));
        Map<String, String> env = new HashMap<>();
        env.put("MARTFLOW_DB_URL", warehouse.jdbcUrl());
        env.put("MARTFLOW_DB_USER", warehouse.user());
        Flow.Outcome outcome;
        try (Connections connections = Connections.from(env)) {
          outcome = Flow.run(connections, new Flow.Request(null, null, List.of(), true, null, List.of(),
              mapping.toString()), new PrintStream(new ByteArrayOutputStream()));
        }
        for (LoadRunner.Result r : outcome.loads().values()) {
          assertThat(r.domain() + " balanced", r.balanced(), is(true));
          assertThat(r.domain() + " read everything the API has", r.read(), equalTo((long) store.tables()
              .get(r.domain()).size()));
        }
        assertThat(Sql.count(warehouse, "select count(*) from dw.tb_order_items where source_system = 'partner_api'"),
            greaterThan(0L));
      }
    } finally {
      TestDatabase.dropDatabase(name);
    }
  }
}
