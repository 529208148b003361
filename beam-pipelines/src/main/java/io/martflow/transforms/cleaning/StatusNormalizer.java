package io.martflow.transforms.cleaning;

import io.martflow.reference.MatchKeys;
import io.martflow.reference.ReferenceData;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps source status text to a canonical status through ref.status_map, after normalizing it the
 * way that table stores raw_status: lower case, trimmed, runs of whitespace, '-' and '_' collapsed
 * to one space. 'Shipped ', 'SHIPPED', 'dispatched', 'versandt', 'enviado', 'expédié' -&gt;
 * shipped, given those rows in ref.status_map.
 */
public final class StatusNormalizer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String PAYMENT_FAILED = "payment_failed";
  public static final String CANCELLED = "cancelled";

  private final ReferenceData ref;
  private transient Memo<Optional<String>> memo;

  public StatusNormalizer(ReferenceData ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /** The ref.status_map form of a text, or null when blank. */
  public static String normalize(String raw) {
    return MatchKeys.phrase(raw);
  }

  /** The canonical status, or empty when the text is blank or not in ref.status_map. */
  public Optional<String> canonical(String raw) {
    if (memo == null) {
      memo = new Memo<>(10_000);
    }
    return memo.get(raw, text -> ref.statusByKey(normalize(text)));
  }
}
