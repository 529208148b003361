package io.martflow.warehouse.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import io.martflow.warehouse.ConnectionSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The star schema on the small hand-made shop of MartsTest (its javadoc lists the rows). */
class CoreModelsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  private static ConnectionSpec spec;

  @BeforeAll
  static void buildTheSmallShop() throws Exception {
    spec = db.spec();
    MartFixtures.smallShop(spec);
    MartFixtures.build(spec, "b1", false);
  }

  @Test
  void dimDateCoversTwoThousandToTwentyFortyDayByDay() throws Exception {
    // 41 years of 365 days plus 11 leap days (2000, 2004, ..., 2040).
    assertThat(Rows.one(spec, "select count(*) || '|' || min(date_day) || '|' || max(date_day) from core.dim_date"),
        equalTo("14976|2000-01-01|2040-12-31"));
    assertThat(Sql.count(spec, "select count(distinct date_key) from core.dim_date"), equalTo(14976L));
  }

  @Test
  void dimDateHasIsoWeeksMonthsQuartersAndWeekends() throws Exception {
    assertThat(Rows.lines(spec, """
        select date_key, year, quarter, month, month_name, day_of_month, day_of_week, day_name, iso_year,
               iso_week, iso_year_week, year_month, week_start_date, month_start_date, month_end_date,
               quarter_start_date, is_weekend, is_month_end
        from core.dim_date
        where date_day in ('2024-08-15', '2024-12-30', '2021-01-03', '2024-02-29', '2024-03-31')
        order by date_day"""), contains(
        // a Sunday that belongs to ISO week 53 of 2020
        "20210103|2021|1|1|January|3|7|Sunday|2020|53|2020-W53|2021-01|2020-12-28|2021-01-01|2021-01-31|2021-01-01|true|false",
        "20240229|2024|1|2|February|29|4|Thursday|2024|9|2024-W09|2024-02|2024-02-26|2024-02-01|2024-02-29|2024-01-01|false|true",
        "20240331|2024|1|3|March|31|7|Sunday|2024|13|2024-W13|2024-03|2024-03-25|2024-03-01|2024-03-31|2024-01-01|true|true",
        "20240815|2024|3|8|August|15|4|Thursday|2024|33|2024-W33|2024-08|2024-08-12|2024-08-01|2024-08-31|2024-07-01|false|false",
        // a Monday that belongs to ISO week 1 of 2025
        "20241230|2024|4|12|December|30|1|Monday|2025|1|2025-W01|2024-12|2024-12-30|2024-12-01|2024-12-31|2024-10-01|false|false"));
    assertThat(Sql.count(spec, "select count(*) from core.dim_date where is_weekend"),
        equalTo(Sql.count(spec, "select count(*) from core.dim_date where day_of_week in (6, 7)")));
  }

  @Test
  void dimCustomerHasEveryVersionWithItsSurrogateKeyAndAnUnknownMember() throws Exception {
    assertThat(Rows.lines(spec, """
        select customer_id, country, (valid_from at time zone 'UTC')::date::text, (valid_to at time zone 'UTC')::date::text,
               is_current, is_deleted
        from core.dim_customer where not is_unknown order by customer_id, valid_from"""), contains(
        "1|DE|2024-01-01|2024-03-01|false|false",
        "1|FR|2024-03-01|infinity|true|false",
        "2|US|2024-01-15|infinity|true|false",
        "3|GB|2024-02-01|2024-04-01|false|false",
        "3|GB|2024-04-01|infinity|true|true",
        "4|CA|2024-05-01|infinity|true|false",
        "5|US|2024-02-10|infinity|true|false"));
    // Keys are dw's deterministic surrogate keys.
    assertThat(Sql.count(spec, """
        select count(*) from core.dim_customer d join dw.tb_customers c on c.customer_sk = d.customer_key
        where c.valid_from = d.valid_from and c.customer_id = d.customer_id"""), equalTo(7L));
    assertThat(Rows.one(spec, """
        select customer_key || '|' || full_name || '|' || valid_from || '|' || valid_to
        from core.dim_customer where is_unknown"""), equalTo("-1|Unknown|-infinity|infinity"));
  }

  @Test
  void dimProductHasEveryVersionAndAnUnknownMember() throws Exception {
    assertThat(Rows.lines(spec, """
        select product_id, category, list_price, availability, stock_qty, (valid_from at time zone 'UTC')::date::text, is_current, is_deleted
        from core.dim_product where not is_unknown order by product_id, valid_from"""), contains(
        "1|Computers|1000.00|in_stock|50|2024-01-01|false|false",
        "1|Computers|900.00|low_stock|5|2024-03-15|true|false",
        "2|Cookware|20.00|in_stock|100|2024-01-01|true|false",
        "3|Audio|30.00|in_stock|40|2024-01-01|false|false",
        "3|Computers|30.00|in_stock|40|2024-04-10|true|false",
        "4|Cookware|50.00|in_stock|10|2024-01-01|false|false",
        "4|Cookware|50.00|in_stock|10|2024-04-15|true|true",    // deleted from the source
        "5|Audio|200.00|out_of_stock|0|2024-01-01|true|false",
        "6|Audio|300.00|out_of_stock|0|2024-01-01|true|false"));
    assertThat(Rows.one(spec, "select product_key || '|' || category from core.dim_product where is_unknown"),
        equalTo("-1|Unknown"));
  }

  @Test
  void factOrdersPointToTheCustomerVersionValidWhenTheOrderWasPlaced() throws Exception {
    assertThat(Rows.lines(spec, """
        select f.order_id, f.customer_id, coalesce(d.country, 'none'), f.customer_key = -1, f.order_date_key,
               f.order_month, f.status, f.is_revenue, f.items_net, f.order_total
        from core.fact_orders f left join core.dim_customer d on d.customer_key = f.customer_key and not d.is_unknown
        order by f.order_id"""), contains(
        "1|1|DE|false|20240210|2024-02-01|delivered|true|1040.00|1149.00",   // before the move on 2024-03-01
        "2|1|FR|false|20240305|2024-03-01|shipped|true|20.00|27.00",         // after it
        "3|2|US|false|20240210|2024-02-01|paid|true|930.00|1028.00",
        "4|2|US|false|20240211|2024-02-01|cancelled|false|60.00|71.00",
        "5|3|GB|false|20240320|2024-03-01|delivered|true|950.00|1050.00",    // the version before the delete
        "6|4|none|true|20240420|2024-04-01|delivered|true|60.00|71.00",     // customer 4 created after it: unknown
        "7|2|US|false|20240425|2024-04-01|payment_failed|false|900.00|995.00",
        "9|2|US|false|20240630|2024-06-01|delivered|true|40.00|49.00"));
    assertThat(Rows.one(spec, """
        select d.is_deleted from core.fact_orders f join core.dim_customer d on d.customer_key = f.customer_key
        where f.order_id = 5"""), equalTo("false"));
  }

  @Test
  void factOrderItemsPointToTheProductVersionValidWhenTheOrderWasPlaced() throws Exception {
    assertThat(Rows.lines(spec, """
        select l.order_id, l.line_no, l.product_id, p.list_price, p.category, c.country, l.order_status,
               l.is_revenue, l.net_amount
        from core.fact_order_items l
        join core.dim_product p on p.product_key = l.product_key
        join core.dim_customer c on c.customer_key = l.customer_key
        order by l.order_id, l.line_no"""), contains(
        "1|1|1|1000.00|Computers|DE|delivered|true|1000.00",
        "1|2|2|20.00|Cookware|DE|delivered|true|40.00",
        "2|1|2|20.00|Cookware|FR|shipped|true|20.00",
        "3|1|1|1000.00|Computers|US|paid|true|900.00",   // price version of February
        "3|2|3|30.00|Audio|US|paid|true|30.00",          // category before the move
        "4|1|2|20.00|Cookware|US|cancelled|false|60.00",
        "5|1|4|50.00|Cookware|GB|delivered|true|50.00",
        "5|2|1|900.00|Computers|GB|delivered|true|900.00", // price version from 2024-03-15
        "6|1|3|30.00|Computers|null|delivered|true|60.00", // category after the move; unknown customer
        "7|1|1|900.00|Computers|US|payment_failed|false|900.00",
        "9|1|2|20.00|Cookware|US|delivered|true|40.00"));
  }

  @Test
  void revenueIsDecidedOnceByStatusInRefOrderStatuses() throws Exception {
    assertThat(Rows.lines(spec, "select status from ref.order_statuses where is_revenue"),
        containsInAnyOrder("paid", "processing", "shipped", "delivered"));
    assertThat(Rows.lines(spec, "select status from ref.order_statuses where not is_revenue"),
        containsInAnyOrder("pending", "cancelled", "returned", "refunded", "payment_failed"));
    assertThat(Sql.count(spec, """
        select count(*) from core.fact_orders f join ref.order_statuses s on s.status = f.status
        where f.is_revenue <> s.is_revenue"""), equalTo(0L));
  }
}
