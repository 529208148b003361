package io.martflow.pipelines.orders;

import static io.martflow.testing.TestRecords.money;
import static io.martflow.testing.TestRecords.order;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.martflow.model.Order;
import io.martflow.reference.ReferenceFixtures;
import io.martflow.testing.AvroAssertions;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderCleanerTest {
  private static final Instant WINDOW_START = Instant.parse("2024-03-01T00:00:00Z");
  private static final Instant WINDOW_END = Instant.parse("2024-03-02T00:00:00Z");
  private static final Instant RUN_TIME = Instant.parse("2024-03-05T00:00:00Z");
  private static final RunContext WINDOWED =
      RunContext.window("run-1", WINDOW_START, WINDOW_END, RUN_TIME, ZoneId.of("UTC"));
  private final OrderCleaner cleaner = new OrderCleaner(ReferenceFixtures.standard(), WINDOWED);

  private static Order.Builder valid() {
    return order(10, "2024-03-01T12:00:00Z").setCustomerId(7L).setStatus("paid");
  }

  private Order cleanOk(Order raw) {
    CleanResult<Order> result = cleaner.clean(raw);
    assertThat("rejected: " + result, result.isOk(), is(true));
    return result.value();
  }

  @Test
  void cleansEveryField() {
    Order raw = valid()
        .setStatus(" SHIPPED ")
        .setShippingMethod(" Next-Day ")
        .setShipCountry("Estados Unidos")
        .setShipState(" CA ")
        .setShipCity("San   Francisco")
        .setShipPostalCode(" 94105 ")
        .setPromoCode(" SPRING24 ")
        .setShippingFee(money("4.99"))
        .build();
    Order expected = valid()
        .setStatus("shipped")
        .setIsFailed(false)
        .setShippingMethod("next_day")
        .setShipCountry("US")
        .setShipState("CA")
        .setShipCity("San Francisco")
        .setShipPostalCode("94105")
        .setPromoCode("SPRING24")
        .setShippingFee(money("4.99"))
        .setOrderDate(LocalDate.of(2024, 3, 1))
        .build();
    Order cleaned = cleanOk(raw);
    assertThat(cleaned, equalTo(expected));
    AvroAssertions.assertExactScalesAndRoundTrip(cleaned);
  }

  @Test
  void doesNotChangeItsInput() {
    Order raw = valid().setStatus("Versandt").setShipCountry("Deutschland").build();
    Order before = Order.newBuilder(raw).build();
    cleanOk(raw);
    assertThat(raw, equalTo(before));
  }

  @Test
  void rejectsMissingKeys() {
    assertThat(cleaner.clean(valid().setOrderId(null).build()).rejection().reason(),
        equalTo(RejectReason.MISSING_KEY));
    assertThat(cleaner.clean(valid().setCustomerId(null).build()).rejection().reason(),
        equalTo(RejectReason.MISSING_CUSTOMER_KEY));
    assertThat(cleaner.clean(valid().setOrderTs(null).build()).rejection().reason(),
        equalTo(RejectReason.MISSING_ORDER_TS));
  }

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource(nullValues = "OK", value = {
      "1999-12-31T23:59:59.999999Z, UTC, ORDER_TS_TOO_OLD",
      "2000-01-01T00:00:00Z, UTC, OK",
      // 03:00 UTC is still 1999-12-31 in New York
      "2000-01-01T03:00:00Z, America/New_York, ORDER_TS_TOO_OLD",
      "2000-01-01T05:00:00Z, America/New_York, OK",
      // one day after the window end is the latest accepted
      "2024-03-03T00:00:00Z, UTC, OK",
      "2024-03-03T00:00:00.000001Z, UTC, ORDER_TS_IN_FUTURE",
      "2030-01-01T00:00:00Z, UTC, ORDER_TS_IN_FUTURE",
  })
  void ordersTsMustLieBetween2000AndADayAfterTheWindowEnd(
      Instant orderTs, ZoneId zone, RejectReason expected) {
    OrderCleaner inZone = new OrderCleaner(ReferenceFixtures.standard(),
        RunContext.window("r", WINDOW_START, WINDOW_END, RUN_TIME, zone));
    CleanResult<Order> result = inZone.clean(valid().setOrderTs(orderTs).build());
    if (expected == null) {
      assertThat("rejected: " + result, result.isOk(), is(true));
    } else {
      assertThat(result.rejection().reason(), equalTo(expected));
      assertThat(result.rejection().message(), containsString(orderTs.toString()));
    }
  }

  @Test
  void aFullRefreshMeasuresTheFutureFromTheRunTime() {
    OrderCleaner fullRefresh = new OrderCleaner(ReferenceFixtures.standard(),
        RunContext.fullRefresh("r", RUN_TIME, ZoneId.of("UTC")));
    assertThat(fullRefresh.clean(valid().setOrderTs(Instant.parse("2024-03-06T00:00:00Z")).build())
        .isOk(), is(true));
    CleanResult<Order> tooLate =
        fullRefresh.clean(valid().setOrderTs(Instant.parse("2024-03-06T00:00:01Z")).build());
    assertThat(tooLate.rejection().reason(), equalTo(RejectReason.ORDER_TS_IN_FUTURE));
    assertThat(tooLate.rejection().message(), containsString("run time"));
  }

  @ParameterizedTest(name = "status ''{0}''")
  @CsvSource(nullValues = "NULL", value = {"lost in space", "NULL", "'   '", "shipped?"})
  void rejectsAnUnknownStatusQuotingIt(String status) {
    CleanResult<Order> result = cleaner.clean(valid().setStatus(status).build());
    assertThat(result.rejection().reason(), equalTo(RejectReason.UNKNOWN_STATUS));
    assertThat(result.rejection().message(), containsString("'" + status + "'"));
  }

  @ParameterizedTest(name = "''{0}'' / ''{1}'' -> {2}, failed {3}, reason {4}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "Shipped |NULL|shipped|false|NULL",
      "versandt|NULL|shipped|false|NULL",
      "enviado|NULL|shipped|false|NULL",
      "EXPÉDIÉ|NULL|shipped|false|NULL",
      "Payment-Failed|NULL|payment_failed|true|NULL",
      "payment failed|Card Declined|payment_failed|true|card_declined",
      "zahlung fehlgeschlagen|INSUFFICIENT_FUNDS|payment_failed|true|insufficient_funds",
      "annulé|carte refusée|cancelled|true|card_declined",
      "cancelled|fraud suspected|cancelled|true|fraud_suspected",
      // cancelled for a reason nobody mapped yet: failed, reason unknown
      "Canceled|the dog ate it|cancelled|true|NULL",
      // cancelled without a failure reason: the customer changed their mind
      "storniert|NULL|cancelled|false|NULL",
      "cancelled|'  '|cancelled|false|NULL",
      "delivered|out of stock|delivered|false|out_of_stock",
  })
  void normalizesStatusAndFailure(String status, String reason, String canonical, boolean failed,
      String reasonCode) {
    Order cleaned = cleanOk(valid().setStatus(status).setFailureReason(reason).build());
    assertThat(cleaned.getStatus(), equalTo(canonical));
    assertThat(cleaned.getIsFailed(), equalTo(failed));
    assertThat(cleaned.getFailureReason(), equalTo(reasonCode));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "Allemagne|DE",
      "côte d'ivoire|CI",
      "gbr|GB",
      "Atlantis|NULL",
      "NULL|NULL",
  })
  void shipCountryBecomesAlpha2(String raw, String code) {
    assertThat(cleanOk(valid().setShipCountry(raw).build()).getShipCountry(), equalTo(code));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "EXPRESS|express",
      "next day|next_day",
      "  Drone  Delivery |Drone Delivery",
      "NULL|NULL",
  })
  void shippingMethodTakesItsReferenceSpellingWhenKnown(String raw, String method) {
    assertThat(cleanOk(valid().setShippingMethod(raw).build()).getShippingMethod(), equalTo(method));
  }

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource({
      "2024-03-01T03:30:00Z, UTC, 2024-03-01",
      "2024-03-01T03:30:00Z, America/Los_Angeles, 2024-02-29",
      "2024-03-01T20:00:00Z, Asia/Tokyo, 2024-03-02",
  })
  void orderDateIsTheBusinessDate(Instant orderTs, ZoneId zone, LocalDate date) {
    OrderCleaner inZone = new OrderCleaner(ReferenceFixtures.standard(),
        RunContext.window("r", WINDOW_START, WINDOW_END, RUN_TIME, zone));
    assertThat(inZone.clean(valid().setOrderTs(orderTs).build()).value().getOrderDate(), equalTo(date));
  }
}
