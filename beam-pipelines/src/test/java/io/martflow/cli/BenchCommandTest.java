package io.martflow.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.martflow.testing.CliRun;
import io.martflow.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `martflow bench` on a tiny shop: every stage is measured and the ratios are computed. What the
 * numbers are is the benchmark's business (docs/performance.md); here only that they exist.
 */
class BenchCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private static final String BENCH_DB = "martflow_bench_test";

  @TempDir Path dir;

  @AfterAll
  static void dropBenchDatabase() throws Exception {
    TestDatabase.dropDatabase(BENCH_DB);
  }

  @Test
  void measuresEveryStageWithItsBaselinesAndWritesJson() throws Exception {
    Path out = dir.resolve("bench.json");
    CliRun run = CliRun.run(db.env(), "bench", "--scale", "0.02", "--days", "3", "--database", BENCH_DB,
        "--out", out.toString());
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), containsString("incremental run / full run"));

    JsonNode json = new ObjectMapper().readTree(Files.readString(out));
    List<String> stages = new ArrayList<>();
    for (JsonNode t : json.get("timings")) {
      stages.add(t.get("stage").asText() + ":" + t.get("name").asText());
      assertThat(t.toString(), t.get("seconds").asDouble(), greaterThan(0.0));
    }
    assertThat(stages, hasItems("generate:shop", "baseline:order_items_in_database",
        "baseline:order_items_copy_out_in", "load_alone:order_items", "load:customers", "load:orders",
        "load:order_items", "publish:order_items", "model:fact_order_items", "model:customer_features",
        "quality:reconciliation_rows_in", "run:full", "incremental load:orders", "run:incremental"));
    for (String ratio : List.of("order_items_load_vs_in_database", "order_items_load_vs_copy_floor",
        "incremental_vs_full_run")) {
      assertThat(ratio, json.get("ratios").get(ratio).asDouble(), greaterThan(0.0));
    }
    assertThat(json.get("memory").get("peak_heap_bytes").asLong(), greaterThan(0L));
    assertThat("the in-database baseline priced the same lines the load staged",
        json.get("source").get("orderItems").asLong(), greaterThan(0L));
  }
}
