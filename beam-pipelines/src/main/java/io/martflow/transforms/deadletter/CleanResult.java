package io.martflow.transforms.deadletter;

import java.util.Objects;

/**
 * The outcome of cleaning one row: either the cleaned value or the rejection that sends the
 * original row to the dead-letter output. Never both, never neither.
 */
public final class CleanResult<T> {
  private final T value;
  private final Rejection rejection;

  private CleanResult(T value, Rejection rejection) {
    this.value = value;
    this.rejection = rejection;
  }

  public static <T> CleanResult<T> ok(T value) {
    return new CleanResult<>(Objects.requireNonNull(value, "value"), null);
  }

  public static <T> CleanResult<T> rejected(RejectReason reason, String message) {
    return new CleanResult<>(null, new Rejection(reason, message));
  }

  public boolean isOk() {
    return rejection == null;
  }

  public boolean isRejected() {
    return rejection != null;
  }

  /** The cleaned value; only for an ok result. */
  public T value() {
    if (rejection != null) {
      throw new IllegalStateException("rejected result has no value: " + rejection);
    }
    return value;
  }

  /** The rejection; only for a rejected result. */
  public Rejection rejection() {
    if (rejection == null) {
      throw new IllegalStateException("ok result has no rejection");
    }
    return rejection;
  }

  @Override
  public String toString() {
    return isOk() ? "ok(" + value + ")" : "rejected(" + rejection + ")";
  }
}
