package io.martflow.io;

import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecordBase;

/** Creates and copies instances of generated Avro record classes. */
public final class Records {
  private Records() {}

  /**
   * A shallow copy: every field refers to the same value. Field values are immutable (String,
   * BigDecimal, Instant, LocalDate, boxed numbers), so this is a safe copy for records of flat
   * schemas — and much cheaper than {@code X.newBuilder(record)}, which deep-copies every value
   * (decimals through their byte encoding).
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecordBase> T copy(T record) {
    T copy = (T) org.apache.avro.specific.SpecificData.newInstance(record.getClass(), record.getSchema());
    int n = record.getSchema().getFields().size();
    for (int i = 0; i < n; i++) {
      copy.put(i, record.get(i));
    }
    return copy;
  }

  public static <T extends SpecificRecordBase> Supplier<T> factory(Class<T> recordClass) {
    try {
      Constructor<T> constructor = recordClass.getConstructor();
      return () -> {
        try {
          return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(recordClass + " has no public no-argument constructor", e);
    }
  }
}
