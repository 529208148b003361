package io.martflow.io;

import java.io.Serializable;
import java.time.Instant;

/** How a domain identifies its rows and orders their versions. */
public interface RecordKeys<T> extends Serializable {
  /** The row's complete key as text ("42", "42/3"), or null when part of it is missing. */
  String keyOf(T record);

  /** The row's change timestamp (newest version wins). */
  Instant changedAt(T record);
}
