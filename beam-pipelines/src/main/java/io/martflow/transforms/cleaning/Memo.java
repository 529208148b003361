package io.martflow.transforms.cleaning;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the results of a pure lookup on raw text. Sources repeat the same few hundred
 * spellings of countries, statuses and categories millions of times; normalizing each one again
 * (Unicode decomposition, regular expressions) was a visible share of a load's CPU. Bounded: past
 * {@code capacity} distinct inputs it just computes.
 */
final class Memo<V> {
  private static final String NULL_KEY = "\u0000null";
  private final int capacity;
  private final Map<String, V> results = new ConcurrentHashMap<>();

  Memo(int capacity) {
    this.capacity = capacity;
  }

  V get(String raw, Function<String, V> compute) {
    String key = raw == null ? NULL_KEY : raw;
    V cached = results.get(key);
    if (cached != null) {
      return cached;
    }
    V value = compute.apply(raw);
    if (value != null && results.size() < capacity) {
      results.put(key, value);
    }
    return value;
  }
}
