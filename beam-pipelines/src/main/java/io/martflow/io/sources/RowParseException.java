package io.martflow.io.sources;

import io.martflow.transforms.deadletter.RejectReason;

/** A source row whose value for one field could not be converted: a reject with {@link #reason()}. */
public final class RowParseException extends Exception {
  private static final long serialVersionUID = 1L;
  private final RejectReason reason;
  private final String field;

  public RowParseException(RejectReason reason, String field, String detail) {
    super(field + ": " + detail);
    this.reason = reason;
    this.field = field;
  }

  public RejectReason reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
