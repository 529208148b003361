package io.martflow.transforms.pricing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.reference.ReferenceData;
import io.martflow.reference.ReferenceFixtures;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShippingFeeTest {
  private final ShippingFee shipping = new ShippingFee(ReferenceFixtures.standard());

  @ParameterizedTest(name = "[{index}] {0} {1} to {2}, items {3} -> {4} {5} {6} ({7} days)")
  @CsvSource(nullValues = "NULL", value = {
      // source fee | method | ship country | items_net | method priced | zone | fee | sla
      // the source's fee is kept, even above the free threshold
      "7.50, standard, US, 500.00, standard, domestic, 7.50, 5",
      "0, express, DE, 10.00, express, international, 0.00, 4",
      // domestic standard: free at 50.00 and above
      "NULL, standard, US, 49.99, standard, domestic, 5.99, 5",
      "NULL, standard, US, 50.00, standard, domestic, 0.00, 5",
      "NULL, standard, us, 50.01, standard, domestic, 0.00, 5",
      // international standard: free at 150.00
      "NULL, standard, DE, 149.99, standard, international, 19.99, 10",
      "NULL, standard, DE, 150.00, standard, international, 0.00, 10",
      // no threshold: never free
      "NULL, express, US, 10000.00, express, domestic, 14.99, 2",
      "NULL, express, GB, 10000.00, express, international, 39.99, 4",
      // method matched ignoring case, spaces, '-' and '_'
      "NULL, ' EXPRESS ', US, 1.00, express, domestic, 14.99, 2",
      "NULL, Next-Day, US, 1.00, next_day, domestic, 24.99, 1",
      "NULL, next day, US, 1.00, next_day, domestic, 24.99, 1",
      // unknown or missing method, or none in the zone: the default method
      "NULL, drone, US, 1.00, standard, domestic, 5.99, 5",
      "NULL, NULL, US, 1.00, standard, domestic, 5.99, 5",
      "NULL, next_day, FR, 1.00, standard, international, 19.99, 10",
      // no ship country: not the home country, so international
      "NULL, standard, NULL, 1.00, standard, international, 19.99, 10",
  })
  void quotes(BigDecimal sourceFee, String method, String country, BigDecimal itemsNet,
      String pricedMethod, String zone, String fee, int sla) {
    assertThat(shipping.quote(sourceFee, method, country, itemsNet),
        equalTo(new ShippingQuote(pricedMethod, zone, new BigDecimal(fee), sla, sourceFee != null)));
  }

  @Test
  void missingDefaultRateIsAReferenceDataError() {
    ReferenceData noInternationalStandard = ReferenceData.builder()
        .setting(ReferenceData.HOME_COUNTRY, "US")
        .setting(ReferenceData.DEFAULT_SHIPPING_METHOD, "standard")
        .shippingRate("standard", "domestic", new BigDecimal("5.00"), null, 3)
        .build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new ShippingFee(noInternationalStandard).quote(null, "standard", "DE", BigDecimal.ONE));
    assertThat(e.getMessage(), containsString("international"));
  }
}
