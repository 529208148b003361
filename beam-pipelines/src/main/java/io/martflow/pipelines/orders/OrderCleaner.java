package io.martflow.pipelines.orders;

import io.martflow.io.Records;
import io.martflow.model.Order;
import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.CountryResolver;
import io.martflow.transforms.cleaning.FailureReasonNormalizer;
import io.martflow.transforms.cleaning.InputLimits;
import io.martflow.transforms.cleaning.RunContext;
import io.martflow.transforms.cleaning.StatusNormalizer;
import io.martflow.transforms.cleaning.TextCleaner;
import io.martflow.transforms.deadletter.CleanResult;
import io.martflow.transforms.deadletter.RejectReason;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates and normalizes one order row (DESIGN section 4, Orders). Totals, shipping fee and
 * delivery fields come later from {@link io.martflow.transforms.pricing.OrderPricer}. Returns a
 * new record; the input is never changed.
 */
public final class OrderCleaner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Orders before this business date are test data or broken clocks. */
  public static final LocalDate EARLIEST_ORDER_DATE = LocalDate.of(2000, 1, 1);

  private final ReferenceData ref;
  private final RunContext context;
  private final StatusNormalizer statuses;
  private final FailureReasonNormalizer failureReasons;
  private final CountryResolver countries;
  private final InputLimits limits;

  public OrderCleaner(ReferenceData ref, RunContext context) {
    this.ref = Objects.requireNonNull(ref, "ref");
    this.context = Objects.requireNonNull(context, "context");
    this.statuses = new StatusNormalizer(ref);
    this.failureReasons = new FailureReasonNormalizer(ref);
    this.countries = new CountryResolver(ref);
    this.limits = new InputLimits(ref, context);
  }

  public CleanResult<Order> clean(Order raw) {
    if (raw.getOrderId() == null) {
      return CleanResult.rejected(RejectReason.MISSING_KEY, "order_id is missing");
    }
    String future = limits.updatedAtInFuture("order " + raw.getOrderId(), raw.getUpdatedAt());
    if (future != null) {
      return CleanResult.rejected(RejectReason.UPDATED_AT_IN_FUTURE, future);
    }
    if (raw.getCustomerId() == null) {
      return CleanResult.rejected(RejectReason.MISSING_CUSTOMER_KEY,
          "order " + raw.getOrderId() + " has no customer_id");
    }
    Instant orderTs = raw.getOrderTs();
    if (orderTs == null) {
      return CleanResult.rejected(RejectReason.MISSING_ORDER_TS,
          "order " + raw.getOrderId() + " has no order_ts");
    }
    if (orderTs.isBefore(earliestOrderTs())) {
      return CleanResult.rejected(RejectReason.ORDER_TS_TOO_OLD, "order " + raw.getOrderId()
          + " order_ts " + orderTs + " is before " + EARLIEST_ORDER_DATE);
    }
    Instant latest = InputLimits.latestAsOf(context);
    if (orderTs.isAfter(latest)) {
      return CleanResult.rejected(RejectReason.ORDER_TS_IN_FUTURE, "order " + raw.getOrderId()
          + " order_ts " + orderTs + " is after " + latest + " (one day after the "
          + (context.isFullRefresh() ? "run time" : "window end") + ")");
    }
    Optional<String> status = statuses.canonical(raw.getStatus());
    if (status.isEmpty()) {
      return CleanResult.rejected(RejectReason.UNKNOWN_STATUS, "order " + raw.getOrderId()
          + " has status '" + raw.getStatus() + "', which is not in ref.status_map");
    }
    boolean hasFailureText = TextCleaner.clean(raw.getFailureReason()) != null;
    String shippingMethod = shippingMethod(raw.getShippingMethod());
    String shipState = TextCleaner.clean(raw.getShipState());
    String shipCity = TextCleaner.clean(raw.getShipCity());
    String shipPostalCode = TextCleaner.clean(raw.getShipPostalCode());
    String promoCode = TextCleaner.clean(raw.getPromoCode());
    String tooLong = limits.textTooLong("order " + raw.getOrderId(), "shipping_method", shippingMethod, "ship_state",
        shipState, "ship_city", shipCity, "ship_postal_code", shipPostalCode, "promo_code", promoCode);
    if (tooLong != null) {
      return CleanResult.rejected(RejectReason.TEXT_TOO_LONG, tooLong);
    }
    Order cleaned = Records.copy(raw);
    cleaned.setStatus(status.get());
    cleaned.setFailureReason(failureReasons.reasonCode(raw.getFailureReason()));
    cleaned.setIsFailed(isFailed(status.get(), hasFailureText));
    cleaned.setShippingMethod(shippingMethod);
    cleaned.setShipCountry(countries.alpha2(raw.getShipCountry()));
    cleaned.setShipState(shipState);
    cleaned.setShipCity(shipCity);
    cleaned.setShipPostalCode(shipPostalCode);
    cleaned.setPromoCode(promoCode);
    cleaned.setOrderDate(context.businessDate(orderTs));
    return CleanResult.ok(cleaned);
  }

  /** Failed when the payment failed, or when it was cancelled for a stated failure reason. */
  static boolean isFailed(String canonicalStatus, boolean hasFailureReason) {
    return StatusNormalizer.PAYMENT_FAILED.equals(canonicalStatus)
        || (StatusNormalizer.CANCELLED.equals(canonicalStatus) && hasFailureReason);
  }

  private Instant earliestOrderTs() {
    return EARLIEST_ORDER_DATE.atStartOfDay(context.businessZone()).toInstant();
  }

  /** The ref.shipping_rates spelling of a known method, else the source's text cleaned. */
  private String shippingMethod(String raw) {
    String text = TextCleaner.clean(raw);
    return ref.shippingMethodByKey(MatchKeys.phrase(text)).orElse(text);
  }
}
