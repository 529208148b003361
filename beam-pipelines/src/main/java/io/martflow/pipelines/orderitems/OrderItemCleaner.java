package io.martflow.pipelines.orderitems;

import io.martflow.io.Records;
import io.martflow.model.OrderItem;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.CategoryResolver;
import io.martflow.transforms.cleaning.CountryResolver;
import io.martflow.transforms.cleaning.InputLimits;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import io.martflow.transforms.pricing.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Validates one order line (DESIGN section 4, Order items) and prepares it for
 * {@link io.martflow.transforms.pricing.OrderPricer}: missing discounts become 0, the category
 * (tax context, set by the pipeline from the product) gets its canonical spelling. Returns a new
 * record; the input is never changed.
 */
public final class OrderItemCleaner implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final CategoryResolver categories;
  private final CountryResolver countries;
  private final InputLimits limits;
  private final int maxQuantity;

  /** Takes a RunContext like the other cleaners: the latest change timestamp a row may carry comes from it. */
  public OrderItemCleaner(ReferenceData ref, RunContext context) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(context, "context");
    this.categories = new CategoryResolver(ref);
    this.countries = new CountryResolver(ref);
    this.limits = new InputLimits(ref, context);
    this.maxQuantity = ref.maxLineQuantity();
  }

  public CleanResult<OrderItem> clean(OrderItem raw) {
    String line = "order line " + raw.getOrderId() + "/" + raw.getLineNo();
    if (raw.getOrderId() == null || raw.getLineNo() == null) {
      return CleanResult.rejected(RejectReason.MISSING_KEY,
          line + ": order_id and line_no are both required");
    }
    String future = limits.updatedAtInFuture(line, raw.getUpdatedAt());
    if (future != null) {
      return CleanResult.rejected(RejectReason.UPDATED_AT_IN_FUTURE, future);
    }
    if (raw.getProductId() == null) {
      return CleanResult.rejected(RejectReason.MISSING_PRODUCT_KEY, line + " has no product_id");
    }
    if (raw.getQuantity() == null || raw.getQuantity() <= 0) {
      return CleanResult.rejected(RejectReason.INVALID_QUANTITY,
          line + " has quantity " + raw.getQuantity() + "; it must be > 0");
    }
    if (raw.getQuantity() > maxQuantity) {
      return CleanResult.rejected(RejectReason.QUANTITY_TOO_LARGE,
          line + " has quantity " + raw.getQuantity() + "; at most " + maxQuantity + " (ref.settings max_line_quantity)");
    }
    if (raw.getUnitPrice() == null || raw.getUnitPrice().signum() < 0) {
      return CleanResult.rejected(RejectReason.INVALID_UNIT_PRICE,
          line + " has unit_price " + raw.getUnitPrice() + "; it must be >= 0");
    }
    BigDecimal pct = raw.getDiscountPct();
    if (pct != null && (pct.signum() < 0 || pct.compareTo(HUNDRED) > 0)) {
      return CleanResult.rejected(RejectReason.INVALID_DISCOUNT,
          line + " has discount_pct " + pct + "; it must be within 0..100");
    }
    BigDecimal amount = raw.getDiscountAmount();
    if (amount != null && amount.signum() < 0) {
      return CleanResult.rejected(RejectReason.INVALID_DISCOUNT,
          line + " has discount_amount " + amount + "; it must be >= 0");
    }
    BigDecimal taxRate = raw.getTaxRate();
    if (taxRate != null && (taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) >= 0)) {
      return CleanResult.rejected(RejectReason.INVALID_TAX_RATE,
          line + " has tax_rate " + taxRate + "; it must be a fraction in [0, 1)");
    }
    OrderItem cleaned = Records.copy(raw);
    cleaned.setUnitPrice(Money.amount(raw.getUnitPrice()));
    cleaned.setDiscountPct(Money.percent(Money.orZero(pct)));
    cleaned.setDiscountAmount(Money.amount(Money.orZero(amount)));
    cleaned.setTaxRate(Money.rate(taxRate));
    cleaned.setCategory(categories.canonicalCategory(raw.getCategory()));
    cleaned.setShipCountry(countries.alpha2(raw.getShipCountry()));
    return CleanResult.ok(cleaned);
  }
}
