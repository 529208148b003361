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

  /**
   * The first decimal field whose value has more integer digits than its schema allows (it would
   * not fit its numeric(p,s) column), as "field value", or null when every value fits.
   */
  public static String decimalOverflow(org.apache.avro.generic.IndexedRecord record) {
    for (org.apache.avro.Schema.Field f : record.getSchema().getFields()) {
      Object v = record.get(f.pos());
      if (v instanceof java.math.BigDecimal d
          && io.martflow.io.sources.TypedValues.nonNull(f.schema()).getLogicalType()
              instanceof org.apache.avro.LogicalTypes.Decimal decimal
          && d.precision() - d.scale() > decimal.getPrecision() - decimal.getScale()) {
        return f.name() + " " + d.toPlainString() + " (numeric(" + decimal.getPrecision() + "," + decimal.getScale()
            + "))";
      }
    }
    return null;
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
