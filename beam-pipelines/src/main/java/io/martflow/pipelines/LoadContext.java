package io.martflow.pipelines;

import io.martflow.control.Window;
import io.martflow.io.ReadTuning;
import io.martflow.warehouse.CloudSql;
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
    ReadTuning tuning,
    int maxWriters) implements Serializable {

  public static LoadContext from(String domain, LoadOptions o) {
    if (o.getRunId() == null || (o.getDbUrl() == null && o.getCloudSqlInstance() == null)) {
      throw new IllegalStateException(
          "runId and dbUrl (or cloudSqlInstance) must be resolved before building (LoadRunner does this)");
    }
    RunnerChecks.validate(o);
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
    ConnectionSpec warehouse = o.getCloudSqlInstance() != null
        ? CloudSql.connection(o.getCloudSqlInstance(), o.getDbName(), o.getDbUser(),
            password(o.getDbPasswordEnv(), o.getDbPasswordFile(), o.getDbPasswordSecret()), o.getCloudSqlIpTypes(),
            o.getDbIamAuth())
        : spec(o.getDbUrl(), o.getDbUser(), o.getDbPasswordEnv(), o.getDbPasswordFile(), o.getDbPasswordSecret());
    ConnectionSpec source;
    if (o.getSourceCloudSqlInstance() != null) {
      source = CloudSql.connection(o.getSourceCloudSqlInstance(),
          o.getSourceDbName() == null ? o.getDbName() : o.getSourceDbName(), o.getSourceDbUser(),
          password(o.getSourceDbPasswordEnv(), o.getSourceDbPasswordFile(), o.getSourceDbPasswordSecret()),
          o.getCloudSqlIpTypes(), o.getSourceDbIamAuth());
    } else if (o.getSourceDbUrl() != null) {
      source = spec(o.getSourceDbUrl(), o.getSourceDbUser(), o.getSourceDbPasswordEnv(), o.getSourceDbPasswordFile(),
          o.getSourceDbPasswordSecret());
    } else {
      source = warehouse;
    }
    ReadTuning tuning = new ReadTuning(o.getFetchSize(), o.getRowsPerRange(), o.getMinRanges());
    return new LoadContext(domain, o.getRunId(), window, runTime, warehouse, source, o.getSourceSystem(),
        o.getSourceSchema(), o.getPricesIncludeTax(), tuning, o.getMaxWriters());
  }

  private static SecretRef password(String passwordEnv, String passwordFile, String secret) {
    return passwordFile != null ? SecretRef.file(passwordFile)
        : secret != null ? SecretRef.secretManager(secret)
        : passwordEnv != null ? SecretRef.env(passwordEnv)
        : SecretRef.NONE;
  }

  static ConnectionSpec spec(String url, String user, String passwordEnv, String passwordFile, String secret) {
    int given = (passwordEnv != null ? 1 : 0) + (passwordFile != null ? 1 : 0) + (secret != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException("give one of --*PasswordEnv, --*PasswordFile, --*PasswordSecret");
    }
    return new ConnectionSpec(url, user, password(passwordEnv, passwordFile, secret));
  }
}
