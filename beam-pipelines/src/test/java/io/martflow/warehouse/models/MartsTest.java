package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every mart on the small hand-made shop (fixtures/marts/small_r1.sql, small_r2.sql), with the
 * expected rows worked out by hand below. Tax is 10 %, shipping 5.00 per order, time zone UTC.
 *
 * <pre>
 * customers  1 DE, moves to FR 2024-03-01    2 US              3 GB, deleted 2024-04-01
 *            4 CA, created 2024-05-01 (after its order)        5 US, never orders
 * products   1 Computers 1000.00 in stock 50; 900.00 low stock 5 from 2024-03-15
 *            2 Cookware 20.00 stock 100       3 Audio 30.00 stock 40; Computers from 2024-04-10
 *            4 Cookware 50.00, deleted in the source 2024-04-15  5 Audio out of stock
 *            6 Audio discontinued
 * orders     net / total  (total = net + 10 % tax + 5.00 shipping)
 *  1 C1 2024-02-10 delivered  P1 x1 1000.00 + P2 x2 20.00         1040.00 / 1149.00
 *  3 C2 2024-02-10 paid       P1 x1 1000.00 - 100.00 + P3 x1 30.00  930.00 / 1028.00
 *  4 C2 2024-02-11 cancelled  P2 x3 20.00                           60.00 /   71.00
 *  2 C1 2024-03-05 shipped    P2 x1 20.00                           20.00 /   27.00
 *  5 C3 2024-03-20 delivered  P4 x1 50.00 + P1 x1 900.00           950.00 / 1050.00
 *  8 C1 2024-04-01 delivered  P2 x5 20.00   (deleted in the source)
 *  6 C4 2024-04-20 delivered  P3 x2 30.00                           60.00 /   71.00
 *  7 C2 2024-04-25 payment_failed  P1 x1 900.00                    900.00 /  995.00
 *  9 C2 2024-06-30 delivered  P2 x2 20.00                           40.00 /   49.00
 * </pre>
 */
class MartsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private static ConnectionSpec spec;

  @BeforeAll
  static void buildTheSmallShop() throws Exception {
    spec = db.spec();
    MartFixtures.smallShop(spec);
    MartFixtures.build(spec, "b1", false);
  }

  @Test
  void dailySalesCountsEveryLiveOrderAndRevenueOfRevenueOrdersOnly() throws Exception {
    assertThat(Rows.lines(spec, """
        select order_date, day_of_week, is_weekend, orders, revenue_orders, failed_orders, cancelled_orders,
               returned_orders, customers, units, gross_sales, discounts, net_revenue, tax, shipping, total_sales,
               avg_order_value
        from mart.daily_sales order by order_date"""), contains(
        // orders 1 and 3 on a Saturday: 1040 + 930 net, 104 + 93 tax, 2 x 5.00 shipping
        "2024-02-10|6|true|2|2|0|0|0|2|5|2070.00|100.00|1970.00|197.00|10.00|2177.00|985.00",
        // order 4 cancelled: counted, no revenue
        "2024-02-11|7|true|1|0|0|1|0|0|0|0.00|0.00|0.00|0.00|0.00|0.00|null",
        "2024-03-05|2|false|1|1|0|0|0|1|1|20.00|0.00|20.00|2.00|5.00|27.00|20.00",
        // order 5 of customer 3 (deleted later): a sale that happened stays in the sales marts
        "2024-03-20|3|false|1|1|0|0|0|1|2|950.00|0.00|950.00|95.00|5.00|1050.00|950.00",
        // no 2024-04-01: order 8 is deleted
        "2024-04-20|6|true|1|1|0|0|0|1|2|60.00|0.00|60.00|6.00|5.00|71.00|60.00",
        "2024-04-25|4|false|1|0|1|0|0|0|0|0.00|0.00|0.00|0.00|0.00|0.00|null",
        "2024-06-30|7|true|1|1|0|0|0|1|2|40.00|0.00|40.00|4.00|5.00|49.00|40.00"));
  }

  @Test
  void monthlySalesWithGrowthAgainstThePreviousCalendarMonth() throws Exception {
    assertThat(Rows.lines(spec, """
        select month_start, year_month, days_with_orders, orders, revenue_orders, failed_orders, cancelled_orders,
               customers, units, net_revenue, tax, total_sales, avg_order_value, prev_month_net_revenue,
               net_revenue_growth_pct
        from mart.monthly_sales order by month_start"""), contains(
        "2024-02-01|2024-02|2|3|2|0|1|2|5|1970.00|197.00|2177.00|985.00|null|null",
        // (970 - 1970) / 1970 = -50.76 %
        "2024-03-01|2024-03|2|2|2|0|0|2|3|970.00|97.00|1077.00|485.00|1970.00|-50.76",
        // (60 - 970) / 970 = -93.81 %
        "2024-04-01|2024-04|2|2|1|1|0|1|2|60.00|6.00|71.00|60.00|970.00|-93.81",
        // May had no order: no May row, and June has no previous month to compare with
        "2024-06-01|2024-06|1|1|1|0|0|1|2|40.00|4.00|49.00|40.00|null|null"));
  }

  @Test
  void customerLtvCoversLiveCustomersWithOrWithoutOrders() throws Exception {
    assertThat(Rows.lines(spec, """
        select customer_id, country, first_order_date, last_order_date, orders, revenue_orders, failed_orders,
               units, gross_sales, discounts, net_revenue, tax, shipping, total_spent, avg_order_value, lifetime_days
        from mart.customer_ltv order by customer_id"""), contains(
        // orders 1 and 2 (8 is deleted); current country FR
        "1|FR|2024-02-10|2024-03-05|2|2|0|4|1060.00|0.00|1060.00|106.00|10.00|1176.00|530.00|24",
        // orders 3, 4 (cancelled), 7 (failed), 9: revenue 930 + 40
        "2|US|2024-02-10|2024-06-30|4|2|1|4|1070.00|100.00|970.00|97.00|10.00|1077.00|485.00|141",
        // customer 3 is deleted: no row
        "4|CA|2024-04-20|2024-04-20|1|1|0|2|60.00|0.00|60.00|6.00|5.00|71.00|60.00|0",
        "5|US|null|null|0|0|0|0|0.00|0.00|0.00|0.00|0.00|0.00|null|null"));
    // The current version's key, also for customer 4 whose order predates every version.
    assertThat(Sql.count(spec, """
        select count(*) from mart.customer_ltv l
        join core.dim_customer d on d.customer_key = l.customer_key and d.is_current
                                and d.customer_id = l.customer_id"""), equalTo(4L));
  }

  @Test
  void customerSegmentsAndRfmScoresOfBuyersAtTheAsOfDate() throws Exception {
    // as of 2024-06-30 (order 9). Customer 1: 2 orders, 1060.00, last 2024-03-05 = 117 days ago:
    // Medium (>= 500), R 3 (91..180), F 2 (2), M 3 (750..1999.99). Customer 2: 970.00, 0 days: Medium,
    // R 5, F 2, M 3. Customer 4: 60.00 on 2024-04-20 = 71 days: Low, R 4, F 1, M 1.
    assertThat(Rows.lines(spec, """
        select customer_id, as_of_date, revenue_orders, net_revenue, last_order_date, recency_days, segment,
               segment_rank, r_score, f_score, m_score, rfm_cell, rfm_total
        from mart.customer_segments order by customer_id"""), contains(
        "1|2024-06-30|2|1060.00|2024-03-05|117|Medium|3|3|2|3|323|8",
        "2|2024-06-30|2|970.00|2024-06-30|0|Medium|3|5|2|3|523|10",
        "4|2024-06-30|1|60.00|2024-04-20|71|Low|4|4|1|1|411|6"));
  }

  @Test
  void productPerformanceOverTheWholeHistoryWithCurrentAttributes() throws Exception {
    assertThat(Rows.lines(spec, """
        select product_id, category, list_price, availability, stock_qty, is_discontinued, orders, customers,
               units_sold, gross_sales, discounts, net_revenue, avg_unit_net_price, non_revenue_units,
               first_sold_date, last_sold_date
        from mart.product_performance order by product_id"""), contains(
        // orders 1, 3 (-100.00 discount), 5 at 900.00; order 7 failed: 1 non-revenue unit
        "1|Computers|900.00|low_stock|5|false|3|3|3|2900.00|100.00|2800.00|933.3333|1|2024-02-10|2024-03-20",
        // orders 1 (2), 2 (1), 9 (2); order 4 cancelled (3 units); order 8 deleted
        "2|Cookware|20.00|in_stock|100|false|3|2|5|100.00|0.00|100.00|20.0000|3|2024-02-10|2024-06-30",
        "3|Computers|30.00|in_stock|40|false|2|2|3|90.00|0.00|90.00|30.0000|0|2024-02-10|2024-04-20",
        // product 4 is deleted: no row
        "5|Audio|200.00|out_of_stock|0|false|0|0|0|0.00|0.00|0.00|null|0|null|null",
        "6|Audio|300.00|out_of_stock|0|true|0|0|0|0.00|0.00|0.00|null|0|null|null"));
  }

  @Test
  void categoryPerformanceSellsInTheCategoryAtOrderTimeAndCountsStockAtMonthEnd() throws Exception {
    // Inventory at month end, versions neither deleted nor discontinued (6 is discontinued):
    //   Feb: Computers P1 v1 (50); Cookware P2 + P4 (110); Audio P3 v1 (40) + P5 out of stock
    //   Mar: Computers P1 v2 low stock (5); Cookware P2 + P4; Audio still P3 v1 (moved 2024-04-10)
    //   Apr-Jun: Computers P1 v2 + P3 v2 (45, 1 low); Cookware P2 only (P4 deleted 2024-04-15);
    //            Audio P5 only (0, 1 out of stock)
    // Days of cover = stock / (units sold / days in period); June is the as-of month: 30 days.
    assertThat(Rows.lines(spec, """
        select month_start, category, department, orders, customers, units_sold, gross_sales, discounts,
               net_revenue, active_products, out_of_stock_products, low_stock_products, stock_on_hand,
               days_in_period, avg_daily_units, days_of_cover
        from mart.category_performance order by month_start, category"""), contains(
        "2024-02-01|Audio|Electronics|1|1|1|30.00|0.00|30.00|2|1|0|40|29|0.03|1160.0",
        "2024-02-01|Computers|Electronics|2|2|2|2000.00|100.00|1900.00|1|0|0|50|29|0.07|725.0",
        "2024-02-01|Cookware|Home & Kitchen|1|1|2|40.00|0.00|40.00|2|0|0|110|29|0.07|1595.0",
        "2024-03-01|Audio|Electronics|0|0|0|0.00|0.00|0.00|2|1|0|40|31|0.00|null",
        "2024-03-01|Computers|Electronics|1|1|1|900.00|0.00|900.00|1|0|1|5|31|0.03|155.0",
        // product 4 sold in March, before its deletion; its sale stays after it
        "2024-03-01|Cookware|Home & Kitchen|2|2|2|70.00|0.00|70.00|2|0|0|110|31|0.06|1705.0",
        "2024-04-01|Audio|Electronics|0|0|0|0.00|0.00|0.00|1|1|0|0|30|0.00|null",
        // order 6 bought product 3 after it moved to Computers
        "2024-04-01|Computers|Electronics|1|1|2|60.00|0.00|60.00|2|0|1|45|30|0.07|675.0",
        "2024-04-01|Cookware|Home & Kitchen|0|0|0|0.00|0.00|0.00|1|0|0|100|30|0.00|null",
        "2024-05-01|Audio|Electronics|0|0|0|0.00|0.00|0.00|1|1|0|0|31|0.00|null",
        "2024-05-01|Computers|Electronics|0|0|0|0.00|0.00|0.00|2|0|1|45|31|0.00|null",
        "2024-05-01|Cookware|Home & Kitchen|0|0|0|0.00|0.00|0.00|1|0|0|100|31|0.00|null",
        "2024-06-01|Audio|Electronics|0|0|0|0.00|0.00|0.00|1|1|0|0|30|0.00|null",
        "2024-06-01|Computers|Electronics|0|0|0|0.00|0.00|0.00|2|0|1|45|30|0.00|null",
        "2024-06-01|Cookware|Home & Kitchen|1|1|2|40.00|0.00|40.00|1|0|0|100|30|0.07|1500.0"));
  }

  @Test
  void cohortRetentionOfLiveBuyersUpToTheLatestMonth() throws Exception {
    // Cohort 2024-02: customers 1 (Feb, Mar) and 2 (Feb, Jun). Cohort 2024-04: customer 4 (Apr).
    // Customer 3 is deleted. The grid runs to June, the latest month with an order.
    assertThat(Rows.lines(spec, """
        select cohort_month, months_since, activity_month, cohort_size, active_customers, retention_rate,
               revenue_orders, net_revenue
        from mart.cohort_retention order by cohort_month, months_since"""), contains(
        "2024-02-01|0|2024-02-01|2|2|1.0000|2|1970.00",
        "2024-02-01|1|2024-03-01|2|1|0.5000|1|20.00",
        "2024-02-01|2|2024-04-01|2|0|0.0000|0|0.00",
        "2024-02-01|3|2024-05-01|2|0|0.0000|0|0.00",
        "2024-02-01|4|2024-06-01|2|1|0.5000|1|40.00",
        "2024-04-01|0|2024-04-01|1|1|1.0000|1|60.00",
        "2024-04-01|1|2024-05-01|1|0|0.0000|0|0.00",
        "2024-04-01|2|2024-06-01|1|0|0.0000|0|0.00"));
  }

  @Test
  void customerReportDatamartHasOneRowPerActiveMonthWithRunningTotals() throws Exception {
    assertThat(Rows.lines(spec, """
        select customer_id, month_start, country, orders, revenue_orders, failed_orders, units, net_revenue,
               total_spent, avg_order_value, cumulative_revenue_orders, cumulative_net_revenue, first_order_month,
               months_since_first_order, is_first_order_month, previous_order_month, months_since_previous_order
        from mart.customer_report_datamart order by customer_id, month_start"""), contains(
        "1|2024-02-01|FR|1|1|0|3|1040.00|1149.00|1040.00|1|1040.00|2024-02-01|0|true|null|null",
        "1|2024-03-01|FR|1|1|0|1|20.00|27.00|20.00|2|1060.00|2024-02-01|1|false|2024-02-01|1",
        // February: order 3 and the cancelled order 4
        "2|2024-02-01|US|2|1|0|2|930.00|1028.00|930.00|1|930.00|2024-02-01|0|true|null|null",
        // April: only the failed order 7
        "2|2024-04-01|US|1|0|1|0|0.00|0.00|null|1|930.00|2024-02-01|2|false|2024-02-01|2",
        "2|2024-06-01|US|1|1|0|2|40.00|49.00|40.00|2|970.00|2024-02-01|4|false|2024-04-01|2",
        "4|2024-04-01|CA|1|1|0|2|60.00|71.00|60.00|1|60.00|2024-04-01|0|true|null|null"));
    // The first load recomputed every customer with an order (1 to 4) and recorded its load date.
    assertThat(Rows.lines(spec, "select run_id, customers_recomputed from ctl.load_dates_customer_report_datamart"),
        contains("b1|4"));
  }

  @Test
  void customerFeaturesAreMeasuredAtTheAsOfDateWithA90DayChurnLabel() throws Exception {
    // as of 2024-06-30. Customer 1: last order 117 days before: churned. Customer 2: discounts
    // 100 / gross 1070 = 0.0935; orders 2024-02-10 and 2024-06-30: 141 days apart.
    assertThat(Rows.lines(spec, """
        select customer_id, as_of_date, country, first_order_date, last_order_date, recency_days, frequency,
               monetary, avg_order_value, tenure_days, mean_days_between_orders, months_active,
               avg_units_per_order, discount_rate, orders, failed_orders, is_churned
        from mart.customer_features order by customer_id"""), contains(
        "1|2024-06-30|FR|2024-02-10|2024-03-05|117|2|1060.00|530.00|141|24.00|2|2.00|0.0000|2|0|true",
        "2|2024-06-30|US|2024-02-10|2024-06-30|0|2|970.00|485.00|141|141.00|2|2.00|0.0935|4|1|false",
        "4|2024-06-30|CA|2024-04-20|2024-04-20|71|1|60.00|60.00|71|null|1|2.00|0.0000|1|0|false"));
  }

  @Test
  void deletedOrdersCustomersAndProductsAreExcludedTheSameWayEverywhere() throws Exception {
    // Order 8 (deleted) is in no fact and no mart.
    assertThat(Sql.count(spec, "select count(*) from core.fact_orders where order_id = 8"), equalTo(0L));
    assertThat(Sql.count(spec, "select count(*) from core.fact_order_items where order_id = 8"), equalTo(0L));
    assertThat(Sql.count(spec, "select count(*) from mart.daily_sales where order_date = '2024-04-01'"),
        equalTo(0L));
    // Customer 3 (deleted) is in no customer mart; its order 5 stays a sale.
    for (String mart : new String[] {"customer_ltv", "customer_segments", "customer_features",
        "customer_report_datamart"}) {
      assertThat(mart, Sql.count(spec, "select count(*) from mart." + mart + " where customer_id = 3"), equalTo(0L));
    }
    assertThat(Sql.count(spec, "select sum(cohort_size) from mart.cohort_retention where months_since = 0"),
        equalTo(3L));
    assertThat(Sql.count(spec, "select count(*) from core.fact_orders where order_id = 5"), equalTo(1L));
    // Product 4 (deleted on 2024-04-15): no product row; its March sale stays in Cookware's revenue
    // (70.00) and its stock counts until its deletion, not after.
    assertThat(Rows.lines(spec, "select * from mart.product_performance where product_id = 4"), empty());
    assertThat(Rows.lines(spec, """
        select month_start, net_revenue, active_products from mart.category_performance
        where category = 'Cookware' and month_start in ('2024-03-01', '2024-04-01') order by 1"""),
        contains("2024-03-01|70.00|2", "2024-04-01|0.00|1"));
    // The dimensions keep deleted members, flagged, for the facts that point to them.
    assertThat(Rows.lines(spec, """
        select customer_id, is_deleted from core.dim_customer where customer_id = 3 order by valid_from"""),
        contains("3|false", "3|true"));
  }
}
