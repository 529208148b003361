package io.martflow.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.model.Reject;
import io.martflow.testing.TestRecords;
import io.martflow.transforms.deadletter.Rejects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The order in which a CSV or HTTP source's entries reach the Deduplicator and the order merge:
 * rejects first (in file order), then rows in key order, as a JDBC range would deliver them.
 */
class WholeSourceOrderTest {
  private static Reject reject(String locator) {
    return Rejects.build("orders", TestRecords.SOURCE, "src", null, locator, "PARSE_ERROR", "bad", "{}");
  }

  private static <T> WholeSource.Entry<T> row(T row, String key, boolean fresh) {
    return new WholeSource.Entry<>(new RangeItem.Row<>(row, key), fresh, -1);
  }

  private static <T> WholeSource.Entry<T> rejected(String locator, boolean fresh) {
    return new WholeSource.Entry<>(new RangeItem.Rejected<>(reject(locator)), fresh, -1);
  }

  /** What each item is, in order: a row's key or "reject:" and its locator. */
  private static <T> List<String> describe(List<RangeItem<T>> items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i instanceof RangeItem.Row<T> r ? String.valueOf(r.key())
        : "reject:" + ((RangeItem.Rejected<T>) i).reject().getLocator()));
    return out;
  }

  @Test
  void rowsSortByKeyAfterTheRejectsWhichKeepTheirOrder() {
    List<WholeSource.Entry<String>> entries = List.of(row("b", "k2", true), rejected("f:2", true),
        row("a", "k1", true), row("n", null, true), rejected("f:1", true), row("c", "k1", true));
    assertThat(describe(ReadWhole.sortedByKey(entries)), contains("reject:f:2", "reject:f:1", "null", "k1", "k1",
        "k2"));
  }

  @Test
  void orderEntriesSortByOrderIdThenLineNumber() {
    List<WholeSource.Entry<OrderItem>> lines = List.of(row(TestRecords.line(2, 2).build(), "2/2", true),
        row(TestRecords.line(1, 3).build(), "1/3", true), rejected("f:9", true),
        row(TestRecords.line(2, 1).build(), "2/1", true), row(TestRecords.line(1, 1).build(), "1/1", true));
    assertThat(describe(ReadWholeOrderGroups.sorted(lines)), contains("reject:f:9", "1/1", "1/3", "2/1", "2/2"));
  }

  @Test
  void anAffectedOrderComesWithAllItsRowsAndOnlyNewRejects() {
    List<WholeSource.Entry<Order>> orders = List.of(row(TestRecords.order(1).build(), "1", false),
        row(TestRecords.order(2).build(), "2", false), row(TestRecords.order(3).build(), "3", true),
        rejected("old", false), rejected("new", true));
    assertThat(describe(ReadWholeOrderGroups.sorted(ReadWholeOrderGroups.affected(orders, Set.of(1L, 3L)))),
        contains("reject:new", "1", "3"));
  }

  @Test
  void drainSendsRowsAndRejectsToTheirSinksInOrder() {
    List<String> rows = new ArrayList<>();
    List<String> rejects = new ArrayList<>();
    List<RangeItem<String>> items = List.of(new RangeItem.Row<>("a", "1"), new RangeItem.Rejected<>(reject("x")),
        new RangeItem.Row<>("b", "2"));
    RangeItem.drain(items.iterator(), rows::add, r -> rejects.add(r.getLocator()));
    assertThat(rows, contains("a", "b"));
    assertThat(rejects, contains("x"));
  }
}
