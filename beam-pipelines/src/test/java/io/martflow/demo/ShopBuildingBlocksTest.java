package io.martflow.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's parts that need no database: the dirt schedule, COPY text, life cycles, sections. */
class ShopBuildingBlocksTest {

  @Test
  void theScheduleHitsEveryRateWithinOneRowPerKind() {
    for (int rows : new int[] {150, 1_000, 12_345}) {
      DirtSchedule schedule = DirtSchedule.of(ShopTable.ORDERS, new SplittableRandom(rows));
      Map<DirtyKind, Integer> seen = new EnumMap<>(DirtyKind.class);
      for (int i = 0; i < rows; i++) {
        DirtyKind k = schedule.next();
        if (k != null) {
          seen.merge(k, 1, Integer::sum);
        }
      }
      for (DirtyKind k : DirtyKind.of(ShopTable.ORDERS)) {
        double expected = k.rate() * rows;
        // a block of 200 rows carries its whole-number share; the last block may be cut short
        assertThat(k + " in " + rows, (double) seen.getOrDefault(k, 0), closeTo(expected, 2.0));
      }
    }
  }

  @Test
  void theScheduleIsAFunctionOfItsRandomStream() {
    DirtSchedule a = DirtSchedule.of(ShopTable.CUSTOMERS, new SplittableRandom(3));
    DirtSchedule b = DirtSchedule.of(ShopTable.CUSTOMERS, new SplittableRandom(3));
    DirtSchedule c = DirtSchedule.of(ShopTable.CUSTOMERS, new SplittableRandom(4));
    boolean differs = false;
    for (int i = 0; i < 5_000; i++) {
      DirtyKind x = a.next();
      assertThat(b.next(), equalTo(x));
      differs |= c.next() != x;
    }
    assertThat(differs, equalTo(true));
  }

  /** Captures what a {@link TableWriter} would send. */
  private static final class Captured {
    final StringBuilder text = new StringBuilder();
  }

  private static String copyText(java.util.function.Consumer<TableWriter> row) throws SQLException {
    Captured captured = new Captured();
    ChunkSink sink = (copySql, text) -> captured.text.append(text);
    TableWriter w = new TableWriter(sink, ShopTable.ORDER_ITEMS);
    row.accept(w);
    w.endRow(true);
    w.flush();
    return captured.text.toString();
  }

  @Test
  void copyTextEscapesAndFormatsExactly() throws SQLException {
    String text = copyText(w -> w.text("a\tb\\c\nd").nul().fixed(-1234, 2).fixed(5, 4).cents(99L).num(7L)
        .ts(0L).ts(1_740_787_199L).date(20_000L).bool(true));
    String row = "a\\tb\\\\c\\nd\t\\N\t-12.34\t0.0005\t0.99\t7\t1970-01-01 00:00:00+00\t2025-02-28 23:59:59+00"
        + "\t2024-10-04\tt\n";
    assertThat(text, equalTo(row + row)); // endRow(true) writes an exact duplicate
    assertThat(copyText(w -> w.ts(-2_208_988_800L)), equalTo("1900-01-01 00:00:00+00\n1900-01-01 00:00:00+00\n"));
  }

  @Test
  void anOrderLivesTheSameLifeWhereverItIsRecreated() {
    List<String> reasons = List.of("card declined", "insufficient funds");
    long created = 1_740_000_000L;
    OrderLifeCycle a = OrderLifeCycle.of(42, 1234, created, 4, reasons);
    OrderLifeCycle b = OrderLifeCycle.of(42, 1234, created, 4, reasons);
    for (long t = created + 1; t < created + 60L * 86_400; t += 3_600) {
      assertThat(b.stateBefore(t), equalTo(a.stateBefore(t)));
    }
    assertThat(a.stateBefore(created + 1).status(), equalTo("pending"));
  }

  @Test
  void lifeCyclesMoveForwardAndEndWithinTheLongestGap() {
    List<String> reasons = List.of("card declined");
    int delivered = 0;
    int late = 0;
    int failed = 0;
    int n = 20_000;
    long gap = OrderLifeCycle.longestGap(10);
    for (long id = 1; id <= n; id++) {
      long created = 1_740_000_000L + id * 97;
      OrderLifeCycle life = OrderLifeCycle.of(7, id, created, 10, reasons);
      OrderLifeCycle.State previous = life.stateBefore(created + 1);
      for (long t = created + 1; t < created + 120L * 86_400; t += 6 * 3_600) {
        OrderLifeCycle.State s = life.stateBefore(t);
        assertThat(s.updatedAt(), greaterThanOrEqualTo(previous.updatedAt()));
        // no event waits longer than the gap simulate looks back over
        assertThat(s.updatedAt() - previous.updatedAt(), lessThanOrEqualTo(gap));
        previous = s;
      }
      OrderLifeCycle.State end = life.stateBefore(Long.MAX_VALUE);
      if (end.status().equals("payment_failed")) {
        failed++;
        assertThat(end.failureReason(), equalTo("card declined"));
      } else {
        assertThat(end.failureReason(), nullValue());
      }
      if (end.deliveredAt() != null) {
        delivered++;
        long due = ShopCalendar.addBusinessDays(Math.floorDiv(created, 86_400), 10);
        late += Math.floorDiv(end.deliveredAt(), 86_400) > due ? 1 : 0;
        assertThat(end.deliveredAt(), greaterThan(life.lockedAt()));
      }
    }
    assertThat(failed / (double) n, closeTo(OrderLifeCycle.PAYMENT_FAILED, 0.005));
    assertThat(late / (double) delivered, both(greaterThan(0.05)).and(lessThan(0.12)));
  }

  @Test
  void poolsCountByCreationTimeAndDrawByWeight() {
    long[] created = {10, 20, 20, 30, 99};
    assertThat(SortedArrays.countBelow(created, 4, 5), equalTo(0));
    assertThat(SortedArrays.countBelow(created, 4, 20), equalTo(1));
    assertThat(SortedArrays.countBelow(created, 4, 21), equalTo(3));
    assertThat("only the first size values count", SortedArrays.countBelow(created, 4, 1_000), equalTo(4));
    // weights 1, 0, 3, 6: the second is never drawn, the last is outside the first k = 3
    double[] cumulative = {1, 1, 4, 10};
    int[] drawn = new int[4];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 40_000; i++) {
      drawn[SortedArrays.drawWeighted(r, cumulative, 3)]++;
    }
    assertThat(drawn[1] + drawn[3], equalTo(0));
    assertThat(drawn[2] / (double) drawn[0], closeTo(3.0, 0.15));
  }

  @Test
  void businessDaysSkipWeekends() {
    long friday = java.time.LocalDate.of(2025, 3, 7).toEpochDay();
    assertThat(ShopCalendar.dayOfWeek(friday), equalTo(4));
    assertThat(ShopCalendar.addBusinessDays(friday, 1), equalTo(friday + 3));
    assertThat(ShopCalendar.addBusinessDays(friday, 5), equalTo(friday + 7));
  }

  @Test
  void sectionsAreSingleStatementsWithoutTheCommentsOfTheNext() {
    SqlSections s = SqlSections.parse("x.sql", "-- head\n-- @section a\nselect 1;\n\n-- about b\n-- @section b\n"
        + "create table t (x int);\ncreate index on t (x);\n");
    assertThat(s.get("a"), equalTo("select 1"));
    assertThat(s.get("b"), equalTo("create table t (x int);\ncreate index on t (x)"));
  }
}
