package io.martflow.demo;

/** Row counts of the four shop tables. */
public record ShopCounts(long customers, long products, long orders, long orderItems) {
  public long of(ShopTable table) {
    return switch (table) {
      case CUSTOMERS -> customers;
      case PRODUCTS -> products;
      case ORDERS -> orders;
      case ORDER_ITEMS -> orderItems;
    };
  }

  public long total() {
    return customers + products + orders + orderItems;
  }

  /** Counts the rows of the shop tables. */
  static ShopCounts count(java.sql.Connection c) throws java.sql.SQLException {
    long[] n = new long[4];
    try (java.sql.Statement st = c.createStatement()) {
      for (ShopTable t : ShopTable.values()) {
        try (java.sql.ResultSet rs = st.executeQuery("select count(*) from " + t.qualifiedName())) {
          rs.next();
          n[t.ordinal()] = rs.getLong(1);
        }
      }
    }
    return new ShopCounts(n[0], n[1], n[2], n[3]);
  }
}
