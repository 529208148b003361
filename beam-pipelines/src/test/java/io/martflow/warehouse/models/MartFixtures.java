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
   * The state MartsTest checks: loads r1 and r2 of the small shop, then marks order 8 and product 4
   * deleted the way a full refresh marks rows gone from the source (a flag, no new run_id).
   */
  static void smallShop(ConnectionSpec db) throws Exception {
    installStagingHelpers(db);
    stageAndPublish(db, "fixtures/marts/small_r1.sql", "r1");
    stageAndPublish(db, "fixtures/marts/small_r2.sql", "r2");
    Sql.exec(db, "update dw.tb_orders set is_deleted = true where order_id = 8");
    Sql.exec(db, "update dw.tb_products set is_deleted = true where product_id = 4 and is_current");
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
