package io.martflow.reference;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads every ref.* table into a {@link ReferenceData} snapshot with plain short SELECTs. */
public final class ReferenceDataLoader {
  private ReferenceDataLoader() {}

  /**
   * @throws IllegalStateException when a setting the rules need is missing or malformed
   * @throws IllegalArgumentException when rows contradict each other (see {@link
   *     ReferenceData.Builder#build()})
   */
  public static ReferenceData load(Connection connection) throws SQLException {
    ReferenceData.Builder b = ReferenceData.builder();
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs = st.executeQuery("select key, value from ref.settings")) {
        while (rs.next()) {
          b.setting(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select code, alpha3, name, region, subregion from ref.countries order by code")) {
        while (rs.next()) {
          b.country(trim(rs.getString(1)), trim(rs.getString(2)), rs.getString(3), rs.getString(4),
              rs.getString(5));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select alias, code, language from ref.country_aliases order by alias")) {
        while (rs.next()) {
          b.countryAlias(rs.getString(1), trim(rs.getString(2)), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select department, category, subcategory from ref.categories order by 1, 2, 3")) {
        while (rs.next()) {
          b.category(rs.getString(1), rs.getString(2), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select country_code, category, rate from ref.tax_rates order by 1, 2")) {
        while (rs.next()) {
          b.taxRate(trim(rs.getString(1)), rs.getString(2), rs.getBigDecimal(3));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select method, zone, fee, free_threshold, sla_business_days from ref.shipping_rates order by 1, 2")) {
        while (rs.next()) {
          BigDecimal freeThreshold = rs.getBigDecimal(4);
          b.shippingRate(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), freeThreshold, rs.getInt(5));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select raw_status, status, language from ref.status_map order by raw_status")) {
        while (rs.next()) {
          b.statusMapping(rs.getString(1), rs.getString(2), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select raw_reason, reason_code, description from ref.failure_reasons order by raw_reason")) {
        while (rs.next()) {
          b.failureReason(rs.getString(1), rs.getString(2), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery(
          "select band, min_age, max_age from ref.age_bands order by min_age")) {
        while (rs.next()) {
          b.ageBand(rs.getString(1), rs.getInt(2), rs.getObject(3, Integer.class));
        }
      }
    }
    return b.build().requireSettings();
  }

  // char(n) columns may come back blank-padded.
  private static String trim(String value) {
    return value == null ? null : value.strip();
  }
}
