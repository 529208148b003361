package io.martflow.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The constraints of the ctl tables (V2_2) hold on a real PostgreSQL. */
class ControlTablesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private static final String CHECK_VIOLATION = "23514";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String NOT_NULL_VIOLATION = "23502";

  @Test
  void runLogAcceptsTheFourStatusesAndRejectsAnyOther() throws SQLException {
    for (String status : new String[] {"running", "success", "failed", "skipped"}) {
      execute("insert into ctl.run_log (run_id, step, domain, status) values ('r-status', 'load', 'orders', '"
          + status + "')");
    }
    assertThat(count("select count(*) from ctl.run_log where run_id = 'r-status'"), equalTo(4L));

    assertSqlState(CHECK_VIOLATION,
        "insert into ctl.run_log (run_id, step, status) values ('r-status', 'load', 'done')");
    assertSqlState(CHECK_VIOLATION,
        "insert into ctl.run_log (run_id, step, status) values ('r-status', 'load', 'SUCCESS')");
    assertSqlState(NOT_NULL_VIOLATION,
        "insert into ctl.run_log (run_id, step) values ('r-status', 'load')");
    assertSqlState(CHECK_VIOLATION,
        "insert into ctl.run_log (run_id, step, status, rows_read) values ('r-status', 'load', 'success', -1)");
    assertThat(count("select count(*) from ctl.run_log where run_id = 'r-status'"), equalTo(4L));
  }

  @Test
  void runLogFillsStartedAtAndIdentity() throws SQLException {
    execute("insert into ctl.run_log (run_id, step, status) values ('r-defaults', 'publish', 'running')");
    assertThat(count("select count(*) from ctl.run_log where run_id = 'r-defaults'"
        + " and run_log_id is not null and started_at is not null and finished_at is null"), equalTo(1L));
  }

  @Test
  void aRejectIsRecordedOncePerRunDomainSourceAndLocator() throws SQLException {
    String insert = "insert into ctl.rejects (run_id, domain, source_system, source_name, record_key, locator,"
        + " reason_code, message, payload) values ('r-rej', 'orders', 'shop', 'orders', '42', '%s',"
        + " 'UNKNOWN_STATUS', 'status ''lost'' is not mapped', '{\"order_id\": 42, \"status\": \"lost\"}')";
    execute(String.format(insert, "orders:42"));
    assertSqlState(UNIQUE_VIOLATION, String.format(insert, "orders:42"));

    // A retried batch writes the same rejects again: ON CONFLICT DO NOTHING keeps one.
    execute(String.format(insert, "orders:42") + " on conflict (run_id, domain, source_name, locator) do nothing");
    // Another locator, or the same locator in another run, is another reject.
    execute(String.format(insert, "orders:43"));
    execute(String.format(insert, "orders:42").replace("'r-rej'", "'r-rej-2'"));

    assertThat(count("select count(*) from ctl.rejects where run_id = 'r-rej'"), equalTo(2L));
    assertThat(count("select count(*) from ctl.rejects where run_id in ('r-rej', 'r-rej-2')"), equalTo(3L));
    assertThat(count("select count(*) from ctl.rejects where run_id = 'r-rej' and payload ->> 'status' = 'lost'"),
        equalTo(2L));
  }

  @Test
  void aRejectNeedsALocatorAndAPayload() {
    assertSqlState(NOT_NULL_VIOLATION, "insert into ctl.rejects (run_id, domain, source_system, source_name,"
        + " reason_code, message, payload) values ('r-rej-null', 'orders', 'shop', 'orders', 'X', 'x', '{}')");
    assertSqlState(NOT_NULL_VIOLATION, "insert into ctl.rejects (run_id, domain, source_system, source_name,"
        + " locator, reason_code, message) values ('r-rej-null', 'orders', 'shop', 'orders', 'l:1', 'X', 'x')");
  }

  @Test
  void aControlWindowExistsOncePerDomainAndSource() throws SQLException {
    String insert = "insert into ctl.tb_control_data_update (domain, source_system, window_start, window_end,"
        + " status, run_id) values ('%s', 'shop', '2024-03-01T00:00Z', '2024-03-02T00:00Z', 'running', 'r-win')";
    execute(String.format(insert, "customers"));
    assertSqlState(UNIQUE_VIOLATION, String.format(insert, "customers"));
    // The same window of another domain is another row.
    execute(String.format(insert, "orders"));

    // Re-running a window updates its row.
    execute(String.format(insert, "customers") + " on conflict (domain, source_system, window_start, window_end)"
        + " do update set status = 'success', watermark = '2024-03-01T23:59:59Z', updated_at = now()");
    assertThat(count("select count(*) from ctl.tb_control_data_update where domain = 'customers'"), equalTo(1L));
    assertThat(count("select count(*) from ctl.tb_control_data_update where domain = 'customers'"
        + " and status = 'success' and watermark is not null"), equalTo(1L));
  }

  @Test
  void aControlWindowHasAKnownStatusAndEndsAfterItStarts() {
    assertSqlState(CHECK_VIOLATION, "insert into ctl.tb_control_data_update (domain, source_system, window_start,"
        + " window_end, status) values ('products', 'shop', '2024-03-01T00:00Z', '2024-03-02T00:00Z', 'ok')");
    assertSqlState(CHECK_VIOLATION, "insert into ctl.tb_control_data_update (domain, source_system, window_start,"
        + " window_end, status) values ('products', 'shop', '2024-03-02T00:00Z', '2024-03-01T00:00Z', 'running')");
    assertSqlState(CHECK_VIOLATION, "insert into ctl.tb_control_data_update (domain, source_system, window_start,"
        + " window_end, status) values ('products', 'shop', '2024-03-02T00:00Z', '2024-03-02T00:00Z', 'running')");
    assertSqlState(NOT_NULL_VIOLATION, "insert into ctl.tb_control_data_update (domain, source_system,"
        + " window_start, status) values ('products', 'shop', '2024-03-01T00:00Z', 'running')");
  }

  @Test
  void qualityResultsHaveAKnownSeverityAndStatus() throws SQLException {
    execute("insert into ctl.dq_results (run_id, check_name, severity, status, violation_count, sample)"
        + " values ('r-dq', 'orders_total_reconciles', 'error', 'fail', 2, '[{\"order_id\": 1}]')");
    execute("insert into ctl.dq_results (run_id, check_name, severity, status, violation_count)"
        + " values ('r-dq', 'orders_volume', 'warn', 'pass', 0)");
    assertSqlState(CHECK_VIOLATION, "insert into ctl.dq_results (run_id, check_name, severity, status,"
        + " violation_count) values ('r-dq', 'x', 'critical', 'fail', 1)");
    assertSqlState(CHECK_VIOLATION, "insert into ctl.dq_results (run_id, check_name, severity, status,"
        + " violation_count) values ('r-dq', 'x', 'error', 'failed', 1)");
    assertSqlState(NOT_NULL_VIOLATION, "insert into ctl.dq_results (run_id, check_name, severity, status)"
        + " values ('r-dq', 'x', 'error', 'pass')");
    assertThat(count("select count(*) from ctl.dq_results where run_id = 'r-dq'"), equalTo(2L));
  }

  @Test
  void controlCheckAndMartHighWaterMarkTablesTakeTheirRows() throws SQLException {
    execute("insert into ctl.tmp_tb_control_data_update (check_id, domain, source_system, source_name,"
        + " window_start, window_end, rows_changed, max_change_ts) values ('c-1', 'orders', 'shop', 'orders',"
        + " '2024-03-01T00:00Z', '2024-03-02T00:00Z', 17, '2024-03-01T22:10Z')");
    assertSqlState(NOT_NULL_VIOLATION, "insert into ctl.tmp_tb_control_data_update (check_id, domain,"
        + " source_system, source_name) values ('c-1', 'orders', 'shop', 'orders')");
    execute("insert into ctl.load_dates_customer_report_datamart (run_id, load_date, customers_recomputed)"
        + " values ('r-mart', '2024-03-02T00:00Z', 120)");
    assertSqlState(NOT_NULL_VIOLATION,
        "insert into ctl.load_dates_customer_report_datamart (run_id) values ('r-mart')");
    assertThat(count("select count(*) from ctl.tmp_tb_control_data_update where check_id = 'c-1'"), equalTo(1L));
    assertThat(count("select count(*) from ctl.load_dates_customer_report_datamart where run_id = 'r-mart'"
        + " and loaded_at is not null"), equalTo(1L));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void assertSqlState(String expected, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> execute(sql), sql);
    assertThat(e.getMessage(), e.getSQLState(), equalTo(expected));
  }
}
