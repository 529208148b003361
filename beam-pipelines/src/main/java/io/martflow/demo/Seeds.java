package io.martflow.demo;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from the seed: every table, every day and
 * every entity that must be re-created later (an order's life cycle) gets its own stream, so
 * adding a row to one stream never shifts another. Nothing here reads the clock.
 */
final class Seeds {
  private Seeds() {}

  // Stream identifiers: fixed forever, changing one changes the generated data.
  static final long CUSTOMERS = 1;
  static final long PRODUCTS = 2;
  static final long ORDERS = 3;
  static final long LIFE_CYCLE = 5;
  static final long CUSTOMER_WEIGHT = 6;
  static final long PRODUCT_WEIGHT = 7;
  static final long HOME_ADDRESS = 8;
  static final long DAILY_ORDERS = 9;
  static final long SIGNUP_PHASE = 10;
  static final long LAUNCH_PHASE = 11;
  static final long DIRT_CUSTOMERS = 12;
  static final long DIRT_PRODUCTS = 13;
  static final long DIRT_ORDERS = 14;
  static final long DIRT_ORDER_ITEMS = 15;
  static final long DIRT_VALUES = 16;
  static final long CUSTOMER_CHANGES = 17;
  static final long PRODUCT_CHANGES = 18;
  static final long LINE_CHANGES = 19;
  static final long PHONE_TEMPLATES = 20;
  static final long STATUS_CHANGES = 21;

  /** SplitMix64's finalizer: a bijective, well-mixed 64-bit hash. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long hash(long... parts) {
    long h = 0x5DEECE66DL;
    for (long part : parts) {
      h = mix64(h + 0x9E3779B97F4A7C15L + part);
    }
    return h;
  }

  static SplittableRandom random(long... parts) {
    return new SplittableRandom(hash(parts));
  }

  /** A uniform double in [0, 1) from the hash of the parts. */
  static double unit(long... parts) {
    return (hash(parts) >>> 11) * 0x1.0p-53;
  }

  /** A standard normal value from the hash of the parts. */
  static double gaussian(long... parts) {
    SplittableRandom r = random(parts);
    return gaussian(r);
  }

  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
