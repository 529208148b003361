package io.martflow.warehouse;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies sql/migrations with Flyway; the history table lives in schema ctl. */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult migrate(ConnectionSpec spec) {
    return flyway(spec).migrate();
  }

  /** Schemas martflow owns in the warehouse database (the demo source schema shop is the generator's). */
  public static final java.util.List<String> WAREHOUSE_SCHEMAS = java.util.List.of("ctl", "ref", "stage", "dw", "core", "mart");

  /** Drops every warehouse schema, then migrates: a fresh, empty warehouse. */
  public static MigrateResult reset(ConnectionSpec spec) throws java.sql.SQLException {
    try (java.sql.Connection c = spec.open(); java.sql.Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + String.join(", ", WAREHOUSE_SCHEMAS) + " cascade");
    }
    return migrate(spec);
  }

  /** The newest applied migration version, or "none". */
  public static String currentVersion(ConnectionSpec spec) {
    var current = flyway(spec).info().current();
    return current == null ? "none" : current.getVersion().getVersion();
  }

  private static Flyway flyway(ConnectionSpec spec) {
    return Flyway.configure()
        .dataSource(spec.dataSource())
        .locations("classpath:sql/migrations")
        .schemas("ctl")
        .table("flyway_schema_history")
        .createSchemas(true)
        // SQL files are plain SQL: a '${' in a function body must not be taken for a placeholder.
        .placeholderReplacement(false)
        .validateMigrationNaming(true)
        .load();
  }
}
