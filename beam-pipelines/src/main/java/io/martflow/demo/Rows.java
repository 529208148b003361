package io.martflow.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of each shop table as the generator builds it, in the contract's column order. Money is
 * in whole cents, discount_pct in hundredths of a percent, tax_rate in ten-thousandths,
 * timestamps in UTC epoch seconds and dates in epoch days; null stands for SQL null.
 */
final class Rows {
  private Rows() {}

  static final class Customer {
    Long customerId;
    String email;
    String firstName;
    String lastName;
    String phone;
    String country;
    String state;
    String city;
    String postalCode;
    Long birthDate;
    long createdAt;
    long updatedAt;
    boolean deleted;
    /** The customer's country in {@link Places} (not a column). */
    int countryIndex = -1;

    void write(TableWriter w, boolean duplicate) throws SQLException {
      w.num(customerId).text(email).text(firstName).text(lastName).text(phone).text(country).text(state)
          .text(city).text(postalCode).date(birthDate).ts(createdAt).ts(updatedAt).bool(deleted);
      w.endRow(duplicate);
    }

    static Customer read(ResultSet rs) throws SQLException {
      Customer c = new Customer();
      c.customerId = longOrNull(rs, 1);
      c.email = rs.getString(2);
      c.firstName = rs.getString(3);
      c.lastName = rs.getString(4);
      c.phone = rs.getString(5);
      c.country = rs.getString(6);
      c.state = rs.getString(7);
      c.city = rs.getString(8);
      c.postalCode = rs.getString(9);
      java.sql.Date birth = rs.getDate(10);
      c.birthDate = birth == null ? null : birth.toLocalDate().toEpochDay();
      c.createdAt = seconds(rs, 11);
      c.updatedAt = seconds(rs, 12);
      c.deleted = rs.getBoolean(13);
      return c;
    }
  }

  static final class Product {
    Long productId;
    String sku;
    String name;
    String category;
    String subcategory;
    String brand;
    Long listPrice;
    Long cost;
    Integer stockQty;
    Integer reorderLevel;
    boolean active = true;
    Long discontinuedAt;
    long createdAt;
    long updatedAt;
    /** The product's row in {@link Catalog} (not a column). */
    int categoryIndex = -1;

    void write(TableWriter w, boolean duplicate) throws SQLException {
      w.num(productId).text(sku).text(name).text(category).text(subcategory).text(brand).cents(listPrice)
          .cents(cost).num(stockQty).num(reorderLevel).bool(active).ts(discontinuedAt).ts(createdAt).ts(updatedAt);
      w.endRow(duplicate);
    }

    static Product read(ResultSet rs) throws SQLException {
      Product p = new Product();
      p.productId = longOrNull(rs, 1);
      p.sku = rs.getString(2);
      p.name = rs.getString(3);
      p.category = rs.getString(4);
      p.subcategory = rs.getString(5);
      p.brand = rs.getString(6);
      p.listPrice = units(rs.getBigDecimal(7), 2);
      p.cost = units(rs.getBigDecimal(8), 2);
      p.stockQty = intOrNull(rs, 9);
      p.reorderLevel = intOrNull(rs, 10);
      p.active = rs.getBoolean(11);
      p.discontinuedAt = secondsOrNull(rs, 12);
      p.createdAt = seconds(rs, 13);
      p.updatedAt = seconds(rs, 14);
      return p;
    }
  }

  static final class Order {
    Long orderId;
    Long customerId;
    Long orderTs;
    String status;
    String failureReason;
    String shippingMethod;
    String shipCountry;
    String shipState;
    String shipCity;
    String shipPostalCode;
    String promoCode;
    Long shippingFee;
    Long deliveredAt;
    long createdAt;
    long updatedAt;

    void write(TableWriter w, boolean duplicate) throws SQLException {
      w.num(orderId).num(customerId).ts(orderTs).text(status).text(failureReason).text(shippingMethod)
          .text(shipCountry).text(shipState).text(shipCity).text(shipPostalCode).text(promoCode).cents(shippingFee)
          .ts(deliveredAt).ts(createdAt).ts(updatedAt);
      w.endRow(duplicate);
    }

    static Order read(ResultSet rs) throws SQLException {
      Order o = new Order();
      o.orderId = longOrNull(rs, 1);
      o.customerId = longOrNull(rs, 2);
      o.orderTs = secondsOrNull(rs, 3);
      o.status = rs.getString(4);
      o.failureReason = rs.getString(5);
      o.shippingMethod = rs.getString(6);
      o.shipCountry = rs.getString(7);
      o.shipState = rs.getString(8);
      o.shipCity = rs.getString(9);
      o.shipPostalCode = rs.getString(10);
      o.promoCode = rs.getString(11);
      o.shippingFee = units(rs.getBigDecimal(12), 2);
      o.deliveredAt = secondsOrNull(rs, 13);
      o.createdAt = seconds(rs, 14);
      o.updatedAt = seconds(rs, 15);
      return o;
    }
  }

  static final class Line {
    Long orderId;
    Integer lineNo;
    Long productId;
    Integer quantity;
    Long unitPrice;
    Long discountPct;
    Long discountAmount;
    Long taxRate;
    long createdAt;
    long updatedAt;

    void write(TableWriter w, boolean duplicate) throws SQLException {
      w.num(orderId).num(lineNo).num(productId).num(quantity).cents(unitPrice).fixed(discountPct, 2)
          .cents(discountAmount).fixed(taxRate, 4).ts(createdAt).ts(updatedAt);
      w.endRow(duplicate);
    }

    static Line read(ResultSet rs) throws SQLException {
      Line l = new Line();
      l.orderId = longOrNull(rs, 1);
      l.lineNo = intOrNull(rs, 2);
      l.productId = longOrNull(rs, 3);
      l.quantity = intOrNull(rs, 4);
      l.unitPrice = units(rs.getBigDecimal(5), 2);
      l.discountPct = units(rs.getBigDecimal(6), 2);
      l.discountAmount = units(rs.getBigDecimal(7), 2);
      l.taxRate = units(rs.getBigDecimal(8), 4);
      l.createdAt = seconds(rs, 9);
      l.updatedAt = seconds(rs, 10);
      return l;
    }
  }

  /** Reads one row of a result set (the {@code read} of each row class). */
  @FunctionalInterface
  interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static Long units(BigDecimal value, int scale) {
    return value == null ? null : value.movePointRight(scale).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  static long seconds(ResultSet rs, int column) throws SQLException {
    Long s = secondsOrNull(rs, column);
    if (s == null) {
      throw new SQLException("unexpected null timestamp in column " + column);
    }
    return s;
  }

  static Long secondsOrNull(ResultSet rs, int column) throws SQLException {
    java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
    return t == null ? null : t.toEpochSecond();
  }
}
