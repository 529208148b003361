package io.martflow.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Waves read every range of a plan exactly once, in order, and every wave reads the same plan. */
class RangeWaveTest {

  @ParameterizedTest(name = "{0} ranges, {1} per wave")
  @CsvSource({"1, 8", "7, 8", "8, 8", "9, 8", "29, 4", "30, 1"})
  void theWavesOfAPlanCoverItOnce(int ranges, int perWave) {
    List<KeyRange> plan = KeyRangePlanner.plan(1L, 10_000L, 10_000, 10_000 / Math.max(1, ranges - 1), 1);
    plan = plan.subList(0, Math.min(plan.size(), ranges));
    int waves = RangeWave.count(plan.size(), perWave);
    assertThat(waves, equalTo((plan.size() + perWave - 1) / perWave));
    List<KeyRange> read = new ArrayList<>();
    for (int i = 0; i < waves; i++) {
      List<KeyRange> wave = new RangeWave("plan", i, perWave).select(plan);
      assertThat("wave " + i + " is not empty", wave.isEmpty(), equalTo(false));
      read.addAll(wave);
    }
    assertThat(read, equalTo(plan));
    assertThat("past the last wave", new RangeWave("plan", waves, perWave).select(plan), empty());
  }

  @Test
  void withoutWavesOneRunReadsEverything() {
    List<KeyRange> plan = KeyRangePlanner.plan(1L, 100L, 100, 10, 1);
    assertThat(RangeWave.ALL.select(plan), equalTo(plan));
    assertThat(RangeWave.count(plan.size(), 0), equalTo(1));
    assertThat(RangeWave.count(0, 8), equalTo(1));
  }

  @Test
  void laterWavesReadTheFirstWavesPlanUntilTheLoadForgetsIt() throws Exception {
    String load = UUID.randomUUID().toString();
    List<KeyRange> first = RangePlans.remember(load, "orders", () -> KeyRangePlanner.plan(1L, 100L, 100, 10, 1));
    // The source changed meanwhile: a fresh plan would split it differently.
    List<KeyRange> later = RangePlans.remember(load, "orders", () -> KeyRangePlanner.plan(1L, 500L, 500, 10, 1));
    assertThat(later, sameInstance(first));
    List<KeyRange> otherRead = RangePlans.remember(load, "customers", () -> KeyRangePlanner.plan(1L, 9L, 9, 3, 1));
    assertThat(otherRead.size(), equalTo(4));
    RangePlans.forget(load);
    List<KeyRange> afterwards = RangePlans.remember(load, "orders", () -> KeyRangePlanner.plan(1L, 500L, 500, 10, 1));
    assertThat(afterwards.get(afterwards.size() - 2).hi(), equalTo(500L));
    RangePlans.forget(load);
  }
}
