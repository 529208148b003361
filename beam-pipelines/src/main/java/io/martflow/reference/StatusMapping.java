package io.martflow.reference;

import java.io.Serializable;
import java.util.Objects;

/** A row of ref.status_map: normalized source status text -&gt; canonical status. */
public record StatusMapping(String rawStatus, String status, String language)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public StatusMapping {
    Objects.requireNonNull(rawStatus, "rawStatus");
    Objects.requireNonNull(status, "status");
  }
}
