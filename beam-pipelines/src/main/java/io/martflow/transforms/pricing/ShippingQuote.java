package io.martflow.transforms.pricing;

import java.math.BigDecimal;

/**
 * The shipping an order is charged: the method and zone that were priced, the fee (scale 2) and
 * the delivery promise in business days. {@code feeFromSource} is true when the source's own fee
 * was kept.
 */
public record ShippingQuote(
    String method, String zone, BigDecimal fee, int slaBusinessDays, boolean feeFromSource) {}
