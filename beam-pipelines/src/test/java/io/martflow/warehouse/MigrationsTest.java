package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;

import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private String database;
  private ConnectionSpec spec;

  @BeforeEach
  void emptyDatabase() {
    database = TestDatabase.createDatabase(false);
    spec = TestDatabase.specFor(database);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    TestDatabase.dropDatabase(database);
  }

  @Test
  void migratesAnEmptyDatabaseAndASecondMigrateIsANoOp() throws Exception {
    var first = Migrations.migrate(spec);
    assertThat(first.migrationsExecuted, greaterThan(0));
    assertThat(schemas(), hasItems("ctl", "ref", "stage", "dw", "core", "mart"));

    String checksum = schemaChecksum();
    var second = Migrations.migrate(spec);
    assertThat(second.migrationsExecuted, equalTo(0));
    assertThat(schemaChecksum(), equalTo(checksum));
  }

  @Test
  void resetEmptiesTheWarehouseAndMigratesAgain() throws Exception {
    Migrations.migrate(spec);
    try (Connection c = spec.open(); Statement s = c.createStatement()) {
      s.execute("create table dw.leftover (x int)");
    }
    Migrations.reset(spec);
    try (Connection c = spec.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'dw' and tablename = 'leftover'")) {
      rs.next();
      assertThat(rs.getInt(1), equalTo(0));
    }
    assertThat(schemas(), hasItems("ctl", "ref", "stage", "dw", "core", "mart"));
  }

  private List<String> schemas() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = spec.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select nspname from pg_namespace")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Every column of every martflow table, in order: changes if a migration ran twice or differently. */
  private String schemaChecksum() throws Exception {
    try (Connection c = spec.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select md5(string_agg(table_schema || '.' || table_name || '.' || column_name || ':' || data_type, ','"
                + " order by table_schema, table_name, ordinal_position)) from information_schema.columns"
                + " where table_schema in ('ctl','ref','stage','dw','core','mart')")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
