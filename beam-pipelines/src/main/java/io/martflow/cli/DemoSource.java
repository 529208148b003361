package io.martflow.cli;

import io.martflow.demo.ShopCounts;
import io.martflow.demo.ShopGenerator;
import io.martflow.demo.ShopReference;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Locale;

/** The demo shop source as commands use it: does it exist, generate it. */
final class DemoSource {
  private DemoSource() {}

  static boolean exists(ConnectionSpec source) throws Exception {
    try (Connection c = source.open();
        ResultSet rs = c.createStatement().executeQuery("select to_regclass('shop.generator_state') is not null")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Generates into {@code db} (warehouse and source alike) with reference data read from it. */
  static ShopCounts generate(ConnectionSpec db, ShopGenerator.Options options) throws Exception {
    ShopReference reference;
    try (Connection c = db.open()) {
      reference = ShopReference.load(c);
    }
    ShopCounts counts = new ShopGenerator(reference, options).generate(db, new DemoProgress());
    System.out.printf(Locale.ROOT, "Generated %s .. %s: %,d customers, %,d products, %,d orders, %,d lines%n",
        options.startDate(), options.endDate().minusDays(1), counts.customers(), counts.products(),
        counts.orders(), counts.orderItems());
    return counts;
  }
}
