package io.martflow.demo;

import java.util.SplittableRandom;

/** Time arithmetic of the generator, in UTC epoch seconds and epoch days. */
final class ShopCalendar {
  private ShopCalendar() {}

  static final long DAY = 86_400L;
  static final long HOUR = 3_600L;
  static final long MINUTE = 60L;

  // Relative order volume per UTC hour: quiet nights, a lunch bump, busy evenings.
  private static final double[] HOURLY = {1.2, 0.8, 0.5, 0.4, 0.4, 0.5, 0.9, 1.6, 2.6, 3.4, 4.2, 4.8,
      5.3, 5.2, 4.8, 4.7, 5.0, 5.6, 6.3, 6.9, 7.0, 6.1, 4.2, 2.3};
  private static final double[] HOURLY_CUMULATIVE = new double[24];

  // Monday .. Sunday; the mean is 1, so 555 x scale orders a day on average.
  private static final double[] WEEKDAY = {1.00, 0.97, 0.98, 1.00, 1.02, 1.03, 1.00};

  static {
    double total = 0;
    for (double h : HOURLY) {
      total += h;
    }
    double acc = 0;
    for (int i = 0; i < 24; i++) {
      acc += HOURLY[i] / total;
      HOURLY_CUMULATIVE[i] = acc;
    }
  }

  static long dayStart(long epochDay) {
    return epochDay * DAY;
  }

  static long epochDay(long epochSecond) {
    return Math.floorDiv(epochSecond, DAY);
  }

  /** 0 = Monday ... 6 = Sunday. */
  static int dayOfWeek(long epochDay) {
    return Math.floorMod(epochDay + 3, 7);
  }

  static double weekdayFactor(long epochDay) {
    return WEEKDAY[dayOfWeek(epochDay)];
  }

  /** A second of the day drawn from the shop's hourly traffic. */
  static long secondOfDay(SplittableRandom r) {
    double u = r.nextDouble();
    int hour = 23;
    for (int h = 0; h < 24; h++) {
      if (u < HOURLY_CUMULATIVE[h]) {
        hour = h;
        break;
      }
    }
    return hour * HOUR + r.nextInt(3600);
  }

  /** The epoch day {@code n} business days (Monday to Friday) after {@code epochDay}. */
  static long addBusinessDays(long epochDay, int n) {
    long day = epochDay;
    int left = n;
    while (left > 0) {
      day++;
      if (dayOfWeek(day) < 5) {
        left--;
      }
    }
    return day;
  }

  /** A uniform second in [from, to); {@code from} when the interval is empty. */
  static long between(SplittableRandom r, long from, long to) {
    return to <= from ? from : from + r.nextLong(to - from);
  }
}
