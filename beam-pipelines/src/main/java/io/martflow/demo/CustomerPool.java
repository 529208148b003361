package io.martflow.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The customers who can place orders, in id order (ids grow with creation time): when each was
 * created and soft deleted, where they live and how often they buy (a fixed, heavy-tailed weight
 * per customer, so a few customers place many orders). Compact arrays: one million customers
 * take about 30 MB.
 */
final class CustomerPool {
  private final long seed;
  private long[] ids = new long[1024];
  private long[] createdAt = new long[1024];
  private long[] deletedAt = new long[1024];
  private int[] country = new int[1024];
  private double[] cumulativeWeight = new double[1024];
  private int size;

  CustomerPool(long seed) {
    this.seed = seed;
  }

  int size() {
    return size;
  }

  void add(long id, long created, long deleted, int countryIndex) {
    if (size > 0 && (id <= ids[size - 1] || created < createdAt[size - 1])) {
      throw new IllegalStateException("customers must be added in id and creation order: " + id);
    }
    if (size == ids.length) {
      int n = size * 2;
      ids = Arrays.copyOf(ids, n);
      createdAt = Arrays.copyOf(createdAt, n);
      deletedAt = Arrays.copyOf(deletedAt, n);
      country = Arrays.copyOf(country, n);
      cumulativeWeight = Arrays.copyOf(cumulativeWeight, n);
    }
    ids[size] = id;
    createdAt[size] = created;
    deletedAt[size] = deleted;
    country[size] = countryIndex;
    double weight = Math.exp(1.1 * Seeds.gaussian(seed, Seeds.CUSTOMER_WEIGHT, id));
    cumulativeWeight[size] = (size == 0 ? 0 : cumulativeWeight[size - 1]) + weight;
    size++;
  }

  long id(int i) {
    return ids[i];
  }

  int country(int i) {
    return country[i];
  }

  boolean isDeletedAt(int i, long t) {
    return deletedAt[i] <= t;
  }

  void delete(int i, long t) {
    deletedAt[i] = Math.min(deletedAt[i], t);
  }

  void moveTo(int i, int countryIndex) {
    country[i] = countryIndex;
  }

  /** How many customers were created before {@code t}. */
  private int createdBefore(long t) {
    return SortedArrays.countBelow(createdAt, size, t);
  }

  /** A customer existing and not deleted at {@code t}, by buying weight; -1 when there is none. */
  int pick(SplittableRandom r, long t) {
    int k = createdBefore(t);
    if (k == 0) {
      return -1;
    }
    for (int attempt = 0; attempt < 16; attempt++) {
      int i = SortedArrays.drawWeighted(r, cumulativeWeight, k);
      if (!isDeletedAt(i, t)) {
        return i;
      }
    }
    return -1;
  }

  /** A customer created in [from, t) and not deleted, uniformly; -1 when there is none. */
  int pickRecent(SplittableRandom r, long from, long t) {
    int lo = createdBefore(from);
    int hi = createdBefore(t);
    if (hi <= lo) {
      return -1;
    }
    int i = lo + r.nextInt(hi - lo);
    return isDeletedAt(i, t) ? -1 : i;
  }
}
