package io.martflow.transforms.pricing;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Delivery dates. Business days are Monday to Friday (no holiday calendar): an order placed on a
 * Friday with a 1-day SLA is due on Monday, one placed on a Saturday or Sunday also on Monday.
 */
public final class DeliveryEstimator {
  private DeliveryEstimator() {}

  /** orderDate + slaBusinessDays business days, skipping Saturdays and Sundays. */
  public static LocalDate estimatedDeliveryDate(LocalDate orderDate, int slaBusinessDays) {
    if (slaBusinessDays < 0) {
      throw new IllegalArgumentException("SLA must be >= 0 business days, got " + slaBusinessDays);
    }
    LocalDate date = orderDate;
    int remaining = slaBusinessDays;
    while (remaining > 0) {
      date = date.plusDays(1);
      if (isBusinessDay(date)) {
        remaining--;
      }
    }
    return date;
  }

  /** True when delivered after the estimated date; null when not delivered (or nothing estimated). */
  public static Boolean isLate(LocalDate deliveredDate, LocalDate estimatedDate) {
    if (deliveredDate == null || estimatedDate == null) {
      return null;
    }
    return deliveredDate.isAfter(estimatedDate);
  }

  /** Calendar days from the order date to the delivery date; null when not delivered. */
  public static Integer deliveryDays(LocalDate orderDate, LocalDate deliveredDate) {
    if (orderDate == null || deliveredDate == null) {
      return null;
    }
    return Math.toIntExact(ChronoUnit.DAYS.between(orderDate, deliveredDate));
  }

  private static boolean isBusinessDay(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
  }
}
