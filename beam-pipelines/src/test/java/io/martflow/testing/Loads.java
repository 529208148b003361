package io.martflow.testing;

import io.martflow.control.Window;
import io.martflow.pipelines.LoadRunner;
import io.martflow.pipelines.Pipelines;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.Publisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs domain loads against a test database the way `martflow load` does, with Beam's checks on. */
public final class Loads {
  private Loads() {}

  public static LoadRunner.Result load(ConnectionSpec db, String domain, String runId, Window window, String... extra)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--dbUrl=" + db.jdbcUrl(), "--dbUser=" + db.user(), "--runId=" + runId,
        // Tests keep the DirectRunner's mutation and encoding checks on: they catch DoFn bugs.
        "--enforceImmutability=true", "--enforceEncodability=true"));
    if (window.fullRefresh()) {
      args.add("--fullRefresh=true");
    } else {
      args.add("--windowStart=" + window.start());
    }
    if (window.end() != null) {
      args.add("--windowEnd=" + window.end());
    }
    args.addAll(List.of(extra));
    return LoadRunner.run(Pipelines.definition(Manifest.load().requireDomain(domain)), args.toArray(new String[0]));
  }

  /** Loads and publishes every domain of the manifest, in its order. */
  public static Map<String, LoadRunner.Result> loadAndPublishAll(ConnectionSpec db, String runId, Window window,
      String... extra) throws Exception {
    Map<String, LoadRunner.Result> results = new LinkedHashMap<>();
    for (Manifest.Domain d : Manifest.load().domains()) {
      results.put(d.name(), load(db, d.name(), runId, window, extra));
      Publisher.publish(db, d, runId, window);
    }
    return results;
  }
}
