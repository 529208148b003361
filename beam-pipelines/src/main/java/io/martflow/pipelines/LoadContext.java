package io.martflow.pipelines;

import io.martflow.control.Window;
import io.martflow.io.ReadTuning;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.SecretRef;
import java.io.Serializable;
import java.time.Instant;

/** What a pipeline's stages need from its options, resolved once at construction. */
public record LoadContext(
    String domain,
    String runId,
    Window window,
    Instant runTime,
    ConnectionSpec warehouse,
    ConnectionSpec source,
    String sourceSystem,
    String sourceSchema,
    boolean pricesIncludeTax,
    ReadTuning tuning) implements Serializable {

  public static LoadContext from(String domain, LoadOptions o) {
    if (o.getRunId() == null || o.getDbUrl() == null) {
      throw new IllegalStateException("runId and dbUrl must be resolved before building (LoadRunner does this)");
    }
    Instant start = Window.parseInstant(o.getWindowStart(), "--windowStart");
    Instant end = Window.parseInstant(o.getWindowEnd(), "--windowEnd");
    Window window;
    if (o.getFullRefresh()) {
      if (start != null) {
        throw new IllegalArgumentException("--fullRefresh reads every row: do not also give --windowStart");
      }
      window = Window.full(end);
    } else {
      if (start == null || end == null) {
        throw new IllegalArgumentException("give --windowStart and --windowEnd, or --fullRefresh");
      }
      window = Window.of(start, end);
    }
    // "Now" for the rules (discontinued, age) is the window end, so re-running a window is repeatable.
    Instant runTime = window.end() != null ? window.end() : Instant.now();
    ConnectionSpec warehouse = spec(o.getDbUrl(), o.getDbUser(), o.getDbPasswordEnv(), o.getDbPasswordFile(),
        o.getDbPasswordSecret());
    ConnectionSpec source = o.getSourceDbUrl() == null ? warehouse
        : spec(o.getSourceDbUrl(), o.getSourceDbUser(), o.getSourceDbPasswordEnv(), o.getSourceDbPasswordFile(),
            o.getSourceDbPasswordSecret());
    ReadTuning tuning = new ReadTuning(o.getFetchSize(), o.getRowsPerRange(), o.getMinRanges());
    return new LoadContext(domain, o.getRunId(), window, runTime, warehouse, source, o.getSourceSystem(),
        o.getSourceSchema(), o.getPricesIncludeTax(), tuning);
  }

  static ConnectionSpec spec(String url, String user, String passwordEnv, String passwordFile, String secret) {
    int given = (passwordEnv != null ? 1 : 0) + (passwordFile != null ? 1 : 0) + (secret != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException("give one of --*PasswordEnv, --*PasswordFile, --*PasswordSecret");
    }
    SecretRef password = passwordFile != null ? SecretRef.file(passwordFile)
        : secret != null ? SecretRef.secretManager(secret)
        : passwordEnv != null ? SecretRef.env(passwordEnv)
        : SecretRef.NONE;
    return new ConnectionSpec(url, user, password);
  }
}
