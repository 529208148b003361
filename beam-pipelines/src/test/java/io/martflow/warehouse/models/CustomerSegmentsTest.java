package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Segment thresholds and RFM bands at their edges, on hand-made core.fact_orders rows (the marts
 * read only core). As-of date 2025-01-31; each customer's revenue orders are one day apart, the
 * last one `recency` days before the as-of date; all but the last are 1.00, the last makes up the
 * total. Expected values from ref.customer_segments (VIP >= 10000.00 and 5 orders, High >= 2500.00
 * and 2, Medium >= 500.00) and ref.rfm_scores (docs/marts.md).
 */
class CustomerSegmentsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private static ConnectionSpec spec;

  @BeforeAll
  static void handMadeOrders() throws Exception {
    spec = db.spec();
    Sql.exec(spec, """
        insert into core.fact_orders (source_system, order_id, customer_id, customer_key, order_date_key, order_date,
          order_month, order_ts, status, is_revenue, is_failed, line_count, units, items_gross, discount_total,
          items_net, tax_total, shipping_fee, order_total, run_id)
        select 'shop', c.customer_id * 100 + g.i, c.customer_id, -1, to_char(d.day, 'YYYYMMDD')::int, d.day,
               date_trunc('month', d.day)::date, d.day::timestamptz, 'delivered', true, false, 1, 1,
               a.net, 0, a.net, 0, 0, a.net, 'fixture'
        from (values
          -- customer, revenue orders, total net revenue, recency days
          ( 1,  5, 10000.00,   30), ( 2,  5,  9999.99,  31), ( 3,  4, 10000.00,  90), ( 4,  2, 2500.00,  91),
          ( 5,  2,  2499.99,  180), ( 6,  1,  2500.00, 181), ( 7,  1,   500.00, 365), ( 8,  1,  499.99, 366),
          ( 9, 10,  5000.00,    0), (10,  9,  4999.99,   0), (11,  3,  1999.99,   0), (12,  1,  750.00,   0),
          (13,  1,   749.99,    0), (14,  1,   200.00,   0), (15,  1,   199.99,   0), (16,  2, 2000.00,   0),
          (17,  1,   100.00,   89), (18,  1,   100.00,  90)
        ) as c(customer_id, orders, total, recency)
        cross join lateral generate_series(1, c.orders) as g(i)
        cross join lateral (select date '2025-01-31' - c.recency - (c.orders - g.i) as day) d
        cross join lateral (select case when g.i = c.orders then c.total - (c.orders - 1) else 1.00 end as net) a""");
    // Not revenue: a cancelled 10,000.00 order changes nothing for customer 8.
    Sql.exec(spec, """
        insert into core.fact_orders (source_system, order_id, customer_id, customer_key, order_date_key, order_date,
          order_month, order_ts, status, is_revenue, is_failed, line_count, units, items_gross, discount_total,
          items_net, tax_total, shipping_fee, order_total, run_id)
        values ('shop', 899, 8, -1, 20250131, '2025-01-31', '2025-01-01', '2025-01-31', 'cancelled', false, false,
                1, 1, 10000.00, 0, 10000.00, 0, 0, 10000.00, 'fixture')""");
    ModelRunner.build(spec, "b1", List.of("customer_segments", "customer_features"), false);
  }

  @Test
  void segmentsAndRfmScoresAtEveryThreshold() throws Exception {
    assertThat(Rows.lines(spec, """
        select customer_id, revenue_orders, net_revenue, recency_days, segment, r_score, f_score, m_score, rfm_cell
        from mart.customer_segments where as_of_date = '2025-01-31' order by customer_id"""), contains(
        "1|5|10000.00|30|VIP|5|4|5|545",        // exactly both VIP minimums; R 0..30, F 5..9, M >= 5000
        "2|5|9999.99|31|High|4|4|5|445",        // one cent short of VIP; R 31..90
        "3|4|10000.00|90|High|4|3|5|435",       // one order short of VIP; F 3..4
        "4|2|2500.00|91|High|3|2|4|324",        // exactly High; R 91..180, M 2000..4999.99
        "5|2|2499.99|180|Medium|3|2|4|324",     // one cent short of High
        "6|1|2500.00|181|Medium|2|1|4|214",     // High needs 2 orders; R 181..365
        "7|1|500.00|365|Medium|2|1|2|212",      // exactly Medium; M 200..749.99
        "8|1|499.99|366|Low|1|1|2|112",         // R beyond a year; the cancelled order does not count
        "9|10|5000.00|0|High|5|5|5|555",        // F 10+, M 5000+
        "10|9|4999.99|0|High|5|4|4|544",
        "11|3|1999.99|0|Medium|5|3|3|533",      // M 750..1999.99
        "12|1|750.00|0|Medium|5|1|3|513",
        "13|1|749.99|0|Medium|5|1|2|512",
        "14|1|200.00|0|Low|5|1|2|512",
        "15|1|199.99|0|Low|5|1|1|511",
        "16|2|2000.00|0|Medium|5|2|4|524",
        "17|1|100.00|89|Low|4|1|1|411",
        "18|1|100.00|90|Low|4|1|1|411"));
    assertThat(Rows.one(spec, "select rfm_total from mart.customer_segments where customer_id = 1"), equalTo("14"));
  }

  @Test
  void churnIsNoRevenueOrderInTheNinetyDaysEndingOnTheAsOfDate() throws Exception {
    assertThat(Rows.lines(spec, """
        select customer_id, recency_days, is_churned from mart.customer_features
        where customer_id in (17, 18, 7) order by customer_id"""),
        contains("7|365|true", "17|89|false", "18|90|true"));
    // Four orders on consecutive days: 3 days over 3 gaps.
    assertThat(Rows.one(spec, "select mean_days_between_orders || '|' || tenure_days || '|' || frequency"
        + " from mart.customer_features where customer_id = 3"), equalTo("1.00|93|4"));
  }

  @Test
  void thresholdsComeFromTheReferenceTablesNotFromTheSql() throws Exception {
    try (TestDatabase.Copy copied = db.copy()) {
      ConnectionSpec copy = copied.spec();
      Sql.exec(copy, "update ref.customer_segments set min_net_revenue = 9999.99 where segment = 'VIP'");
      Sql.exec(copy, "update ref.mart_settings set value = '30' where key = 'churn_inactive_days'");
      ModelRunner.build(copy, "b2", List.of("customer_segments", "customer_features"), true);
      assertThat(Rows.one(copy, "select segment from mart.customer_segments where customer_id = 2"), equalTo("VIP"));
      // Customer 1 last bought 30 days before the as-of date: churned at 30 days, not at 90.
      assertThat(Rows.lines(spec, "select customer_id || ':' || is_churned from mart.customer_features"
          + " where customer_id in (1, 12) order by customer_id"), contains("1:false", "12:false"));
      assertThat(Rows.lines(copy, "select customer_id || ':' || is_churned from mart.customer_features"
          + " where customer_id in (1, 12) order by customer_id"), contains("1:true", "12:false"));
    }
  }

  @Test
  void whenTheAsOfDateMovesTheUntouchedBuyersAgeAsAFullRefreshWouldHaveThem() throws Exception {
    try (TestDatabase.Copy copied = db.copy()) {
      ConnectionSpec copy = copied.spec();
      // A first order of customer 19 the next day, as fact_orders would record it: the as-of date
      // moves to 2025-02-01 and no other customer's orders change.
      Sql.exec(copy, """
          insert into core.fact_orders (source_system, order_id, customer_id, customer_key, order_date_key, order_date,
            order_month, order_ts, status, is_revenue, is_failed, line_count, units, items_gross, discount_total,
            items_net, tax_total, shipping_fee, order_total, run_id)
          values ('shop', 1901, 19, -1, 20250201, '2025-02-01', '2025-02-01', '2025-02-01', 'delivered', true, false,
                  1, 1, 50.00, 0, 50.00, 0, 0, 50.00, 'fixture2');
          insert into ctl.build_changes (run_id, model, kind, source_system, entity_id)
          values ('b2', 'fact_orders', 'customer', 'shop', 19);
          insert into ctl.build_changes (run_id, model, kind, day) values ('b2', 'fact_orders', 'date', '2025-02-01')""");
      ModelRunner.build(copy, "b2", List.of("customer_segments", "customer_features"), false);
      String segments = "select customer_id, as_of_date, revenue_orders, net_revenue, last_order_date, recency_days,"
          + " segment, segment_rank, r_score, f_score, m_score, rfm_cell, rfm_total from mart.customer_segments order by 1";
      String features = "select customer_id, as_of_date, first_order_date, last_order_date, recency_days, tenure_days,"
          + " frequency, monetary, is_churned from mart.customer_features order by 1";
      List<String> incrementalSegments = Rows.lines(copy, segments);
      List<String> incrementalFeatures = Rows.lines(copy, features);
      // One day older: customers 1 and 3 cross a recency band, 17 crosses the churn line.
      assertThat(Rows.lines(copy, "select customer_id || '|' || recency_days || '|' || r_score || '|' || rfm_cell"
          + " from mart.customer_segments where customer_id in (1, 3, 19) order by customer_id"),
          contains("1|31|4|445", "3|91|3|335", "19|0|5|511"));
      assertThat(Rows.lines(copy, "select customer_id || '|' || recency_days || '|' || is_churned"
          + " from mart.customer_features where customer_id in (17, 18) order by customer_id"),
          contains("17|90|true", "18|91|true"));
      ModelRunner.build(copy, "full", List.of("customer_segments", "customer_features"), true);
      assertThat(Rows.lines(copy, segments), equalTo(incrementalSegments));
      assertThat(Rows.lines(copy, features), equalTo(incrementalFeatures));
    }
  }
}
