package io.martflow.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import io.martflow.control.FaultPoints;
import io.martflow.control.Flow;
import io.martflow.testing.ChildJvm;
import io.martflow.testing.Shop;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seeded SIGKILL campaign (issue #10, docs/reliability.md): a run of two days over a warehouse
 * that already holds the first day is killed with a real SIGKILL at points chosen by a seed from
 * every phase (extract, stage, publish, mart build, control update). After each kill:
 *
 * <ul>
 *   <li>nothing is half-published: every dw, core and mart table is exactly as before the run or
 *       exactly as after a clean run (each publish and each model is one transaction);
 *   <li>the next run of the same window completes, and every dw, core and mart table equals a
 *       clean run's (checksums, audit columns aside); its quality checks, which reconcile rows in
 *       with rows staged and rejected, pass; every domain's window is a success.
 * </ul>
 *
 * Part of the normal test run ({@code ./martflow test}); {@code -Dmartflow.campaign.seed=N} and
 * {@code -Dmartflow.campaign.points=K} choose another campaign.
 */
@Tag("campaign")
class KillCampaignTest {
  static final LocalDate D1 = LocalDate.of(2026, 10, 1);
  static final long SEED = Long.getLong("martflow.campaign.seed", 20261110L);
  static final int POINTS = Integer.getInteger("martflow.campaign.points", 24);
  private static final List<String> DATABASES = new ArrayList<>();

  @AfterAll
  static void dropDatabases() throws Exception {
    for (String d : DATABASES) {
      TestDatabase.dropDatabase(d);
    }
  }

  private static String track(String name) {
    DATABASES.add(name);
    return name;
  }

  private static Map<String, String> env(ConnectionSpec db) {
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", db.jdbcUrl());
    env.put("MARTFLOW_DB_USER", db.user());
    return env;
  }

  private static Instant day(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The window the killed runs process: days 2 and 3, after day 1 was loaded. */
  private static Flow.Outcome runDays2And3(ConnectionSpec db) throws Exception {
    try (Connections connections = Connections.from(env(db))) {
      return Flow.run(connections, new Flow.Request(day(D1.plusDays(1)), day(D1.plusDays(3)), List.of(), false, null,
          List.of()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyKilledRunConvergesOnItsNextRun() throws Exception {
    // The warehouse before the run: a generated shop with day 1 loaded, saved as a template.
    String base = track(TestDatabase.createDatabase(true));
    ConnectionSpec baseDb = TestDatabase.specFor(base);
    Shop.generate(baseDb, 0.05, 4, 11, D1);
    try (Connections connections = Connections.from(env(baseDb))) {
      Flow.run(connections, new Flow.Request(day(D1), day(D1.plusDays(1)), List.of(), false, null, List.of()),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
    Map<String, String> before = Shop.warehouseChecksums(baseDb);

    // A clean run of the window, traced: which points a run reaches, and how often.
    ConnectionSpec cleanDb = TestDatabase.specFor(track(TestDatabase.copyDatabase(base)));
    Map<String, Long> trace;
    System.setProperty(FaultPoints.PROPERTY, "trace");
    try {
      FaultPoints.reset();
      runDays2And3(cleanDb);
      trace = FaultPoints.trace();
    } finally {
      System.clearProperty(FaultPoints.PROPERTY);
      FaultPoints.reset();
    }
    Map<String, String> clean = Shop.warehouseChecksums(cleanDb);
    assertThat("the run changes every layer", clean.entrySet().stream()
        .filter(e -> !e.getValue().equals(before.get(e.getKey()))).count(), greaterThanOrEqualTo(10L));

    List<KillPlan.Kill> plan = KillPlan.choose(trace, SEED, POINTS);
    assertThat(plan, hasSize(POINTS));
    Path logs = Path.of("target", "kill-campaign");
    List<String> report = new ArrayList<>();
    Map<KillPlan.Phase, Integer> perPhase = new EnumMap<>(KillPlan.Phase.class);
    int survived = 0;
    for (KillPlan.Kill kill : plan) {
      ConnectionSpec db = TestDatabase.specFor(track(TestDatabase.copyDatabase(base)));
      long started = System.nanoTime();
      ChildJvm.Result killed = ChildJvm.run(env(db), logs.resolve(kill.point().replaceAll("[^A-Za-z0-9_.-]", "_")),
          Duration.ofMinutes(4), List.of("-D" + FaultPoints.PROPERTY + "=" + kill.fault()),
          "run", "--from", D1.plusDays(1).toString(), "--to", D1.plusDays(2).toString());
      assertThat(kill + " killed the run; stderr: " + killed.stderr(), killed.exitCode(), equalTo(137));
      double killedAfter = (System.nanoTime() - started) / 1e9;

      // Nothing half-published: each table is as before the run or as after a clean one.
      Map<String, String> afterKill = Shop.warehouseChecksums(db);
      for (Map.Entry<String, String> t : afterKill.entrySet()) {
        assertThat(kill + ": " + t.getKey() + " is half-published", t.getValue(),
            anyOf(equalTo(before.get(t.getKey())), equalTo(clean.get(t.getKey()))));
      }
      long watermarksMoved = Sql.count(db, "select count(*) from ctl.tb_control_data_update where status = 'success'"
          + " and window_start = '2026-10-02'");
      if (kill.phase() != KillPlan.Phase.CONTROL_UPDATE || kill.point().startsWith("quality:")) {
        assertThat(kill + ": no window succeeded", watermarksMoved, equalTo(0L));
      }

      long rerun = System.nanoTime();
      Flow.Outcome next = runDays2And3(db);
      double rerunSeconds = (System.nanoTime() - rerun) / 1e9;
      assertThat(kill + ": the next run converges to the clean run", Shop.warehouseChecksums(db), equalTo(clean));
      assertThat(kill + ": every domain's window is a success", Sql.count(db,
          "select count(*) from ctl.tb_control_data_update where window_start = '2026-10-02'"
              + " and window_end = '2026-10-04' and status = 'success'"), equalTo(4L));
      assertThat(kill + ": no step is left running", Sql.count(db,
          "select count(*) from ctl.run_log where status = 'running' and step in ('load', 'publish', 'model')"),
          equalTo(0L));
      survived++;
      perPhase.merge(kill.phase(), 1, Integer::sum);
      report.add(String.format(Locale.ROOT, "| %s | `%s` | %d of %d | %s | %.1f s | %.1f s |", kill.phase(),
          kill.point(), kill.hit(), kill.reached(),
          next.loaded().isEmpty() ? "(nothing left)" : String.join(", ", next.loaded()), killedAfter, rerunSeconds));
    }
    String summary = String.format(Locale.ROOT, "seed %d: %d of %d kill points survived, per phase %s", SEED,
        survived, plan.size(), perPhase);
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("report.md"), summary + "\n\n| phase | point | killed at hit | next run loaded |"
        + " killed run | next run |\n| --- | --- | --- | --- | --- | --- |\n" + String.join("\n", report) + "\n", StandardCharsets.UTF_8);
    System.out.println(summary);
    report.forEach(System.out::println);
  }
}
