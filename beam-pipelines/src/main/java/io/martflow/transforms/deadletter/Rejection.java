package io.martflow.transforms.deadletter;

import java.io.Serializable;
import java.util.Objects;

/** A reason code plus a message naming the offending value, as written to ctl.rejects. */
public record Rejection(RejectReason reason, String message) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }
}
