package io.martflow.pipelines.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.martflow.control.Window;
import io.martflow.pipelines.LoadDefinition;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Pipelines;
import io.martflow.testing.Loads;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loading orders and order items in one pipeline stages and rejects exactly what two pipelines do. */
class OrdersAndItemsLoadTest {
  private final List<String> databases = new ArrayList<>();

  @AfterEach
  void drop() throws Exception {
    for (String d : databases) {
      TestDatabase.dropDatabase(d);
    }
  }

  private ConnectionSpec generated() throws Exception {
    String name = TestDatabase.createDatabase(true);
    databases.add(name);
    ConnectionSpec db = TestDatabase.specFor(name);
    Shop.generate(db, 0.1, 3, 5, LocalDate.of(2026, 10, 1));
    return db;
  }

  @Test
  void oneSharedReadStagesAndRejectsWhatTwoPipelinesDo() throws Exception {
    Window window = Window.of(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-04T00:00:00Z"));
    ConnectionSpec together = generated();
    ConnectionSpec apart = generated();

    List<LoadDefinition<?>> definitions = new ArrayList<>();
    for (String d : OrdersAndItemsLoad.DOMAINS) {
      definitions.add(Pipelines.definition(Manifest.load().requireDomain(d)));
    }
    Map<String, String> env = Map.of("MARTFLOW_DB_URL", together.jdbcUrl(), "MARTFLOW_DB_USER", together.user());
    Map<String, LoadRunner.Result> joint;
    try (Connections connections = Connections.from(env)) {
      joint = LoadRunner.runTogether(definitions, OrdersPipeline.Options.class, OrdersAndItemsLoad::build,
          new String[] {"--runId=r1", "--windowStart=" + window.start(), "--windowEnd=" + window.end(),
              "--enforceImmutability=true", "--enforceEncodability=true"}, connections);
    }
    LoadRunner.Result orders = Loads.load(apart, "orders", "r1", window);
    LoadRunner.Result items = Loads.load(apart, "order_items", "r1", window);

    for (LoadRunner.Result separate : List.of(orders, items)) {
      LoadRunner.Result shared = joint.get(separate.domain());
      assertThat(separate.domain(), shared.read(), equalTo(separate.read()));
      assertThat(separate.domain(), shared.staged(), equalTo(separate.staged()));
      assertThat(separate.domain(), shared.rejected(), equalTo(separate.rejected()));
      assertThat(shared.read(), equalTo(shared.staged() + shared.rejected()));
      assertThat(Sql.checksum(together, "stage.tmp_" + separate.domain()),
          equalTo(Sql.checksum(apart, "stage.tmp_" + separate.domain())));
    }
    assertThat(joint.get("order_items").staged(), greaterThan(100L));
    String rejects = "select domain, reason_code, locator from ctl.rejects order by 1, 3";
    assertThat(Sql.rows(together, rejects), equalTo(Sql.rows(apart, rejects)));
    assertThat("each domain has its own run log row", Sql.count(together,
        "select count(*) from ctl.run_log where step = 'load' and status = 'success' and run_id = 'r1'"), equalTo(2L));
  }
}
