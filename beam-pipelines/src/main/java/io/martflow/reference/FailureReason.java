package io.martflow.reference;

import java.io.Serializable;
import java.util.Objects;

/** A row of ref.failure_reasons: normalized source failure text -&gt; canonical reason code. */
public record FailureReason(String rawReason, String reasonCode, String description)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public FailureReason {
    Objects.requireNonNull(rawReason, "rawReason");
    Objects.requireNonNull(reasonCode, "reasonCode");
    Objects.requireNonNull(description, "description");
  }
}
