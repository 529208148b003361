package io.martflow.io.sources;

import io.martflow.warehouse.ConnectionSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Finds the source mapping of a command or a pipeline: the given file, else the bundled demo shop. */
public final class Sources {
  private Sources() {}

  /**
   * @param location a mapping file (path or URI), or null for the bundled default
   * @param shopSystem key namespace of the bundled shop sources (--sourceSystem; null: shop)
   * @param shopSchema schema of the bundled shop sources (--sourceSchema; null: shop)
   */
  public static SourceConfig resolve(String location, String shopSystem, String shopSchema, Map<String, String> env) {
    Map<String, String> vars = new HashMap<>(env);
    if (shopSystem != null) {
      vars.put("MARTFLOW_SHOP_SYSTEM", shopSystem);
    }
    if (shopSchema != null) {
      vars.put("MARTFLOW_SHOP_SCHEMA", shopSchema);
    }
    if (location == null || location.isBlank()) {
      return MappingParser.bundled(SourceConfig.DEFAULT, vars);
    }
    return MappingParser.load(location.strip(), vars);
  }

  /** Each JDBC source's connection: its own, or {@code defaultSource} when the mapping names none. */
  public static Map<String, ConnectionSpec> connections(SourceConfig config, ConnectionSpec defaultSource,
      Map<String, String> env) {
    Map<String, ConnectionSpec> out = new LinkedHashMap<>();
    for (SourceSpec s : config.sources()) {
      if (s.kind() != SourceKind.JDBC) {
        continue;
      }
      if (s.jdbc().connection() == null) {
        out.put(s.name(), defaultSource);
      } else {
        try {
          out.put(s.name(), s.jdbc().connection().resolve(env));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(s.where("jdbc") + ": source " + s.name() + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }
}
