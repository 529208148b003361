package io.martflow.reference;

import java.math.BigDecimal;

/**
 * A small, hand-made snapshot of the ref.* tables for rule tests. It is not the seeded data: it
 * only has to exercise every lookup path (aliases in several languages, a per-category tax rate,
 * a free-shipping threshold, status synonyms...).
 */
public final class ReferenceFixtures {
  private ReferenceFixtures() {}

  public static ReferenceData standard() {
    return builder().build();
  }

  /** The standard rows, open for a test to add more. */
  public static ReferenceData.Builder builder() {
    return ReferenceData.builder()
        .setting(ReferenceData.BUSINESS_TIME_ZONE, "UTC")
        .setting(ReferenceData.DEFAULT_TAX_RATE, "0.0500")
        .setting(ReferenceData.HOME_COUNTRY, "US")
        .setting(ReferenceData.LOW_STOCK_DEFAULT, "10")
        .setting(ReferenceData.DEFAULT_SHIPPING_METHOD, "standard")
        .setting(ReferenceData.MAX_LINE_QUANTITY, "100000")
        .setting(ReferenceData.MAX_TEXT_LENGTH, "1000")
        .country("US", "USA", "United States", "North America", "Northern America")
        .country("CA", "CAN", "Canada", "North America", "Northern America")
        .country("MX", "MEX", "Mexico", "North America", "Central America")
        .country("BR", "BRA", "Brazil", "South America", "South America")
        .country("GB", "GBR", "United Kingdom", "Europe", "Northern Europe")
        .country("DE", "DEU", "Germany", "Europe", "Western Europe")
        .country("FR", "FRA", "France", "Europe", "Western Europe")
        .country("ES", "ESP", "Spain", "Europe", "Southern Europe")
        .country("CI", "CIV", "Côte d'Ivoire", "Africa", "Western Africa")
        .country("IN", "IND", "India", "Asia Pacific", "Southern Asia")
        .country("JP", "JPN", "Japan", "Asia Pacific", "Eastern Asia")
        .countryAlias("Deutschland", "DE", "de")
        .countryAlias("Allemagne", "DE", "fr")
        .countryAlias("Alemania", "DE", "es")
        .countryAlias("U.S.A.", "US", null)
        .countryAlias("United States of America", "US", "en")
        .countryAlias("Estados Unidos", "US", "es")
        .countryAlias("México", "MX", "es")
        .countryAlias("Mexique", "MX", "fr")
        .countryAlias("Ivory Coast", "CI", "en")
        .countryAlias("Elfenbeinküste", "CI", "de")
        .countryAlias("UK", "GB", null)
        .countryAlias("Great Britain", "GB", "en")
        .countryAlias("Royaume-Uni", "GB", "fr")
        .countryAlias("Brasil", "BR", "pt")
        .countryAlias("España", "ES", "es")
        .countryAlias("日本", "JP", "ja")
        .category("Electronics", "Computers", "Laptops")
        .category("Electronics", "Computers", "Desktops")
        .category("Electronics", "Phones", "Smartphones")
        .category("Home", "Kitchen", "Cookware")
        .category("Media", "Books", "Fiction")
        .category("Media", "Books", "Non-Fiction")
        .taxRate("US", "*", new BigDecimal("0.0800"))
        .taxRate("DE", "*", new BigDecimal("0.1900"))
        .taxRate("DE", "Books", new BigDecimal("0.0700"))
        .taxRate("GB", "*", new BigDecimal("0.2000"))
        .taxRate("FR", "*", new BigDecimal("0.2000"))
        .shippingRate("standard", "domestic", new BigDecimal("5.99"), new BigDecimal("50.00"), 5)
        .shippingRate("standard", "international", new BigDecimal("19.99"), new BigDecimal("150.00"), 10)
        .shippingRate("express", "domestic", new BigDecimal("14.99"), null, 2)
        .shippingRate("express", "international", new BigDecimal("39.99"), null, 4)
        .shippingRate("next_day", "domestic", new BigDecimal("24.99"), null, 1)
        .statusMapping("pending", "pending", "en")
        .statusMapping("paid", "paid", "en")
        .statusMapping("processing", "processing", "en")
        .statusMapping("in process", "processing", "en")
        .statusMapping("shipped", "shipped", "en")
        .statusMapping("dispatched", "shipped", "en")
        .statusMapping("versandt", "shipped", "de")
        .statusMapping("enviado", "shipped", "es")
        .statusMapping("expédié", "shipped", "fr")
        .statusMapping("delivered", "delivered", "en")
        .statusMapping("geliefert", "delivered", "de")
        .statusMapping("entregado", "delivered", "es")
        .statusMapping("livré", "delivered", "fr")
        .statusMapping("cancelled", "cancelled", "en")
        .statusMapping("canceled", "cancelled", "en")
        .statusMapping("storniert", "cancelled", "de")
        .statusMapping("cancelado", "cancelled", "es")
        .statusMapping("annulé", "cancelled", "fr")
        .statusMapping("returned", "returned", "en")
        .statusMapping("refunded", "refunded", "en")
        .statusMapping("payment failed", "payment_failed", "en")
        .statusMapping("zahlung fehlgeschlagen", "payment_failed", "de")
        .failureReason("card declined", "card_declined", "The card issuer declined the payment")
        .failureReason("carte refusée", "card_declined", "The card issuer declined the payment")
        .failureReason("insufficient funds", "insufficient_funds", "Not enough funds")
        .failureReason("fraud suspected", "fraud_suspected", "Blocked by fraud screening")
        .failureReason("out of stock", "out_of_stock", "An item could not be supplied")
        .ageBand("65+", 65, null)
        .ageBand("under 18", 0, 17)
        .ageBand("18-24", 18, 24)
        .ageBand("25-34", 25, 34)
        .ageBand("35-44", 35, 44)
        .ageBand("45-54", 45, 54)
        .ageBand("55-64", 55, 64);
  }
}
