package io.martflow.pipelines.products;

import io.martflow.io.Records;
import io.martflow.model.Product;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.CategoryMatch;
import io.martflow.transforms.cleaning.CategoryResolver;
import io.martflow.transforms.cleaning.InputLimits;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.cleaning.TextCleaner;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import io.martflow.transforms.pricing.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Validates and enriches one product row (DESIGN section 4, Products). Returns a new record;
 * the input is never changed.
 */
public final class ProductCleaner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** margin_pct is numeric(7,2): beyond this the cost/price pair is nonsense, not a margin. */
  private static final BigDecimal MAX_ABS_MARGIN_PCT = new BigDecimal("99999.99");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final ReferenceData ref;
  private final RunContext context;
  private final CategoryResolver categories;
  private final InputLimits limits;

  public ProductCleaner(ReferenceData ref, RunContext context) {
    this.ref = Objects.requireNonNull(ref, "ref");
    this.context = Objects.requireNonNull(context, "context");
    this.categories = new CategoryResolver(ref);
    this.limits = new InputLimits(ref, context);
  }

  public CleanResult<Product> clean(Product raw) {
    if (raw.getProductId() == null) {
      return CleanResult.rejected(RejectReason.MISSING_KEY, "product_id is missing");
    }
    String future = limits.updatedAtInFuture("product " + raw.getProductId(), raw.getUpdatedAt());
    if (future != null) {
      return CleanResult.rejected(RejectReason.UPDATED_AT_IN_FUTURE, future);
    }
    if (raw.getListPrice() != null && raw.getListPrice().signum() < 0) {
      return CleanResult.rejected(RejectReason.NEGATIVE_PRICE,
          "product " + raw.getProductId() + " has a negative list_price " + raw.getListPrice());
    }
    if (raw.getCost() != null && raw.getCost().signum() < 0) {
      return CleanResult.rejected(RejectReason.NEGATIVE_PRICE,
          "product " + raw.getProductId() + " has a negative cost " + raw.getCost());
    }
    String sku = TextCleaner.clean(raw.getSku());
    String name = TextCleaner.clean(raw.getName());
    String brand = TextCleaner.clean(raw.getBrand());
    String tooLong = limits.textTooLong("product " + raw.getProductId(), "sku", sku, "name", name, "brand", brand);
    if (tooLong != null) {
      return CleanResult.rejected(RejectReason.TEXT_TOO_LONG, tooLong);
    }
    CategoryMatch category = categories.resolve(raw.getCategory(), raw.getSubcategory());
    BigDecimal listPrice = Money.amount(raw.getListPrice());
    BigDecimal cost = Money.amount(raw.getCost());
    BigDecimal margin = margin(listPrice, cost);
    Product cleaned = Records.copy(raw);
    cleaned.setSku(sku);
    cleaned.setName(name);
    cleaned.setBrand(brand);
    cleaned.setDepartment(category.department());
    cleaned.setCategory(category.category());
    cleaned.setSubcategory(category.subcategory());
    cleaned.setIsUncategorized(category.uncategorized());
    cleaned.setListPrice(listPrice);
    cleaned.setCost(cost);
    cleaned.setAvailability(Availability.of(raw.getStockQty(), raw.getReorderLevel(), ref.lowStockDefault()).code());
    cleaned.setIsDiscontinued(isDiscontinued(raw.getDiscontinuedAt(), raw.getIsActive()));
    cleaned.setMargin(margin);
    cleaned.setMarginPct(marginPct(margin, listPrice));
    return CleanResult.ok(cleaned);
  }

  /** Discontinued when its discontinuation time has come by the run time, or it is inactive. */
  private boolean isDiscontinued(Instant discontinuedAt, Boolean isActive) {
    return (discontinuedAt != null && !discontinuedAt.isAfter(context.runTime()))
        || Boolean.FALSE.equals(isActive);
  }

  /** list_price - cost; null when either is missing. */
  static BigDecimal margin(BigDecimal listPrice, BigDecimal cost) {
    return listPrice == null || cost == null ? null : listPrice.subtract(cost);
  }

  /**
   * margin / list_price x 100, scale 2 HALF_UP; null when there is no margin, the list price is 0,
   * or the result does not fit numeric(7,2).
   */
  static BigDecimal marginPct(BigDecimal margin, BigDecimal listPrice) {
    if (margin == null || listPrice == null || listPrice.signum() == 0) {
      return null;
    }
    BigDecimal pct = margin.multiply(HUNDRED).divide(listPrice, Money.PERCENT_SCALE, Money.ROUNDING);
    return pct.abs().compareTo(MAX_ABS_MARGIN_PCT) > 0 ? null : pct;
  }
}
