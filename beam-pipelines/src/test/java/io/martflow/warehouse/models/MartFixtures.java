package io.martflow.warehouse.models;

import io.martflow.testing.Sql;
import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Manifest;
import io.martflow.warehouse.Publisher;
import java.util.List;

/**
 * The small hand-made shop of the model tests (fixtures/marts/*.sql): rows are staged as the
 * pipelines would stage them and published with the project's sql/publish files, so dw holds
 * exactly what production would make of them (SCD2 versions, type-1 updates in place).
 */
final class MartFixtures {
  private MartFixtures() {}

  /** Every core and mart relation the models fill, for checksums. */
  static final List<String> MODEL_RELATIONS = List.of(
      "core.dim_date", "core.dim_customer", "core.dim_product", "core.fact_orders", "core.fact_order_items",
      "mart.daily_sales", "mart.monthly_sales", "mart.customer_ltv", "mart.customer_segments",
      "mart.product_performance", "mart.category_performance", "mart.cohort_retention",
      "mart.customer_report_datamart", "mart.customer_features");

  /** The staging helpers (public.stage_customer, stage_product, stage_line, stage_order). */
  static void installStagingHelpers(ConnectionSpec db) throws Exception {
    Sql.runResource(db, "fixtures/marts/stage_functions.sql");
  }

  /** Stages a fixture file and publishes every domain under runId. */
  static void stageAndPublish(ConnectionSpec db, String resource, String runId) throws Exception {
    Sql.runResource(db, resource);
    publish(db, runId);
  }

  static void publish(ConnectionSpec db, String runId) throws Exception {
    for (Manifest.Domain d : Manifest.load().domains()) {
      Publisher.publish(db, d, runId, null);
    }
  }

  /**
   * The state MartsTest checks: loads r1 and r2 of the small shop, then deletes order 8 (a flag,
   * without a new run_id) and product 4 (on 2024-04-15: its version closes and a deleted one opens,
   * as sql/publish does for a key a full refresh no longer finds).
   */
  static void smallShop(ConnectionSpec db) throws Exception {
    installStagingHelpers(db);
    stageAndPublish(db, "fixtures/marts/small_r1.sql", "r1");
    stageAndPublish(db, "fixtures/marts/small_r2.sql", "r2");
    Sql.exec(db, "update dw.tb_orders set is_deleted = true where order_id = 8");
    Sql.runText(db, """
        create temporary table gone as select * from dw.tb_products where product_id = 4 and is_current;
        update dw.tb_products set valid_to = '2024-04-15', is_current = false where product_id = 4 and is_current;
        insert into dw.tb_products (product_sk, source_system, product_id, sku, name, category, subcategory, brand,
          list_price, cost, stock_qty, reorder_level, is_active, discontinued_at, created_at, updated_at, department,
          is_uncategorized, availability, is_discontinued, margin, margin_pct, is_deleted, valid_from, valid_to,
          is_current, row_hash, run_id)
        select dw.surrogate_key('shop|4|' || extract(epoch from timestamptz '2024-04-15')), source_system, product_id,
          sku, name, category, subcategory, brand, list_price, cost, stock_qty, reorder_level, is_active,
          discontinued_at, created_at, updated_at, department, is_uncategorized, availability, is_discontinued,
          margin, margin_pct, true, '2024-04-15', 'infinity', true, md5('deleted'), 'r2'
        from gone""");
  }

  /** The third load and two more source deletes (order 4, line 1 of order 1), as in IncrementalBuildTest. */
  static void smallShopThirdLoad(ConnectionSpec db) throws Exception {
    stageAndPublish(db, "fixtures/marts/small_r3.sql", "r3");
    Sql.exec(db, "update dw.tb_orders set is_deleted = true where order_id = 4");
    Sql.exec(db, "update dw.tb_order_items set is_deleted = true where order_id = 1 and line_no = 2");
  }

  static List<ModelRunner.ModelResult> build(ConnectionSpec db, String runId, boolean fullRefresh) throws Exception {
    return ModelRunner.build(db, runId, List.of(), fullRefresh);
  }
}
