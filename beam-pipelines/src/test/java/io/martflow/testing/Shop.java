package io.martflow.testing;

import io.martflow.demo.GenerationListener;
import io.martflow.demo.ShopGenerator;
import io.martflow.demo.ShopReference;
import io.martflow.demo.ShopSimulator;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generated demo sources for end-to-end tests, and checksums of a whole warehouse. */
public final class Shop {
  private Shop() {}

  public static void generate(ConnectionSpec db, double scale, int days, long seed, LocalDate start) throws Exception {
    new ShopGenerator(reference(db), new ShopGenerator.Options(scale, days, seed, start))
        .generate(db, GenerationListener.NONE);
  }

  public static ShopSimulator.Result simulate(ConnectionSpec db, int days) throws Exception {
    return new ShopSimulator(reference(db)).simulate(db, days, null, GenerationListener.NONE);
  }

  private static ShopReference reference(ConnectionSpec db) throws Exception {
    try (Connection c = db.open()) {
      return ShopReference.load(c);
    }
  }

  /** Checksums of every table of the warehouse layers (dw, core, mart), audit columns left out. */
  public static Map<String, String> warehouseChecksums(ConnectionSpec db) throws Exception {
    List<String> tables = new ArrayList<>();
    for (var row : Sql.rows(db, "select schemaname || '.' || tablename as t from pg_tables"
        + " where schemaname in ('dw', 'core', 'mart') order by 1")) {
      tables.add((String) row.get("t"));
    }
    for (var row : Sql.rows(db, "select schemaname || '.' || matviewname as t from pg_matviews"
        + " where schemaname in ('core', 'mart') order by 1")) {
      tables.add((String) row.get("t"));
    }
    Map<String, String> sums = new LinkedHashMap<>();
    for (String t : tables) {
      sums.put(t, Sql.checksum(db, t));
    }
    return sums;
  }
}
