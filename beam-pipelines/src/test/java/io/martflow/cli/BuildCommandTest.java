package io.martflow.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.martflow.control.DomainLock;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.models.ModelRunner;
import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `martflow build`: dependency order, progress lines, one-line errors with documented exit codes. */
class BuildCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeEach
  void captureProgress() {
    Progress.output(new PrintStream(progress, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreProgress() {
    Progress.output(System.err);
  }

  @Test
  void buildsTheSelectedModelsInDependencyOrderWithOneProgressLineEach() throws Exception {
    CliRun run = CliRun.run(db.env(), "build", "--select", "daily_sales,fact_orders", "--select", "dim_customer",
        "--run-id", "cli-1");
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    List<String> lines = progress.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines, hasSize(3));
    assertThat(lines.get(0), matchesPattern("dim_customer +1 rows .* s +done"));
    assertThat(lines.get(1), startsWith("fact_orders "));
    assertThat(lines.get(2), startsWith("daily_sales "));
    assertThat(run.stdout(), allOf(containsString("build cli-1: 3 model(s)"), containsString("built 3 model(s)")));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.run_log where run_id = 'cli-1' and step = 'model'"
        + " and status = 'success'"), equalTo(3L));
  }

  @Test
  void modelsBuiltSideBySideEachGetTheirOwnProgressLine() {
    BuildCommand.ProgressLines lines = new BuildCommand.ProgressLines();
    lines.started(new Manifest.Model("daily_sales", "marts/daily_sales.sql", List.of()));
    lines.started(new Manifest.Model("monthly_sales", "marts/monthly_sales.sql", List.of()));
    lines.finished(new ModelRunner.ModelResult("daily_sales", 7, 0.1));
    lines.finished(new ModelRunner.ModelResult("monthly_sales", 2, 0.1));
    List<String> printed = progress.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(printed, hasSize(2));
    assertThat(printed.get(0), matchesPattern("daily_sales +7 rows .* s +done"));
    assertThat(printed.get(1), matchesPattern("monthly_sales +2 rows .* s +done"));
  }

  @Test
  void anUnknownModelIsAUsageErrorOnOneLine() throws Exception {
    CliRun run = CliRun.run(db.env(), "build", "--select", "daily_sales,nope");
    assertThat(run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines(), contains(startsWith("martflow: unknown model 'nope'; models are dim_date, ")));
  }

  @Test
  void aBadRunIdIsAUsageError() throws Exception {
    CliRun run = CliRun.run(db.env(), "build", "--run-id", "no spaces please");
    assertThat(run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines(), hasSize(1));
  }

  @Test
  void aFailingModelIsOneLineNamingTheModelFileAndStatement() throws Exception {
    String database = TestDatabase.createDatabase(true);
    try {
      Sql.exec(TestDatabase.specFor(database), "drop table mart.daily_sales");
      Map<String, String> env = new HashMap<>(db.env());
      env.put("MARTFLOW_DB_URL", TestDatabase.specFor(database).jdbcUrl());
      CliRun run = CliRun.run(env, "build", "--select", "daily_sales");
      assertThat(run.exitCode(), equalTo(ExitCodes.FAILED));
      assertThat(run.errorLines(), contains(
          "martflow: model daily_sales failed: sql/marts/daily_sales.sql statement 1: ERROR: relation"
              + " \"mart.daily_sales\" does not exist [SQLSTATE 42P01] (run with --verbose for details)"));
    } finally {
      TestDatabase.dropDatabase(database);
    }
  }

  @Test
  void aModelThatAnotherRunIsBuildingExitsWithCode4() throws Exception {
    try (DomainLock held = DomainLock.acquire(db.open(), "monthly_sales", "airflow-run")) {
      CliRun run = CliRun.run(db.env(), "build", "--select", "monthly_sales");
      assertThat(run.exitCode(), equalTo(ExitCodes.LOCKED));
      assertThat(run.errorLines(), contains(startsWith("martflow: another run is already working on monthly_sales")));
    }
  }

  @Test
  void helpNamesTheOptions() throws Exception {
    CliRun run = CliRun.run(db.env(), "build", "--help");
    assertThat(run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), allOf(containsString("--select"), containsString("--full-refresh"),
        containsString("--run-id")));
  }
}
