package io.martflow.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.martflow.control.Flow;
import io.martflow.report.ReportWriter;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.Manifest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks on what the real flow produces: generated shop data (with its dirty rows) through the
 * loads, publish, models and quality of Flow.run, then a daily window. No error check fires on the
 * pipelines' own output, every result is recorded per run, and the run report draws every chart.
 */
class QualityEndToEndTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final LocalDate START = LocalDate.of(2026, 7, 1);
  static final int DAYS = 90;
  @TempDir static Path tmp;
  static Flow.Outcome history;
  static Flow.Outcome daily;

  @BeforeAll
  static void generateAndRun() throws Exception {
    Shop.generate(db.spec(), 0.05, DAYS, 11, START);
    history = run(START, START.plusDays(DAYS - 1));
    daily = run(START.plusDays(DAYS - 1), START.plusDays(DAYS));
  }

  static Flow.Outcome run(LocalDate from, LocalDate toExclusive) throws Exception {
    try (Connections connections = Connections.from(db.env())) {
      return Flow.run(connections, new Flow.Request(instant(from), instant(toExclusive), List.of(), false, null,
          List.of()), new PrintStream(OutputStream.nullOutputStream()));
    }
  }

  static Instant instant(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Test
  void noErrorCheckFiresOnThePipelinesOwnOutputAndEveryResultIsRecorded() throws Exception {
    int checks = Manifest.load().quality().size();
    for (Flow.Outcome o : List.of(history, daily)) {
      assertThat(o.quality().results().size(), equalTo(checks));
      assertThat(o.runId() + ": " + o.quality().errors(), o.quality().hasErrors(), is(false));
      assertThat(Sql.count(db.spec(), "select count(*) from ctl.dq_results where run_id = '" + o.runId() + "'"),
          equalTo((long) checks));
    }
    assertThat("the generator's rejected customers leave orders without a customer: a warning",
        Sql.count(db.spec(), "select count(*) from ctl.dq_results where run_id = '" + history.runId()
            + "' and check_name = 'relationships_dw_orders_customers'"), equalTo(1L));
    assertThat("nothing could not run", Sql.count(db.spec(), "select count(*) from ctl.dq_results where status = 'error'"),
        equalTo(0L));
    assertThat("the run's rows reconcile", daily.quality().results().stream()
        .filter(r -> r.check().startsWith("reconciliation_") && r.failed()).toList(), empty());
  }

  @Test
  void theReportOfTheDailyRunDrawsEveryChartWithData() throws Exception {
    // Kept under target/ so a person (or CI's artifacts) can open the report of a realistic run.
    Path file = ReportWriter.write(db.spec(), daily.runId(), Path.of("target", "reports", "quality-e2e-report.html"));
    String html = Files.readString(file);
    assertThat(html, allOf(containsString("order_items"), containsString("balanced")));
    io.martflow.report.ReportRenderTestAccess.Rendered r = io.martflow.report.ReportRenderTestAccess.render(file);
    assertThat("console: " + r.log(), r.consoleErrors(), empty());
    assertThat(r.bodyTag(), allOf(containsString("data-report-status=\"rendered\""),
        containsString("data-charts-rendered=\"6\"")));
    assertThat(r.svgCharts(), equalTo(6L));
    assertThat("months of cohorts", r.count("cohort_retention", "<rect"), greaterThan(3));
    assertThat("days of revenue", r.count("daily_revenue", "<circle"), greaterThan(60));
  }
}
