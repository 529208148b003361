package io.martflow.transforms.pricing;

import java.math.BigDecimal;

/**
 * The priced amounts of one order line. Amounts are scale 2, taxRate and unitNetPrice scale 4;
 * always total = net + tax.
 */
public record LinePrice(
    int quantity,
    BigDecimal gross,
    BigDecimal discount,
    BigDecimal net,
    BigDecimal taxRate,
    BigDecimal tax,
    BigDecimal total,
    BigDecimal unitNetPrice) {}
