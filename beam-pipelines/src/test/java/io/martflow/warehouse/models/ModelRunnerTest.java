package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.cli.Errors;
import io.martflow.control.DomainLock;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Manifest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ModelRunner: order, subsets, run log, row counts, failures and the per-model lock. */
class ModelRunnerTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private static ConnectionSpec spec;
  private static List<ModelRunner.ModelResult> firstBuild;

  @BeforeAll
  static void smallShop() throws Exception {
    spec = db.spec();
    MartFixtures.smallShop(spec);
    firstBuild = MartFixtures.build(spec, "first", false);
  }

  @Test
  void buildsEveryModelAfterItsDependenciesAndLogsEachInTheRunLog() throws Exception {
    List<String> manifestOrder = Manifest.load().models().stream().map(Manifest.Model::name).toList();
    assertThat("results in manifest order", firstBuild.stream().map(ModelRunner.ModelResult::model).toList(),
        equalTo(manifestOrder));
    // Models without a dependency between them may build side by side (SqlWorkers): a model's
    // step starts only after every model it depends on has finished.
    for (Manifest.Model m : Manifest.load().models()) {
      for (String dependency : m.dependsOn()) {
        assertThat(m.name() + " starts after " + dependency + " finished", Sql.count(spec, """
            select count(*) from ctl.run_log m join ctl.run_log d on d.run_id = m.run_id and d.step = 'model'
            where m.run_id = 'first' and m.step = 'model' and m.model = '%s' and d.model = '%s'
              and m.started_at >= d.finished_at""".formatted(m.name(), dependency)), equalTo(1L));
      }
    }
    assertThat(Rows.lines(spec, """
        select model || ':' || status || ':' || rows_published from ctl.run_log
        where run_id = 'first' and step = 'model' order by run_log_id"""), containsInAnyOrder(
        "dim_date:success:14976", "dim_customer:success:8", "dim_product:success:10", "fact_orders:success:8",
        "fact_order_items:success:11", "daily_sales:success:7", "monthly_sales:success:4",
        "customer_ltv:success:4", "customer_segments:success:3", "product_performance:success:5",
        "category_performance:success:15", "cohort_retention:success:8",
        "customer_report_datamart:success:6", "customer_features:success:3"));
  }

  @Test
  void aBuildWithNothingNewWritesNothing() throws Exception {
    List<ModelRunner.ModelResult> again = MartFixtures.build(spec, "again", false);
    assertThat(again.stream().map(ModelRunner.ModelResult::rows).toList(), everyItem(equalTo(0L)));
    assertThat(again.size(), equalTo(14));
    assertThat(Sql.count(spec, "select count(*) from ctl.build_changes where run_id = 'again'"), equalTo(0L));
  }

  @Test
  void selectBuildsTheGivenModelsInDependencyOrder() throws Exception {
    List<ModelRunner.ModelResult> results = ModelRunner.build(spec, "subset",
        List.of("daily_sales", " fact_orders", "dim_customer"), false);
    assertThat(results.stream().map(ModelRunner.ModelResult::model).toList(),
        contains("dim_customer", "fact_orders", "daily_sales"));
  }

  @Test
  void anUnknownModelOrRunIdIsAUsageErrorBeforeAnythingRuns() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelRunner.build(spec, "bad", List.of("daily_sales", "nope"), false));
    assertThat(e.getMessage(), startsWith("unknown model 'nope'; models are dim_date, dim_customer, "));
    assertThrows(IllegalArgumentException.class, () -> ModelRunner.build(spec, "bad id!", List.of(), false));
    assertThat(Sql.count(spec, "select count(*) from ctl.run_log where run_id = 'bad'"), equalTo(0L));
  }

  @Test
  void aFailingModelIsOneLineNamingItsFileAndChangesNothing() throws Exception {
    try (TestDatabase.Copy copied = db.copy()) {
      ConnectionSpec copy = copied.spec();
      String before = Sql.checksum(copy, "mart.customer_features");
      String stateBefore = Rows.one(copy, "select run_id || ':' || last_change_id from ctl.build_state"
          + " where model = 'customer_features'");
      Sql.exec(copy, "delete from ref.mart_settings where key = 'churn_inactive_days'");

      ModelRunner.ModelFailedException e = assertThrows(ModelRunner.ModelFailedException.class,
          () -> ModelRunner.build(copy, "broken", List.of("customer_ltv", "customer_features"), true));

      assertThat(Errors.describe(e), startsWith("model customer_features failed: sql/marts/customer_features.sql"
          + " statement 9: ERROR: null value in column \"is_churned\""));
      assertThat(Errors.describe(e), not(containsString("\n")));
      // The two models build side by side (SqlWorkers): which one logs first depends on the threads.
      assertThat(Rows.lines(copy, "select model || ':' || status from ctl.run_log where run_id = 'broken'"
          + " order by model"), contains("customer_features:failed", "customer_ltv:success"));
      assertThat(Rows.one(copy, "select error from ctl.run_log where run_id = 'broken' and status = 'failed'"),
          startsWith("model customer_features failed: "));
      // Rolled back: the rows (still the first build's) and the model's watermark are unchanged.
      assertThat(Sql.checksum(copy, "mart.customer_features"), equalTo(before));
      assertThat(Rows.lines(copy, "select distinct run_id from mart.customer_features"), contains("first"));
      assertThat(Rows.one(copy, "select run_id || ':' || last_change_id from ctl.build_state"
          + " where model = 'customer_features'"), equalTo(stateBefore));
    }
  }

  @Test
  void aModelAnotherRunIsBuildingIsRefused() throws Exception {
    try (DomainLock held = DomainLock.acquire(spec.open(), "daily_sales", "other-run")) {
      DomainLock.LockedException e = assertThrows(DomainLock.LockedException.class,
          () -> ModelRunner.build(spec, "second", List.of("daily_sales"), false));
      assertThat(e.getMessage(), startsWith("another run is already working on daily_sales"));
    }
    assertThat(Sql.count(spec, "select count(*) from ctl.run_log where run_id = 'second'"), equalTo(0L));
  }

  /**
   * The flow's builds (and build --wait) queue behind another run's build of the same model instead
   * of failing a run of another domain (found by ConcurrentBackfillTest): the waiting build is told
   * who holds the model, builds once the holder is done, and sees what the holder committed.
   */
  @Test
  void aBuildThatMayWaitBuildsOnceTheOtherRunIsDone() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<ModelRunner.ModelResult>> second;
      try (DomainLock held = DomainLock.acquire(spec.open(), "daily_sales", "other-run")) {
        second = pool.submit(() -> ModelRunner.build(spec, "waiter", List.of("daily_sales"), false,
            new ModelRunner.Listener() {
              @Override
              public void waiting(Manifest.Model model, String message) {
                messages.add(model.name() + ": " + message);
                waiting.countDown();
              }
            }, true));
        waiting.await(); // the build is queued behind the lock held here
        assertThat("nothing built while the other run holds the model", Sql.count(spec,
            "select count(*) from ctl.run_log where run_id = 'waiter'"), equalTo(0L));
      }
      List<ModelRunner.ModelResult> built = second.get(5, TimeUnit.MINUTES); // hang guard
      assertThat(built.stream().map(ModelRunner.ModelResult::model).toList(), contains("daily_sales"));
      assertThat(messages, contains(startsWith("daily_sales: another run is working on daily_sales")));
      assertThat(messages.get(0), containsString("waiting for it"));
      assertThat(Sql.count(spec, "select count(*) from ctl.run_log where run_id = 'waiter' and status = 'success'"),
          equalTo(1L));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * BuildLocks: a build of fact_orders by another run is in progress (its lock held, a change
   * recorded and not yet committed). product_performance, which does not read fact_orders, builds
   * meanwhile; daily_sales, which does, waits, and its snapshot is taken after the wait: it rebuilds
   * the day of the change committed while it waited. Had it read before that commit, it would have
   * recorded a later change (of fact_order_items) as seen and skipped this one for good.
   */
  @Test
  void aModelWaitsOnlyForBuildsOfTheModelsItReadsAndSeesWhatTheyCommitted() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = spec.open(); Statement st = other.createStatement();
        Connection watcher = spec.open(); Statement watch = watcher.createStatement()) {
      st.execute("select pg_advisory_lock(" + BuildLocks.NAMESPACE + ", hashtext('fact_orders'))");
      other.setAutoCommit(false);
      try (ResultSet rs = st.executeQuery("""
          insert into ctl.build_changes (run_id, model, kind, day)
          select 'other-run', 'fact_orders', 'date', max(order_date) from core.fact_orders
          returning change_id""")) {
        rs.next();
      }
      // Another model's later change, committed: without the lock daily_sales would record it as seen.
      Sql.exec(spec, "insert into ctl.build_changes (run_id, model, kind, day) "
          + "values ('other-run', 'fact_order_items', 'date', date '2026-01-05')");

      List<ModelRunner.ModelResult> unrelated = pool.submit(() -> ModelRunner.build(spec, "unrelated",
          List.of("product_performance"), false)).get(5, TimeUnit.MINUTES); // hang guard
      assertThat(unrelated.stream().map(ModelRunner.ModelResult::model).toList(), contains("product_performance"));

      Future<List<ModelRunner.ModelResult>> reader = pool.submit(() ->
          ModelRunner.build(spec, "reader", List.of("daily_sales"), false));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!waitingForALock(watch)) {
        if (System.nanoTime() > deadline || reader.isDone()) {
          throw new AssertionError("daily_sales did not wait for the build of fact_orders");
        }
        Thread.onSpinWait();
      }
      other.commit();
      st.execute("select pg_advisory_unlock(" + BuildLocks.NAMESPACE + ", hashtext('fact_orders'))");
      reader.get(5, TimeUnit.MINUTES); // hang guard
      assertThat("daily_sales rebuilt the day committed while it waited", Sql.count(spec,
          "select count(*) from mart.daily_sales where run_id = 'reader'"), equalTo(1L));
      MartFixtures.build(spec, "settle", false); // the other models take these changes too
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whether a session waits for an advisory lock (asked on one connection, not one per poll). */
  private static boolean waitingForALock(Statement watch) throws Exception {
    try (ResultSet rs = watch.executeQuery("select exists (select 1 from pg_locks"
        + " where locktype = 'advisory' and not granted)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Test
  void everyRelationIsNamedAfterItsModelInTheSchemaOfItsFolder() {
    List<String> relations = Manifest.load().models().stream().map(ModelRunner::relation).toList();
    assertThat(relations, equalTo(MartFixtures.MODEL_RELATIONS));
  }

  /** The indexes of a table as the catalog defines them (names and definitions). */
  private static List<String> indexes(ConnectionSpec target, String table) throws Exception {
    return Rows.lines(target, "select indexname || ' ' || indexdef from pg_indexes where schemaname || '.' || tablename = '"
        + table + "' order by 1");
  }

  @Test
  void aFullBuildOfAFactBuildsItsSecondaryIndexesOnceAtTheEndAndAFailedOneLosesNone() throws Exception {
    try (TestDatabase.Copy copied = db.copy()) {
      ConnectionSpec copy = copied.spec();
      List<String> before = indexes(copy, "core.fact_order_items");
      assertThat("primary key and two secondary indexes", before.size(), equalTo(3));

      // Fails right after the secondary indexes were dropped: the drop is rolled back with the rest.
      List<String> statements = io.martflow.warehouse.SqlScript.statements(
          io.martflow.warehouse.SqlFiles.read("core/fact_order_items.sql"));
      int suspend = 1 + statements.indexOf(statements.stream().filter(t -> t.contains("ctl.suspend_indexes"))
          .findFirst().orElseThrow());
      String point = "sql:core/fact_order_items.sql#" + suspend;
      io.martflow.control.FaultPoints.listen(p -> {
        if (p.equals(point)) {
          throw new IllegalStateException("injected after the indexes were dropped");
        }
      });
      try {
        assertThrows(Exception.class, () -> ModelRunner.build(copy, "broken", List.of("fact_order_items"), true));
      } finally {
        io.martflow.control.FaultPoints.listen(null);
      }
      assertThat(indexes(copy, "core.fact_order_items"), equalTo(before));

      List<ModelRunner.ModelResult> built = ModelRunner.build(copy, "full", List.of("fact_order_items"), true);
      assertThat(indexes(copy, "core.fact_order_items"), equalTo(before));
      assertThat(Sql.count(copy, "select count(*) from ctl.suspended_indexes"), equalTo(0L));
      assertThat("rows: the insert's, not the index restore's", built.get(0).rows(),
          equalTo(Sql.count(copy, "select count(*) from core.fact_order_items")));
      assertThat(Rows.one(copy, "select count(distinct run_id) || ':' || min(run_id) from core.fact_order_items"),
          equalTo("1:full"));
    }
  }
}
