package io.martflow.transforms.cleaning;

import io.martflow.reference.FailureReason;
import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps source failure text ('Card declined', 'CARD_DECLINED', 'carte refusée') to a canonical
 * reason through ref.failure_reasons, normalized like ref.status_map.
 */
public final class FailureReasonNormalizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ReferenceData ref;

  public FailureReasonNormalizer(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /** The canonical reason, or empty when the text is blank or not in ref.failure_reasons. */
  public Optional<FailureReason> canonical(String raw) {
    return ref.failureReasonByKey(MatchKeys.phrase(raw));
  }

  /** The canonical reason code, or null. */
  public String reasonCode(String raw) {
    return canonical(raw).map(FailureReason::reasonCode).orElse(null);
  }
}
