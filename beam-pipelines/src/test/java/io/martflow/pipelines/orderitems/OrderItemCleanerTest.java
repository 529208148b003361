package io.martflow.pipelines.orderitems;

import static io.martflow.testing.TestRecords.line;
import static io.martflow.testing.TestRecords.money;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.martflow.model.OrderItem;
import io.martflow.reference.ReferenceFixtures;
import io.martflow.testing.AvroAssertions;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderItemCleanerTest {
  private final OrderItemCleaner cleaner = new OrderItemCleaner(ReferenceFixtures.standard(),
      RunContext.fullRefresh("run-1", Instant.parse("2024-03-05T00:00:00Z"), ZoneId.of("UTC")));

  private OrderItem cleanOk(OrderItem raw) {
    CleanResult<OrderItem> result = cleaner.clean(raw);
    assertThat("rejected: " + result, result.isOk(), is(true));
    return result.value();
  }

  @Test
  void fillsMissingDiscountsAndCanonicalizesTheTaxContext() {
    OrderItem raw = line(10, 1, 2, "19.99").setCategory(" BOOKS ").setShipCountry("Deutschland").build();
    OrderItem expected = line(10, 1, 2, "19.99")
        .setCategory("Books")
        .setShipCountry("DE")
        .setDiscountPct(money("0.00"))
        .setDiscountAmount(money("0.00"))
        .build();
    OrderItem cleaned = cleanOk(raw);
    assertThat(cleaned, equalTo(expected));
    AvroAssertions.assertExactScalesAndRoundTrip(cleaned);
  }

  @Test
  void keepsGivenDiscountsAndTaxRate() {
    OrderItem cleaned = cleanOk(line(10, 1, 1, "5.00").setDiscountPct(money("12.50"))
        .setDiscountAmount(money("1.00")).setTaxRate(money("0.0700")).build());
    assertThat(cleaned.getDiscountPct(), equalTo(money("12.50")));
    assertThat(cleaned.getDiscountAmount(), equalTo(money("1.00")));
    assertThat(cleaned.getTaxRate(), equalTo(money("0.0700")));
  }

  @ParameterizedTest(name = "category ''{0}'' -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "kitchen|Kitchen",
      "Garden|Uncategorized",
      "NULL|NULL",
  })
  void categoryContext(String raw, String expected) {
    assertThat(cleanOk(line(10, 1, 1, "1.00").setCategory(raw).build()).getCategory(), equalTo(expected));
  }

  @Test
  void doesNotChangeItsInput() {
    OrderItem raw = line(10, 1, 1, "1.00").setCategory("books").build();
    OrderItem before = OrderItem.newBuilder(raw).build();
    cleanOk(raw);
    assertThat(raw, equalTo(before));
  }

  @ParameterizedTest(name = "[{index}] {0}: {8}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // reason | order | line | product | qty | unit price | pct | amount | message mentions
      "MISSING_KEY|NULL|1|5|1|1.00|NULL|NULL|order_id",
      "MISSING_KEY|10|NULL|5|1|1.00|NULL|NULL|line_no",
      "MISSING_PRODUCT_KEY|10|1|NULL|1|1.00|NULL|NULL|product_id",
      "INVALID_QUANTITY|10|1|5|NULL|1.00|NULL|NULL|quantity null",
      "INVALID_QUANTITY|10|1|5|0|1.00|NULL|NULL|quantity 0",
      "INVALID_QUANTITY|10|1|5|-2|1.00|NULL|NULL|quantity -2",
      "INVALID_UNIT_PRICE|10|1|5|1|NULL|NULL|NULL|unit_price null",
      "INVALID_UNIT_PRICE|10|1|5|1|-0.01|NULL|NULL|unit_price -0.01",
      "INVALID_DISCOUNT|10|1|5|1|1.00|-0.01|NULL|discount_pct -0.01",
      "INVALID_DISCOUNT|10|1|5|1|1.00|100.01|NULL|discount_pct 100.01",
      "INVALID_DISCOUNT|10|1|5|1|1.00|NULL|-1.00|discount_amount -1.00",
  })
  void rejectsInvalidLines(RejectReason reason, Long orderId, Integer lineNo, Long productId,
      Integer quantity, BigDecimal unitPrice, BigDecimal pct, BigDecimal amount, String mention) {
    OrderItem raw = OrderItem.newBuilder().setSourceSystem("shop").setOrderId(orderId)
        .setLineNo(lineNo).setProductId(productId).setQuantity(quantity).setUnitPrice(unitPrice)
        .setDiscountPct(pct).setDiscountAmount(amount).build();
    CleanResult<OrderItem> result = cleaner.clean(raw);
    assertThat(result.rejection().reason(), equalTo(reason));
    assertThat(result.rejection().message(), containsString(mention));
  }

  @ParameterizedTest(name = "tax_rate {0}")
  @CsvSource({"-0.0100", "1.0000", "19.0000"})
  void rejectsATaxRateThatIsNotAFraction(BigDecimal rate) {
    CleanResult<OrderItem> result = cleaner.clean(line(10, 1, 1, "1.00").setTaxRate(rate).build());
    assertThat(result.rejection().reason(), equalTo(RejectReason.INVALID_TAX_RATE));
  }

  @ParameterizedTest(name = "qty {0}, price {1}, pct {2}, amount {3}")
  @CsvSource(nullValues = "NULL", value = {
      "1, 0.00, 0.00, 0.00",
      "1, 1.00, 100.00, NULL",
      "3, 1.00, NULL, 500.00",
      "1, 1.00, NULL, NULL",
  })
  void acceptsLinesAtTheEdges(int qty, BigDecimal price, BigDecimal pct, BigDecimal amount) {
    assertThat(cleaner.clean(line(10, 1).setProductId(5L).setQuantity(qty).setUnitPrice(price)
        .setDiscountPct(pct).setDiscountAmount(amount).build()).isOk(), is(true));
  }
}
