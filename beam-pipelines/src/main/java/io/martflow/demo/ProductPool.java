package io.martflow.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The products order lines can be priced from, in id order: creation time, when they stopped
 * being sold, current list price and cost (cents) and category, and a heavy-tailed popularity
 * that favours cheaper products.
 */
final class ProductPool {
  private final long seed;
  private long[] ids = new long[256];
  private long[] createdAt = new long[256];
  private long[] retiredAt = new long[256];
  private long[] price = new long[256];
  private long[] cost = new long[256];
  private int[] category = new int[256];
  private double[] cumulativeWeight = new double[256];
  private int size;

  ProductPool(long seed) {
    this.seed = seed;
  }

  int size() {
    return size;
  }

  /** {@code retired}: when it stopped being sold (Long.MAX_VALUE: still sold). {@code categoryIndex} may be -1. */
  void add(long id, long created, long retired, long priceCents, long costCents, int categoryIndex) {
    if (size > 0 && (id <= ids[size - 1] || created < createdAt[size - 1])) {
      throw new IllegalStateException("products must be added in id and creation order: " + id);
    }
    if (size == ids.length) {
      int n = size * 2;
      ids = Arrays.copyOf(ids, n);
      createdAt = Arrays.copyOf(createdAt, n);
      retiredAt = Arrays.copyOf(retiredAt, n);
      price = Arrays.copyOf(price, n);
      cost = Arrays.copyOf(cost, n);
      category = Arrays.copyOf(category, n);
      cumulativeWeight = Arrays.copyOf(cumulativeWeight, n);
    }
    ids[size] = id;
    createdAt[size] = created;
    retiredAt[size] = retired;
    price[size] = priceCents;
    cost[size] = costCents;
    category[size] = categoryIndex;
    // heavy-tailed popularity, and cheap things sell more often than expensive ones
    double weight = Math.exp(1.3 * Seeds.gaussian(seed, Seeds.PRODUCT_WEIGHT, id))
        * Math.pow(Math.max(100, priceCents) / 2_000.0, -0.6);
    cumulativeWeight[size] = (size == 0 ? 0 : cumulativeWeight[size - 1]) + weight;
    size++;
  }

  long id(int i) {
    return ids[i];
  }

  long price(int i) {
    return price[i];
  }

  long cost(int i) {
    return cost[i];
  }

  boolean isRetiredAt(int i, long t) {
    return retiredAt[i] <= t;
  }

  void setPrice(int i, long cents) {
    price[i] = cents;
  }

  int category(int i) {
    return category[i];
  }

  void retire(int i, long t) {
    retiredAt[i] = Math.min(retiredAt[i], t);
  }

  private int createdBefore(long t) {
    return SortedArrays.countBelow(createdAt, size, t);
  }

  /** A product on sale at {@code t}, by popularity; -1 when none is found. */
  int pick(SplittableRandom r, long t) {
    int k = createdBefore(t);
    if (k == 0) {
      return -1;
    }
    for (int attempt = 0; attempt < 24; attempt++) {
      int i = SortedArrays.drawWeighted(r, cumulativeWeight, k);
      if (!isRetiredAt(i, t)) {
        return i;
      }
    }
    return -1;
  }
}
