package io.martflow.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Optional;

/** The row of shop.generator_state: where the generated history ends and which ids come next. */
record GeneratorState(int generatorVersion, long seed, BigDecimal scale, LocalDate startDate, LocalDate nextDay,
    int generatedDays, int simulatedDays, BigDecimal customersPerDay, BigDecimal productsPerDay,
    long nextCustomerId, long nextProductId, long nextOrderId, Long lastSimulateSeed) {

  static final SqlSections SQL = SqlSections.load("source/shop_queries.sql");

  static Optional<GeneratorState> read(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("state_exists"))) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return Optional.empty();
      }
    }
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("state_read"))) {
      if (!rs.next()) {
        return Optional.empty();
      }
      long last = rs.getLong(13);
      Long lastSeed = rs.wasNull() ? null : last;
      return Optional.of(new GeneratorState(rs.getInt(1), rs.getLong(2), rs.getBigDecimal(3),
          rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), rs.getInt(6), rs.getInt(7),
          rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), lastSeed));
    }
  }

  void insert(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SQL.get("state_insert"))) {
      ps.setInt(1, generatorVersion);
      ps.setLong(2, seed);
      ps.setBigDecimal(3, scale);
      ps.setObject(4, startDate);
      ps.setObject(5, nextDay);
      ps.setInt(6, generatedDays);
      ps.setInt(7, simulatedDays);
      ps.setBigDecimal(8, customersPerDay);
      ps.setBigDecimal(9, productsPerDay);
      ps.setLong(10, nextCustomerId);
      ps.setLong(11, nextProductId);
      ps.setLong(12, nextOrderId);
      if (lastSimulateSeed == null) {
        ps.setNull(13, Types.BIGINT);
      } else {
        ps.setLong(13, lastSimulateSeed);
      }
      ps.executeUpdate();
    }
  }

  void update(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SQL.get("state_update"))) {
      ps.setObject(1, nextDay);
      ps.setInt(2, simulatedDays);
      ps.setLong(3, nextCustomerId);
      ps.setLong(4, nextProductId);
      ps.setLong(5, nextOrderId);
      if (lastSimulateSeed == null) {
        ps.setNull(6, Types.BIGINT);
      } else {
        ps.setLong(6, lastSimulateSeed);
      }
      if (ps.executeUpdate() != 1) {
        throw new SQLException("shop.generator_state has no row to update");
      }
    }
  }
}
