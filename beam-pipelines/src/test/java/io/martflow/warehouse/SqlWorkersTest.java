package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SqlWorkersTest {

  @Test
  void oneWorkerRunsTheStepsOneByOneInOrder() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    List<SqlWorkers.Step<String>> steps = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      steps.add(() -> {
        seen.add(name);
        return name.toUpperCase();
      });
    }
    List<String> results = SqlWorkers.run(steps, List.of(Set.of(), Set.of(), Set.of(), Set.of()), 1);
    assertThat(seen, contains("a", "b", "c", "d"));
    assertThat(results, contains("A", "B", "C", "D"));
  }

  @Test
  void independentStepsRunAtTheSameTime() throws Exception {
    // Each step waits for the other: with two workers both are running at once, or this times out.
    CountDownLatch bothRunning = new CountDownLatch(2);
    SqlWorkers.Step<Boolean> step = () -> {
      bothRunning.countDown();
      return bothRunning.await(30, TimeUnit.SECONDS);
    };
    assertThat(SqlWorkers.run(List.of(step, step), List.of(Set.of(), Set.of()), 2), contains(true, true));
  }

  @Test
  void aStepStartsOnlyAfterItsDependencies() throws Exception {
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    List<SqlWorkers.Step<String>> steps = new ArrayList<>();
    for (String name : List.of("core", "mart1", "mart2", "report")) {
      steps.add(() -> {
        finished.add(name);
        return name;
      });
    }
    // mart1 and mart2 after core; report after both marts
    List<String> results = SqlWorkers.run(steps, List.of(Set.of(), Set.of(0), Set.of(0), Set.of(1, 2)), 3);
    assertThat(results, contains("core", "mart1", "mart2", "report"));
    assertThat(finished.get(0), equalTo("core"));
    assertThat(finished.get(3), equalTo("report"));
  }

  @Test
  void afterAFailureNoStepStartsAndTheFailureIsThrown() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    List<SqlWorkers.Step<String>> steps = List.of(
        () -> {
          ran.add("first");
          throw new IllegalStateException("first broke");
        },
        () -> {
          ran.add("second");
          return "second";
        },
        () -> {
          ran.add("third");
          return "third";
        });
    // second and third depend on first, so nothing else may start
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SqlWorkers.run(steps, List.of(Set.of(), Set.of(0), Set.of(1)), 2));
    assertThat(e.getMessage(), equalTo("first broke"));
    assertThat(ran, contains("first"));
  }

  @Test
  void workersComeFromTheSettingAndDefaultToTheCores() {
    String before = System.getProperty("martflow.sql.workers");
    try {
      System.setProperty("martflow.sql.workers", "3");
      assertThat(SqlWorkers.workers(), equalTo(3));
      System.setProperty("martflow.sql.workers", "zero");
      assertThrows(IllegalArgumentException.class, SqlWorkers::workers);
      System.clearProperty("martflow.sql.workers");
      if (System.getenv("MARTFLOW_SQL_WORKERS") == null) {
        assertThat(SqlWorkers.workers(), lessThan(5));
      }
    } finally {
      if (before == null) {
        System.clearProperty("martflow.sql.workers");
      } else {
        System.setProperty("martflow.sql.workers", before);
      }
    }
  }
}
