package io.martflow.demo;

import static io.martflow.demo.ShopCalendar.DAY;
import static io.martflow.demo.ShopCalendar.HOUR;
import static io.martflow.demo.ShopCalendar.MINUTE;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The whole life of one order, decided when it is placed: pending, then paid, processing, shipped
 * and delivered (on time or late against its shipping SLA), or a payment failure, an abandoned or
 * cancelled order, a return and refund. It is a pure function of the seed, the order id, its
 * creation time and its SLA, so `simulate` re-creates the life of an existing order from its row
 * and moves it on to the events that fall into the new days. The row shows the state at a cut-off
 * (the end of the generated history).
 */
final class OrderLifeCycle {
  static final double PAYMENT_FAILED = 0.04;
  static final double ABANDONED = 0.02;
  static final double CANCELLED_AFTER_PAYMENT = 0.03;
  static final double LATE_DELIVERY = 0.08;
  static final double RETURNED = 0.06;
  static final double REFUNDED_AFTER_RETURN = 0.85;
  static final double REFUNDED_WITHOUT_RETURN = 0.015;
  /** Longest time between two events of an order besides delivery: a return 25 days after it. */
  static final long LONGEST_WAIT = 25 * DAY;

  private final long[] times = new long[8];
  private final String[] statuses = new String[8];
  private int size;
  private String failureReason;
  private long deliveredAt = -1;
  private long lockedAt;

  /** The state of the order row at a cut-off. */
  record State(String status, String failureReason, Long deliveredAt, long updatedAt) {}

  private OrderLifeCycle() {}

  static OrderLifeCycle of(long seed, long orderId, long createdAt, int slaBusinessDays, List<String> failureReasons) {
    SplittableRandom r = Seeds.random(seed, Seeds.LIFE_CYCLE, orderId);
    OrderLifeCycle life = new OrderLifeCycle();
    life.add(createdAt, "pending");
    double outcome = r.nextDouble();
    if (outcome < PAYMENT_FAILED) {
      life.failureReason = failureReasons.get(r.nextInt(failureReasons.size()));
      life.add(createdAt + 30 + r.nextInt(15 * 60), "payment_failed");
      life.lockedAt = life.last();
      return life;
    }
    if (outcome < PAYMENT_FAILED + ABANDONED) {
      life.add(createdAt + 3 * DAY + r.nextInt((int) (6 * HOUR)), "cancelled");
      life.lockedAt = life.last();
      return life;
    }
    long paid = createdAt + 30 + r.nextInt(30 * 60);
    life.add(paid, "paid");
    long processing = paid + 15 * MINUTE + r.nextLong(4 * HOUR);
    if (r.nextDouble() < CANCELLED_AFTER_PAYMENT) {
      long cancelled = paid + 10 * MINUTE + r.nextLong(8 * HOUR);
      if (cancelled > processing) {
        life.add(processing, "processing");
      }
      life.add(cancelled, "cancelled");
      life.lockedAt = cancelled;
      return life;
    }
    life.add(processing, "processing");
    long shipped = processing + HOUR + r.nextLong(20 * HOUR);
    life.add(shipped, "shipped");
    life.lockedAt = shipped;

    int sla = Math.max(1, slaBusinessDays);
    long orderDay = ShopCalendar.epochDay(createdAt);
    long shippedDay = ShopCalendar.epochDay(shipped);
    long due = ShopCalendar.addBusinessDays(orderDay, sla);
    long deliveryDay;
    if (r.nextDouble() < LATE_DELIVERY) {
      deliveryDay = ShopCalendar.addBusinessDays(due, 1 + r.nextInt(4));
    } else {
      deliveryDay = Math.min(due, ShopCalendar.addBusinessDays(shippedDay, Math.max(1, sla - 1 - r.nextInt(2))));
    }
    long delivered = ShopCalendar.dayStart(deliveryDay) + 8 * HOUR + r.nextLong(12 * HOUR);
    if (delivered < shipped + 2 * HOUR) {
      delivered = shipped + 4 * HOUR + r.nextLong(16 * HOUR);
    }
    life.add(delivered, "delivered");
    life.deliveredAt = delivered;

    double after = r.nextDouble();
    if (after < RETURNED) {
      long returned = delivered + DAY + r.nextLong(LONGEST_WAIT - DAY);
      life.add(returned, "returned");
      if (r.nextDouble() < REFUNDED_AFTER_RETURN) {
        life.add(returned + DAY + r.nextLong(6 * DAY), "refunded");
      }
    } else if (after < RETURNED + REFUNDED_WITHOUT_RETURN) {
      life.add(delivered + DAY + r.nextLong(13 * DAY), "refunded");
    }
    return life;
  }

  private void add(long at, String status) {
    times[size] = at;
    statuses[size] = status;
    size++;
  }

  private long last() {
    return times[size - 1];
  }

  /** The state of the row just before {@code cutoff}: the latest event earlier than it. */
  State stateBefore(long cutoff) {
    int i = 0;
    while (i + 1 < size && times[i + 1] < cutoff) {
      i++;
    }
    String status = statuses[i];
    return new State(status, "payment_failed".equals(status) ? failureReason : null,
        deliveredAt >= 0 && deliveredAt < cutoff ? deliveredAt : null, times[i]);
  }

  /** Whether an event happens in [from, to). */
  boolean changesBetween(long from, long to) {
    for (int i = 0; i < size; i++) {
      if (times[i] >= from && times[i] < to) {
        return true;
      }
    }
    return false;
  }

  /** Until when lines can still be added or changed (shipping, or the end of the order). */
  long lockedAt() {
    return lockedAt;
  }

  /** Longest wait between two events for an SLA, in seconds: how far back `simulate` must look. */
  static long longestGap(int maxSlaBusinessDays) {
    long delivery = (long) Math.ceil((maxSlaBusinessDays + 4 + 2) * 7 / 5.0) * DAY + 2 * DAY;
    return Math.max(LONGEST_WAIT, delivery) + DAY;
  }
}
