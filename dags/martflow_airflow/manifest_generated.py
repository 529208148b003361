"""GENERATED from manifest.yml by dags/martflow_airflow/manifest.py -- do not edit.

Regenerate with `python dags/martflow_airflow/manifest.py`; dags/tests/test_manifest.py fails
when this file is out of date. The DAGs import it so that parsing them reads no file.
"""

from martflow_airflow.manifest import Domain, Model, QualityCheck

MANIFEST_SHA256 = "84a0c67ca4592fb6ba72ffb47303437a6f6e3fca82bff5337e05862505dc6464"

DOMAINS: tuple[Domain, ...] = (
    Domain(name='customers', pipeline='io.martflow.pipelines.customers.CustomersPipeline', stage_table='stage.tmp_customers', dw_table='dw.tb_customers'),
    Domain(name='products', pipeline='io.martflow.pipelines.products.ProductsPipeline', stage_table='stage.tmp_products', dw_table='dw.tb_products'),
    Domain(name='orders', pipeline='io.martflow.pipelines.orders.OrdersPipeline', stage_table='stage.tmp_orders', dw_table='dw.tb_orders'),
    Domain(name='order_items', pipeline='io.martflow.pipelines.orderitems.OrderItemsPipeline', stage_table='stage.tmp_order_items', dw_table='dw.tb_order_items'),
)

# In build order; depends_on becomes the edges of the core and marts task groups.
MODELS: tuple[Model, ...] = (
    Model(name='dim_date', file='core/dim_date.sql', layer='core', depends_on=()),
    Model(name='dim_customer', file='core/dim_customer.sql', layer='core', depends_on=()),
    Model(name='dim_product', file='core/dim_product.sql', layer='core', depends_on=()),
    Model(name='fact_orders', file='core/fact_orders.sql', layer='core', depends_on=('dim_customer',)),
    Model(name='fact_order_items', file='core/fact_order_items.sql', layer='core', depends_on=('dim_customer', 'dim_product')),
    Model(name='daily_sales', file='marts/daily_sales.sql', layer='marts', depends_on=('dim_date', 'fact_orders')),
    Model(name='monthly_sales', file='marts/monthly_sales.sql', layer='marts', depends_on=('dim_date', 'fact_orders')),
    Model(name='customer_ltv', file='marts/customer_ltv.sql', layer='marts', depends_on=('dim_customer', 'fact_orders')),
    Model(name='customer_segments', file='marts/customer_segments.sql', layer='marts', depends_on=('dim_customer', 'fact_orders')),
    Model(name='product_performance', file='marts/product_performance.sql', layer='marts', depends_on=('dim_product', 'fact_order_items')),
    Model(name='category_performance', file='marts/category_performance.sql', layer='marts', depends_on=('dim_product', 'fact_orders', 'fact_order_items')),
    Model(name='cohort_retention', file='marts/cohort_retention.sql', layer='marts', depends_on=('dim_customer', 'fact_orders')),
    Model(name='customer_report_datamart', file='marts/customer_report_datamart.sql', layer='marts', depends_on=('dim_customer', 'fact_orders')),
    Model(name='customer_features', file='marts/customer_features.sql', layer='marts', depends_on=('dim_customer', 'fact_orders')),
)

QUALITY: tuple[QualityCheck, ...] = (
    QualityCheck(name='reconciliation_rows_in', file='quality/reconciliation_rows_in.sql', severity='error'),
    QualityCheck(name='reconciliation_published', file='quality/reconciliation_published.sql', severity='error'),
    QualityCheck(name='keys_dw_customers', file='quality/keys_dw_customers.sql', severity='error'),
    QualityCheck(name='keys_dw_products', file='quality/keys_dw_products.sql', severity='error'),
    QualityCheck(name='keys_dw_orders', file='quality/keys_dw_orders.sql', severity='error'),
    QualityCheck(name='keys_dw_order_items', file='quality/keys_dw_order_items.sql', severity='error'),
    QualityCheck(name='relationships_dw_order_items_orders', file='quality/relationships_dw_order_items_orders.sql', severity='error'),
    QualityCheck(name='relationships_dw_orders_customers', file='quality/relationships_dw_orders_customers.sql', severity='warn'),
    QualityCheck(name='relationships_dw_order_items_products', file='quality/relationships_dw_order_items_products.sql', severity='warn'),
    QualityCheck(name='accepted_values_dw_customers', file='quality/accepted_values_dw_customers.sql', severity='error'),
    QualityCheck(name='accepted_values_dw_products', file='quality/accepted_values_dw_products.sql', severity='error'),
    QualityCheck(name='accepted_values_dw_orders', file='quality/accepted_values_dw_orders.sql', severity='error'),
    QualityCheck(name='accepted_values_dw_order_items', file='quality/accepted_values_dw_order_items.sql', severity='error'),
    QualityCheck(name='invariants_dw_order_items', file='quality/invariants_dw_order_items.sql', severity='error'),
    QualityCheck(name='invariants_dw_orders', file='quality/invariants_dw_orders.sql', severity='error'),
    QualityCheck(name='invariants_dw_orders_sum_of_lines', file='quality/invariants_dw_orders_sum_of_lines.sql', severity='error'),
    QualityCheck(name='invariants_dw_products', file='quality/invariants_dw_products.sql', severity='error'),
    QualityCheck(name='keys_core_dim_date', file='quality/keys_core_dim_date.sql', severity='error'),
    QualityCheck(name='keys_core_dim_customer', file='quality/keys_core_dim_customer.sql', severity='error'),
    QualityCheck(name='keys_core_dim_product', file='quality/keys_core_dim_product.sql', severity='error'),
    QualityCheck(name='keys_core_fact_orders', file='quality/keys_core_fact_orders.sql', severity='error'),
    QualityCheck(name='keys_core_fact_order_items', file='quality/keys_core_fact_order_items.sql', severity='error'),
    QualityCheck(name='relationships_core_facts_dims', file='quality/relationships_core_facts_dims.sql', severity='error'),
    QualityCheck(name='reconciliation_facts', file='quality/reconciliation_facts.sql', severity='error'),
    QualityCheck(name='reconciliation_daily_sales', file='quality/reconciliation_daily_sales.sql', severity='error'),
    QualityCheck(name='accepted_values_mart_customer_segments', file='quality/accepted_values_mart_customer_segments.sql', severity='error'),
    QualityCheck(name='freshness', file='quality/freshness.sql', severity='warn'),
    QualityCheck(name='volume_anomalies', file='quality/volume_anomalies.sql', severity='warn'),
)
