package io.martflow.pipelines.products;

import static io.martflow.testing.TestRecords.money;
import static io.martflow.testing.TestRecords.product;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.martflow.model.Product;
import io.martflow.reference.ReferenceData;
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

class ProductCleanerTest {
  private static final Instant RUN_TIME = Instant.parse("2024-06-15T12:00:00Z");
  private static final RunContext CONTEXT = RunContext.window("run-1",
      Instant.parse("2024-06-14T00:00:00Z"), Instant.parse("2024-06-15T00:00:00Z"), RUN_TIME,
      ZoneId.of("UTC"));
  private final ProductCleaner cleaner = new ProductCleaner(ReferenceFixtures.standard(), CONTEXT);

  private Product cleanOk(Product raw) {
    CleanResult<Product> result = cleaner.clean(raw);
    assertThat("rejected: " + result, result.isOk(), is(true));
    return result.value();
  }

  @Test
  void cleansAndEnrichesEveryField() {
    Product raw = product(7)
        .setSku(" LAP-001 ")
        .setName("  Ultra   Book 13 ")
        .setBrand(" Acme ")
        .setCategory("COMPUTERS")
        .setSubcategory("laptops")
        .setListPrice(money("999.00"))
        .setCost(money("650.50"))
        .setStockQty(3)
        .setReorderLevel(5)
        .setIsActive(true)
        .build();
    Product expected = product(7)
        .setSku("LAP-001")
        .setName("Ultra Book 13")
        .setBrand("Acme")
        .setDepartment("Electronics")
        .setCategory("Computers")
        .setSubcategory("Laptops")
        .setIsUncategorized(false)
        .setListPrice(money("999.00"))
        .setCost(money("650.50"))
        .setStockQty(3)
        .setReorderLevel(5)
        .setIsActive(true)
        .setAvailability("low_stock")
        .setIsDiscontinued(false)
        .setMargin(money("348.50"))
        .setMarginPct(money("34.88"))
        .build();
    Product cleaned = cleanOk(raw);
    assertThat(cleaned, equalTo(expected));
    AvroAssertions.assertExactScalesAndRoundTrip(cleaned);
  }

  @Test
  void doesNotChangeItsInput() {
    Product raw = product(7).setCategory("books").setName(" x ").build();
    Product before = Product.newBuilder(raw).build();
    cleanOk(raw);
    assertThat(raw, equalTo(before));
  }

  @ParameterizedTest(name = "[{index}] price {1}, cost {2} -> {0}")
  @CsvSource(nullValues = "NULL", value = {
      "NEGATIVE_PRICE, -0.01, 1.00, list_price",
      "NEGATIVE_PRICE, 10.00, -1.00, cost",
  })
  void rejectsNegativePricesAndCosts(RejectReason reason, BigDecimal price, BigDecimal cost,
      String field) {
    CleanResult<Product> result = cleaner.clean(product(7).setListPrice(price).setCost(cost).build());
    assertThat(result.rejection().reason(), equalTo(reason));
    assertThat(result.rejection().message(), containsString(field));
  }

  @Test
  void rejectsAMissingKey() {
    CleanResult<Product> result = cleaner.clean(Product.newBuilder().setSourceSystem("shop").build());
    assertThat(result.rejection().reason(), equalTo(RejectReason.MISSING_KEY));
  }

  @Test
  void anUnknownCategoryIsUncategorizedAndFlagged() {
    Product cleaned = cleanOk(product(7).setCategory("Garden").setSubcategory("Hoses").build());
    assertThat(cleaned.getCategory(), equalTo("Uncategorized"));
    assertThat(cleaned.getSubcategory(), equalTo(null));
    assertThat(cleaned.getDepartment(), equalTo(null));
    assertThat(cleaned.getIsUncategorized(), is(true));
  }

  @Test
  void aKnownCategoryWithAnUnknownSubcategoryKeepsTheCategory() {
    Product cleaned = cleanOk(product(7).setCategory("books").setSubcategory("Poetry").build());
    assertThat(cleaned.getDepartment(), equalTo("Media"));
    assertThat(cleaned.getCategory(), equalTo("Books"));
    assertThat(cleaned.getSubcategory(), equalTo(null));
    assertThat(cleaned.getIsUncategorized(), is(false));
  }

  @ParameterizedTest(name = "[{index}] discontinued_at {0}, is_active {1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "NULL, NULL, false",
      "NULL, true, false",
      "NULL, false, true",
      "2024-06-15T11:59:59Z, true, true",
      "2024-06-15T12:00:00Z, true, true",
      "2024-06-15T12:00:01Z, true, false",
      "2030-01-01T00:00:00Z, false, true",
  })
  void discontinuedWhenItsTimeHasComeByTheRunTimeOrInactive(
      Instant discontinuedAt, Boolean isActive, boolean expected) {
    Product cleaned = cleanOk(product(7).setDiscontinuedAt(discontinuedAt).setIsActive(isActive).build());
    assertThat(cleaned.getIsDiscontinued(), equalTo(expected));
  }

  @ParameterizedTest(name = "[{index}] price {0}, cost {1} -> margin {2}, {3} %")
  @CsvSource(nullValues = "NULL", value = {
      "100.00, 60.00, 40.00, 40.00",
      "3.00, 1.00, 2.00, 66.67",
      "3.00, 2.00, 1.00, 33.33",
      "8.00, 7.99, 0.01, 0.13",
      "10.00, 12.50, -2.50, -25.00",
      "0.00, 5.00, -5.00, NULL",
      "10.00, NULL, NULL, NULL",
      "NULL, 5.00, NULL, NULL",
      // a cost a million times the price: no percentage fits numeric(7,2)
      "0.01, 10000.00, -9999.99, NULL",
  })
  void marginAndMarginPercentage(BigDecimal price, BigDecimal cost, BigDecimal margin, BigDecimal pct) {
    Product cleaned = cleanOk(product(7).setListPrice(price).setCost(cost).build());
    assertThat(cleaned.getMargin(), equalTo(margin));
    assertThat(cleaned.getMarginPct(), equalTo(pct));
    AvroAssertions.assertExactScalesAndRoundTrip(cleaned);
  }

  @Test
  void theDefaultReorderLevelComesFromRefSettings() {
    ReferenceData lowDefault = ReferenceFixtures.builder()
        .setting(ReferenceData.LOW_STOCK_DEFAULT, "5").build();
    Product raw = product(7).setStockQty(7).build();
    assertThat(cleanOk(raw).getAvailability(), equalTo("low_stock"));
    assertThat(new ProductCleaner(lowDefault, CONTEXT).clean(raw).value().getAvailability(),
        equalTo("in_stock"));
  }
}
