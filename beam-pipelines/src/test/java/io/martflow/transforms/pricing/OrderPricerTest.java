package io.martflow.transforms.pricing;

import static io.martflow.testing.TestRecords.line;
import static io.martflow.testing.TestRecords.money;
import static io.martflow.testing.TestRecords.order;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.reference.ReferenceFixtures;
import io.martflow.testing.AvroAssertions;
import io.martflow.transforms.cleaning.RunContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderPricerTest {
  private static final RunContext CONTEXT = RunContext.window("run-1",
      Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z"),
      Instant.parse("2024-04-01T01:00:00Z"), ZoneId.of("UTC"));
  private final OrderPricer pricer = new OrderPricer(ReferenceFixtures.standard(), CONTEXT);

  /** An order to Germany placed on Friday 2024-03-08, delivered on Monday 2024-03-25. */
  private static Order germanOrder() {
    return order(100, "2024-03-08T10:00:00Z")
        .setCustomerId(7L)
        .setStatus("delivered")
        .setShipCountry("DE")
        .setShippingMethod("standard")
        .setOrderDate(LocalDate.of(2024, 3, 8))
        .setDeliveredAt(Instant.parse("2024-03-25T09:00:00Z"))
        .build();
  }

  private static List<OrderItem> germanLines() {
    return List.of(
        line(100, 2, 2, "19.99").setCategory("Books").setDiscountPct(money("10.00"))
            .setDiscountAmount(money("0.00")).build(),
        line(100, 1, 1, "120.00").setCategory("Kitchen").setDiscountPct(money("0.00"))
            .setDiscountAmount(money("20.00")).build());
  }

  @Test
  void pricesEachLineWithItsTaxContext() {
    PricedOrder priced = pricer.price(germanOrder(), germanLines(), false);
    assertThat(priced.lines().stream().map(OrderItem::getLineNo).toList(), contains(1, 2));
    OrderItem kitchen = priced.lines().get(0);
    OrderItem books = priced.lines().get(1);
    assertThat(kitchen.getShipCountry(), equalTo("DE"));
    assertThat(List.of(kitchen.getGrossAmount(), kitchen.getDiscountApplied(), kitchen.getNetAmount(),
            kitchen.getAppliedTaxRate(), kitchen.getTaxAmount(), kitchen.getLineTotal(),
            kitchen.getUnitNetPrice()),
        contains(money("120.00"), money("20.00"), money("100.00"), money("0.1900"), money("19.00"),
            money("119.00"), money("100.0000")));
    assertThat(books.getShipCountry(), equalTo("DE"));
    assertThat(List.of(books.getGrossAmount(), books.getDiscountApplied(), books.getNetAmount(),
            books.getAppliedTaxRate(), books.getTaxAmount(), books.getLineTotal(),
            books.getUnitNetPrice()),
        contains(money("39.98"), money("4.00"), money("35.98"), money("0.0700"), money("2.52"),
            money("38.50"), money("17.9900")));
  }

  @Test
  void totalsShippingAndDeliveryOfTheOrder() {
    Order o = pricer.price(germanOrder(), germanLines(), false).order();
    assertThat(o.getLineCount(), equalTo(2));
    assertThat(o.getUnits(), equalTo(3));
    assertThat(List.of(o.getItemsGross(), o.getDiscountTotal(), o.getItemsNet(), o.getTaxTotal(),
            o.getShippingFee(), o.getOrderTotal()),
        contains(money("159.98"), money("24.00"), money("135.98"), money("21.52"),
            money("19.99"), money("177.49")));
    // Friday + 10 business days (international standard) = Friday two weeks later
    assertThat(o.getEstimatedDeliveryDate(), equalTo(LocalDate.of(2024, 3, 22)));
    assertThat(o.getIsLate(), equalTo(true));
    assertThat(o.getDeliveryDays(), equalTo(17));
  }

  @Test
  void theSourcesShippingFeeIsKept() {
    Order withFee = Order.newBuilder(germanOrder()).setShippingFee(money("3.50")).build();
    Order o = pricer.price(withFee, germanLines(), false).order();
    assertThat(o.getShippingFee(), equalTo(money("3.50")));
    assertThat(o.getOrderTotal(), equalTo(money("161.00")));
  }

  @Test
  void anOrderNotYetDeliveredHasAnEstimateOnly() {
    Order open = Order.newBuilder(germanOrder()).setDeliveredAt(null).setStatus("shipped").build();
    Order o = pricer.price(open, germanLines(), false).order();
    assertThat(o.getEstimatedDeliveryDate(), equalTo(LocalDate.of(2024, 3, 22)));
    assertThat(o.getIsLate(), nullValue());
    assertThat(o.getDeliveryDays(), nullValue());
  }

  @Test
  void theOrderDateFallsBackToTheOrderTsInTheBusinessZone() {
    RunContext tokyo = new RunContext("r", null, null, CONTEXT.runTime(), ZoneId.of("Asia/Tokyo"));
    Order noDate = order(5, "2024-03-08T20:00:00Z").setCustomerId(1L).setShipCountry("US").build();
    Order o = new OrderPricer(ReferenceFixtures.standard(), tokyo).price(noDate, List.of(), false).order();
    assertThat(o.getOrderDate(), equalTo(LocalDate.of(2024, 3, 9)));
    // Saturday + 5 business days (domestic standard) = next Friday
    assertThat(o.getEstimatedDeliveryDate(), equalTo(LocalDate.of(2024, 3, 15)));
  }

  @Test
  void taxInclusivePricesSplitTaxOutOfTheTotal() {
    Order o = order(200, "2024-03-08T10:00:00Z").setCustomerId(7L).setShipCountry("DE")
        .setShippingMethod("express").build();
    List<OrderItem> lines = List.of(line(200, 1, 1, "11.90").setCategory("Kitchen").build());
    PricedOrder priced = pricer.price(o, lines, true);
    OrderItem l = priced.lines().get(0);
    assertThat(List.of(l.getNetAmount(), l.getTaxAmount(), l.getLineTotal()),
        contains(money("10.00"), money("1.90"), money("11.90")));
    assertThat(priced.order().getOrderTotal(), equalTo(money("51.89"))); // 11.90 + 39.99 express
  }

  @Test
  void noLinesMeansZeroItemTotals() {
    Order o = pricer.price(germanOrder(), List.of(), false).order();
    assertThat(List.of(o.getItemsGross(), o.getItemsNet(), o.getTaxTotal(), o.getOrderTotal()),
        contains(money("0.00"), money("0.00"), money("0.00"), money("19.99")));
    assertThat(o.getLineCount(), equalTo(0));
  }

  @Test
  void doesNotChangeItsInputs() {
    Order order = germanOrder();
    List<OrderItem> lines = germanLines();
    Order orderBefore = Order.newBuilder(order).build();
    List<OrderItem> linesBefore = lines.stream().map(l -> OrderItem.newBuilder(l).build()).toList();
    pricer.price(order, lines, false);
    assertThat(order, equalTo(orderBefore));
    assertThat(order.getOrderTotal(), nullValue());
    assertThat(lines, equalTo(linesBefore));
    assertThat(lines.get(0).getNetAmount(), nullValue());
  }

  @Test
  void refusesALineOfAnotherOrder() {
    List<OrderItem> lines = List.of(line(999, 1, 1, "1.00").build());
    assertThrows(IllegalArgumentException.class, () -> pricer.price(germanOrder(), lines, false));
  }

  @Test
  void pricedRecordsHaveTheExactAvroScales() {
    PricedOrder priced = pricer.price(germanOrder(), germanLines(), false);
    AvroAssertions.assertExactScalesAndRoundTrip(priced.order());
    priced.lines().forEach(AvroAssertions::assertExactScalesAndRoundTrip);
  }

  @ParameterizedTest(name = "prices include tax: {0}")
  @ValueSource(booleans = {false, true})
  void randomOrdersReconcileToTheCent(boolean pricesIncludeTax) {
    Random random = new Random(20240308L);
    String[] countries = {"US", "DE", "GB", "FR", "JP", null};
    String[] categories = {"Books", "Kitchen", "Computers", null};
    String[] methods = {"standard", "express", "next_day", "drone", null};
    for (int n = 0; n < 1000; n++) {
      long id = 1000 + n;
      Order.Builder order = order(id, "2024-03-08T10:00:00Z").setCustomerId(1L)
          .setShipCountry(countries[random.nextInt(countries.length)])
          .setShippingMethod(methods[random.nextInt(methods.length)]);
      if (random.nextInt(4) == 0) {
        order.setShippingFee(cents(random, 2000));
      }
      List<OrderItem> lines = new ArrayList<>();
      int lineCount = random.nextInt(8);
      for (int i = 1; i <= lineCount; i++) {
        OrderItem.Builder line = line(id, i, 1 + random.nextInt(12), null)
            .setUnitPrice(cents(random, 50000))
            .setCategory(categories[random.nextInt(categories.length)])
            .setDiscountPct(BigDecimal.valueOf(random.nextInt(10001), 2))
            .setDiscountAmount(random.nextInt(3) == 0 ? cents(random, 20000) : money("0.00"));
        if (random.nextInt(5) == 0) {
          line.setTaxRate(BigDecimal.valueOf(random.nextInt(3000), 4));
        }
        lines.add(line.build());
      }
      PricedOrder priced = pricer.price(order.build(), lines, pricesIncludeTax);
      assertReconciles(priced, "order " + id);
    }
  }

  private static void assertReconciles(PricedOrder priced, String what) {
    Order o = priced.order();
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal discount = BigDecimal.ZERO;
    BigDecimal net = BigDecimal.ZERO;
    BigDecimal tax = BigDecimal.ZERO;
    int units = 0;
    for (OrderItem l : priced.lines()) {
      assertThat(what + " line total", l.getLineTotal(), equalTo(l.getNetAmount().add(l.getTaxAmount())));
      assertThat(what + " discount capped", l.getDiscountApplied().compareTo(l.getGrossAmount()) <= 0, equalTo(true));
      assertThat(what + " net not negative", l.getNetAmount().signum() >= 0, equalTo(true));
      gross = gross.add(l.getGrossAmount());
      discount = discount.add(l.getDiscountApplied());
      net = net.add(l.getNetAmount());
      tax = tax.add(l.getTaxAmount());
      units += l.getQuantity();
    }
    assertThat(what + " items_gross", o.getItemsGross(), equalTo(gross.setScale(2)));
    assertThat(what + " discount_total", o.getDiscountTotal(), equalTo(discount.setScale(2)));
    assertThat(what + " items_net", o.getItemsNet(), equalTo(net.setScale(2)));
    assertThat(what + " tax_total", o.getTaxTotal(), equalTo(tax.setScale(2)));
    assertThat(what + " units", o.getUnits(), equalTo(units));
    assertThat(what + " line_count", o.getLineCount(), equalTo(priced.lines().size()));
    assertThat(what + " order_total", o.getOrderTotal(),
        equalTo(o.getItemsNet().add(o.getTaxTotal()).add(o.getShippingFee())));
    AvroAssertions.assertExactScalesAndRoundTrip(o);
    priced.lines().forEach(AvroAssertions::assertExactScalesAndRoundTrip);
  }

  private static BigDecimal cents(Random random, int maxCents) {
    return BigDecimal.valueOf(random.nextInt(maxCents + 1), 2);
  }
}
