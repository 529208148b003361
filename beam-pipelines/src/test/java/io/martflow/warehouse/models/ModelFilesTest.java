package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.SqlFiles;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conventions of sql/core and sql/marts, checked on every model of the manifest: one object
 * per file named after it, grain on the first line, dbt-style final select, and the change sources
 * each file reads equal to its manifest depends_on (which the Airflow DAG turns into edges).
 */
class ModelFilesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private static final Pattern SOURCES = Pattern.compile(
      "ctl\\.(?:is_full_build|pending_changes|truncate_if_full_build)\\((?:'[a-z_.]+',\\s*)?'([a-z_]+)',\\s*"
          + "'\\{([a-z_,]*)\\}'\\)");
  private static final Pattern MARK_BUILT = Pattern.compile("ctl\\.mark_built\\('([a-z_]+)'\\)");

  @Test
  void theManifestListsFourteenModelsCoreFirstEachAfterItsDependencies() {
    Manifest manifest = Manifest.load();
    ModelRunner.validate(manifest);
    assertThat(manifest.models().stream().map(Manifest.Model::file).toList(), equalTo(List.of(
        "core/dim_date.sql", "core/dim_customer.sql", "core/dim_product.sql", "core/fact_orders.sql",
        "core/fact_order_items.sql", "marts/daily_sales.sql", "marts/monthly_sales.sql", "marts/customer_ltv.sql",
        "marts/customer_segments.sql", "marts/product_performance.sql", "marts/category_performance.sql",
        "marts/cohort_retention.sql", "marts/customer_report_datamart.sql", "marts/customer_features.sql")));
  }

  @Test
  void everyFileIsNamedAfterItsModelAndStatesItsGrainOnItsFirstLine() {
    for (Manifest.Model m : Manifest.load().models()) {
      assertThat(m.file(), m.file(), matchesPattern("(core|marts)/" + m.name() + "\\.sql"));
      String firstLine = SqlFiles.read(m.file()).lines().findFirst().orElse("");
      assertThat(m.file(), firstLine, matchesPattern("-- grain: one row per .+"));
    }
  }

  @Test
  void everyModelQueryIsImportThenLogicCtesThenSelectStarFromFinal() {
    for (Manifest.Model m : Manifest.load().models()) {
      String sql = SqlFiles.read(m.file());
      assertThat(m.file(), sql, matchesPattern("(?s).*\\nwith\\n-- import CTEs\\n.*\\n-- logic CTEs\\n.*\\nfinal as \\(\\n"
          + ".*\\nselect \\* from final(;|\\nwhere ).*"));
    }
  }

  @Test
  void theChangesAModelReadsComeFromExactlyItsManifestDependencies() {
    for (Manifest.Model m : Manifest.load().models()) {
      String sql = SqlFiles.read(m.file());
      Matcher marks = MARK_BUILT.matcher(sql);
      while (marks.find()) {
        assertThat(m.file() + " marks another model built", marks.group(1), equalTo(m.name()));
      }
      Set<String> expected = new TreeSet<>(m.dependsOn());
      expected.remove("dim_date");   // the calendar records no changes
      Matcher calls = SOURCES.matcher(sql);
      int found = 0;
      while (calls.find()) {
        found++;
        assertThat(m.file() + " asks for another model's changes", calls.group(1), equalTo(m.name()));
        Set<String> sources = new TreeSet<>(calls.group(2).isEmpty() ? List.of() : List.of(calls.group(2).split(",")));
        assertThat(m.file() + " reads changes of", sources, equalTo(expected));
      }
      int callCount = sql.split("ctl\\.(is_full_build|pending_changes|truncate_if_full_build)\\(", -1).length - 1;
      assertThat(m.file() + ": every change-log call names its model and sources", found, equalTo(callCount));
      if (!m.name().equals("customer_report_datamart")) {
        assertThat(m.file() + " has no change-log calls", found > 0, equalTo(true));
      }
    }
    // customer_report_datamart keeps its own load date and names its sources in plain SQL.
    assertThat(SqlFiles.read("marts/customer_report_datamart.sql"),
        containsString("c.model in ('fact_orders', 'dim_customer')"));
  }

  @Test
  void everyModelFillsATableOfItsNameWithRunIdAndLoadedAt() throws Exception {
    for (Manifest.Model m : Manifest.load().models()) {
      assertThat(m.name(), Rows.one(db.spec(), "select relkind from pg_class where oid = to_regclass('"
          + ModelRunner.relation(m) + "')"), equalTo("r"));
      assertThat(m.name(), Sql.count(db.spec(), "select count(*) from information_schema.columns"
          + " where table_schema || '.' || table_name = '" + ModelRunner.relation(m) + "'"
          + " and column_name in ('run_id', 'loaded_at')"), equalTo(2L));
    }
  }

  @Test
  void rfmBandsCoverEveryValueOnceAndScoreInTheRightDirection() throws Exception {
    for (String metric : List.of("recency", "frequency", "monetary")) {
      List<Map<String, Object>> bands = Sql.rows(db.spec(), "select score, min_value, max_value from ref.rfm_scores"
          + " where metric = '" + metric + "' order by min_value");
      assertThat(metric, bands.size(), equalTo(5));
      for (int i = 0; i < bands.size() - 1; i++) {
        assertThat(metric, bands.get(i).get("max_value"), equalTo(bands.get(i + 1).get("min_value")));
        int step = ((Integer) bands.get(i + 1).get("score")) - ((Integer) bands.get(i).get("score"));
        assertThat(metric, step, equalTo(metric.equals("recency") ? -1 : 1));
      }
      assertThat(metric, bands.get(4).get("max_value"), equalTo(null));
    }
    assertThat(Sql.rows(db.spec(), "select min_value from ref.rfm_scores where metric = 'recency' and score = 5")
        .get(0).get("min_value"), equalTo(new BigDecimal("0.00")));
  }

  @Test
  void theLowestSegmentCatchesEveryBuyer() throws Exception {
    assertThat(Rows.one(db.spec(), "select segment || ':' || min_net_revenue || ':' || min_revenue_orders"
        + " from ref.customer_segments order by rank desc limit 1"), equalTo("Low:0.00:0"));
    assertThat(Rows.lines(db.spec(), "select segment from ref.customer_segments order by rank"),
        equalTo(List.of("VIP", "High", "Medium", "Low")));
  }
}
