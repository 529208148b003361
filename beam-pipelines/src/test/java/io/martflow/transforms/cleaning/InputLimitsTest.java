package io.martflow.transforms.cleaning;

import static io.martflow.testing.TestRecords.customer;
import static io.martflow.testing.TestRecords.line;
import static io.martflow.testing.TestRecords.order;
import static io.martflow.testing.TestRecords.product;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.martflow.pipelines.customers.CustomerCleaner;
import io.martflow.pipelines.orderitems.OrderItemCleaner;
import io.martflow.pipelines.orders.OrderCleaner;
import io.martflow.pipelines.products.ProductCleaner;
import io.martflow.reference.ReferenceData;
import io.martflow.reference.ReferenceFixtures;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The limits on absurd input: text length, quantity, change timestamps in the future (docs/business-rules.md). */
class InputLimitsTest {
  static final ReferenceData REF = ReferenceFixtures.builder()
      .setting(ReferenceData.MAX_TEXT_LENGTH, "20").setting(ReferenceData.MAX_LINE_QUANTITY, "500").build();
  static final RunContext WINDOW = RunContext.window("r", Instant.parse("2026-10-01T00:00:00Z"),
      Instant.parse("2026-10-02T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"), ZoneId.of("UTC"));
  static final RunContext FULL = RunContext.fullRefresh("r", Instant.parse("2026-10-02T00:00:00Z"), ZoneId.of("UTC"));

  private static void rejected(CleanResult<?> r, RejectReason reason, String message) {
    assertThat(r.isOk() ? "ok" : r.rejection().reason() + ": " + r.rejection().message(), r.isRejected(), is(true));
    assertThat(r.rejection().message(), r.rejection().reason(), equalTo(reason));
    assertThat(r.rejection().message(), containsString(message));
  }

  @Test
  void textLongerThanTheLimitAfterCleaningIsRejectedInEveryDomain() {
    String longText = "x".repeat(21);
    rejected(new CustomerCleaner(REF, WINDOW).clean(customer(1).setFirstName("Ann").setCity(longText).build()),
        RejectReason.TEXT_TOO_LONG, "customer 1 city is 21 characters long; at most 20");
    rejected(new ProductCleaner(REF, WINDOW).clean(product(2).setName(longText).build()),
        RejectReason.TEXT_TOO_LONG, "product 2 name is 21 characters long");
    rejected(new OrderCleaner(REF, WINDOW).clean(order(3, "2026-10-01T10:00:00Z").setCustomerId(7L).setStatus("paid")
        .setPromoCode(longText).build()), RejectReason.TEXT_TOO_LONG, "order 3 promo_code");
    // measured after cleaning: 20 letters and spaces that collapse pass
    assertThat(new CustomerCleaner(REF, WINDOW).clean(customer(1).setFirstName("Ann")
        .setCity("  " + "y".repeat(20) + "   ").build()).isOk(), is(true));
    // and in characters (code points), not UTF-16 units: 20 emoji pass
    assertThat(new CustomerCleaner(REF, WINDOW).clean(customer(1).setFirstName("Ann")
        .setCity("\uD83D\uDE00".repeat(20)).build()).isOk(), is(true));
  }

  @Test
  void aQuantityAboveTheLimitIsRejected() {
    OrderItemCleaner cleaner = new OrderItemCleaner(REF, WINDOW);
    rejected(cleaner.clean(line(1, 1, 501, "1.00").build()), RejectReason.QUANTITY_TOO_LARGE,
        "order line 1/1 has quantity 501; at most 500");
    assertThat(cleaner.clean(line(1, 1, 500, "1.00").build()).isOk(), is(true));
    rejected(cleaner.clean(line(1, 1, 0, "1.00").build()), RejectReason.INVALID_QUANTITY, "quantity 0");
  }

  @Test
  void aChangeTimestampMoreThanADayInTheFutureIsRejectedInEveryDomain() {
    Instant tooLate = Instant.now().plus(java.time.Duration.ofDays(2));
    rejected(new CustomerCleaner(REF, WINDOW).clean(customer(1).setFirstName("A").setUpdatedAt(tooLate).build()),
        RejectReason.UPDATED_AT_IN_FUTURE, "one day after the window end or the clock");
    rejected(new ProductCleaner(REF, WINDOW).clean(product(1).setUpdatedAt(Instant.parse("2999-01-01T00:00:00Z"))
        .build()), RejectReason.UPDATED_AT_IN_FUTURE, "2999-01-01");
    rejected(new OrderCleaner(REF, WINDOW).clean(order(1, "2026-10-01T10:00:00Z").setCustomerId(7L).setStatus("paid")
        .setUpdatedAt(tooLate).build()), RejectReason.UPDATED_AT_IN_FUTURE, "order 1 updated_at");
    rejected(new OrderItemCleaner(REF, FULL).clean(line(1, 1, 1, "1.00").setUpdatedAt(tooLate).build()),
        RejectReason.UPDATED_AT_IN_FUTURE, "one day after the run time or the clock");
  }

  @Test
  void theLimitIsOneDayAfterTheLaterOfTheWindowEndAndTheClock() {
    Instant windowEnd = Instant.parse("2026-10-02T00:00:00Z");
    // a window in the future (a clock behind the source): the window end counts
    assertThat(InputLimits.latestTimestamp(WINDOW, Instant.parse("2026-09-01T00:00:00Z")),
        equalTo(windowEnd.plus(InputLimits.FUTURE_TOLERANCE)));
    // a backfill of a past window: rows read as they are now may carry any timestamp up to now
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    assertThat(InputLimits.latestTimestamp(WINDOW, now), equalTo(now.plus(InputLimits.FUTURE_TOLERANCE)));
    InputLimits limits = new InputLimits(REF, WINDOW, now);
    assertThat(limits.updatedAtInFuture("order 1", now.plus(InputLimits.FUTURE_TOLERANCE)), equalTo(null));
    assertThat(limits.updatedAtInFuture("order 1", now.plus(InputLimits.FUTURE_TOLERANCE).plusNanos(1000)),
        containsString("order 1 updated_at"));
  }

  @Test
  void aBackfillOfAPastWindowAcceptsAnOrderChangedSinceTheWindow() {
    // the order's line changed in the window; the order itself was updated a month later (today)
    Instant changedSince = Instant.parse("2026-11-01T00:00:00Z");
    assertThat(new OrderCleaner(REF, WINDOW).clean(order(1, "2026-10-01T10:00:00Z").setCustomerId(7L)
        .setStatus("paid").setUpdatedAt(changedSince).build()).isOk(), is(true));
  }
}
