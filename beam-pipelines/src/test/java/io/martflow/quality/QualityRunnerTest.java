package io.martflow.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.cli.ExitCodes;
import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** QualityRunner and `martflow quality`: results recorded, exit code 5 and its one line, --select. */
class QualityRunnerTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final String RUN = "qa-run";

  @BeforeEach
  void cleanRun() throws Exception {
    Sql.exec(db.spec(), "truncate dw.tb_customers, dw.tb_products, dw.tb_orders, dw.tb_order_items,"
        + " stage.tmp_customers, stage.tmp_products, stage.tmp_orders, stage.tmp_order_items, ctl.rejects,"
        + " ctl.run_log, ctl.dq_results");
    Sql.runResource(db.spec(), "fixtures/quality_clean.sql");
    io.martflow.warehouse.models.ModelRunner.build(db.spec(), RUN, List.of(), true);
  }

  @Test
  void aCleanRunPassesAndEveryResultIsRecordedOnceEvenWhenRunTwice() throws Exception {
    QualityRunner.Report report = QualityRunner.run(db.spec(), RUN);
    int checks = Manifest.load().quality().size();
    assertThat(report.results(), hasSize(checks));
    assertThat(report.hasErrors(), is(false));
    QualityRunner.run(db.spec(), RUN);
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.dq_results where run_id = 'qa-run'"),
        equalTo((long) checks));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.dq_results where run_id = 'qa-run' and status = 'pass'"
        + " and violation_count = 0 and sample = '[]'::jsonb and duration_ms >= 0 and description <> ''"),
        equalTo((long) checks));
    assertThat("a quality step per check and attempt in the run log",
        Sql.count(db.spec(), "select count(*) from ctl.run_log where run_id = 'qa-run' and step = 'quality'"
            + " and status = 'success' and model is not null"), equalTo(2L * checks));
    assertThat(QualityRunner.tally(report), equalTo(checks + " checks: " + checks + " pass, 0 warn, 0 error"));
  }

  @Test
  void anErrorViolationIsRecordedWithASampleAndFailsTheCliWithExitCode5() throws Exception {
    Sql.exec(db.spec(), "update dw.tb_orders set order_total = order_total + 0.01 where order_id = 100");
    CliRun run = CliRun.run(db.env(), "quality", "--run-id", RUN);
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.QUALITY_FAILED));
    assertThat(run.errorLines(), hasSize(1));
    assertThat(run.errorLines().get(0), allOf(startsWith("martflow: quality checks failed for run qa-run"),
        containsString("invariants_dw_orders (error): 1 violation"),
        containsString("\"order_id\":100"), containsString("order_total <> items_net + tax_total + shipping_fee"),
        not(containsString("invariants_dw_orders_sum_of_lines"))));
    assertThat(run.stdout(), containsString("FAIL  invariants_dw_orders "));

    var row = Sql.rows(db.spec(), "select status, severity, violation_count, sample::text as sample"
        + " from ctl.dq_results where run_id = 'qa-run' and check_name = 'invariants_dw_orders'").get(0);
    assertThat(row.get("status"), is("fail"));
    assertThat(row.get("severity"), is("error"));
    assertThat(row.get("violation_count"), is(1L));
    assertThat((String) row.get("sample"), containsString("\"expected\": 2158.87"));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.run_log where run_id = 'qa-run' and step = 'quality'"
        + " and model = 'invariants_dw_orders' and status = 'failed' and error like 'invariants_dw_orders (error)%'"),
        equalTo(1L));
  }

  @Test
  void aWarningIsReportedButDoesNotFail() throws Exception {
    Sql.exec(db.spec(), "update dw.tb_orders set customer_id = 999 where order_id = 101");
    CliRun run = CliRun.run(db.env(), "quality", "--run-id", RUN);
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), containsString("warning: relationships_dw_orders_customers (warn): 1 violation"));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.dq_results where run_id = 'qa-run'"
        + " and check_name = 'relationships_dw_orders_customers' and status = 'fail' and severity = 'warn'"),
        equalTo(1L));
  }

  @Test
  void selectRunsOnlyTheNamedChecksAndTheRunDefaultsToTheLatest() throws Exception {
    CliRun run = CliRun.run(db.env(), "quality", "--select", "keys_dw_orders,freshness");
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), containsString("quality checks of run qa-run"));
    assertThat(Sql.map(db.spec(), "select check_name, status from ctl.dq_results where run_id = 'qa-run'"),
        equalTo(Map.of("keys_dw_orders", "pass", "freshness", "pass")));

    CliRun unknown = CliRun.run(db.env(), "quality", "--run-id", RUN, "--select", "no_such_check");
    assertThat(unknown.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(unknown.stderr(), containsString("unknown quality check 'no_such_check'"));
  }

  @Test
  void aCheckThatCannotRunIsRecordedAsErrorAndFailsTheStep() throws Exception {
    Sql.exec(db.spec(), "alter table dw.tb_products rename to tb_products_gone");
    try {
      var e = assertThrows(QualityRunner.CheckFailedToRunException.class, () -> QualityRunner.run(db.spec(), RUN));
      assertThat(e.getMessage(), containsString("keys_dw_products (error): could not run: sql/quality/keys_dw_products.sql"));
      assertThat(e.report().results(), hasSize(Manifest.load().quality().size()));
      assertThat(Sql.count(db.spec(), "select count(*) from ctl.dq_results where run_id = 'qa-run'"
          + " and check_name = 'keys_dw_products' and status = 'error' and error like '%does not exist%'"), equalTo(1L));
      CliRun run = CliRun.run(db.env(), "quality", "--run-id", RUN);
      assertThat(run.exitCode(), equalTo(ExitCodes.FAILED));
      assertThat(run.errorLines().get(0), containsString("could not run"));
    } finally {
      Sql.exec(db.spec(), "alter table dw.tb_products_gone rename to tb_products");
    }
  }

  @Test
  void everyFileOfSqlQualityIsInTheManifestWithItsOwnSeverity() throws Exception {
    List<String> files;
    try (Stream<Path> s = Files.list(Path.of("..", "sql", "quality"))) {
      files = s.map(p -> "quality/" + p.getFileName()).sorted().toList();
    }
    List<String> listed = Manifest.load().quality().stream().map(Manifest.QualityCheck::file).sorted().toList();
    assertThat(listed, equalTo(files));
    for (Manifest.QualityCheck q : Manifest.load().quality()) {
      assertThat(q.file(), equalTo("quality/" + q.name() + ".sql"));
    }
    // parse() compares each file's header with the manifest; checks() throws on any mismatch.
    assertThat(QualityRunner.checks(), hasSize(files.size()));
  }

  @Test
  void aHeaderThatDisagreesWithTheManifestIsRejected() {
    var declared = new Manifest.QualityCheck("x", "quality/x.sql", "error");
    var e = assertThrows(IllegalStateException.class,
        () -> QualityRunner.parse(declared, "-- severity: warn\n-- what\nselect 1 where false"));
    assertThat(e.getMessage(), containsString("manifest.yml says severity error"));
    assertThrows(IllegalStateException.class, () -> QualityRunner.parse(declared, "select 1"));
    assertThrows(IllegalStateException.class,
        () -> QualityRunner.parse(declared, "-- severity: error\n-- what\nselect 1; select 2"));
    assertThat(QualityRunner.parse(declared, "-- severity: error\n-- checks x\nselect 1 where false;\n").query(),
        containsString("select 1 where false"));
  }
}
