package io.martflow.pipelines;

import io.martflow.control.Window;
import io.martflow.io.ExtractDomain;
import io.martflow.io.RangeWave;
import io.martflow.io.ReadTuning;
import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.SourceSpec;
import io.martflow.io.sources.Sources;
import io.martflow.warehouse.CloudSql;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.SecretRef;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
    int maxWriters,
    SourceConfig sources,
    Map<String, ConnectionSpec> sourceConnections) implements Serializable {

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
    WaveOptions waves = o.as(WaveOptions.class);
    RangeWave wave = waves.getRangePlanId() == null ? RangeWave.ALL
        : new RangeWave(waves.getRangePlanId(), waves.getRangeWave(), waves.getRangesPerWave());
    ReadTuning tuning = new ReadTuning(o.getFetchSize(), o.getRowsPerRange(), o.getMinRanges(), wave);
    Map<String, String> env = Connections.currentEnvironment();
    SourceConfig sources = Sources.resolve(o.getSources(), o.getSourceSystem(), o.getSourceSchema(), env);
    if (sources.readBy(domain).isEmpty()) {
      throw new IllegalArgumentException("the source mapping " + sources.file() + " has no source for " + domain);
    }
    Map<String, ConnectionSpec> connections = new LinkedHashMap<>(Sources.connections(sources, source, env));
    return new LoadContext(domain, o.getRunId(), window, runTime, warehouse, source, o.getSourceSystem(),
        o.getSourceSchema(), o.getPricesIncludeTax(), tuning, o.getMaxWriters(), sources, connections);
  }

  /** How the extraction composites reach the sources. */
  public ExtractDomain.Context extractContext() {
    return new ExtractDomain.Context(runId, window, tuning, warehouse, sourceConnections);
  }

  /** Whether each source system's prices include tax: its orders source says, else --pricesIncludeTax. */
  public Map<String, Boolean> pricesIncludeTaxBySystem() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (SourceSpec s : sources.forDomain("orders")) {
      out.put(s.sourceSystem(), s.pricesIncludeTax() != null ? s.pricesIncludeTax() : pricesIncludeTax);
    }
    return out;
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
