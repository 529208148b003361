package io.martflow.io.sources;

import io.martflow.transforms.deadletter.RejectReason;

/** A source value that cannot become the field's type: becomes a reject with {@link #reason()}. */
public final class ValueException extends Exception {
  private static final long serialVersionUID = 1L;
  private final RejectReason reason;

  public ValueException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
