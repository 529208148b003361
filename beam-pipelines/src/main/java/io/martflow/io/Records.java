package io.martflow.io;

import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecordBase;

/** Creates empty instances of generated Avro record classes. */
public final class Records {
  private Records() {}

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
