"""GENERATED from manifest.yml by dags/martflow_airflow/manifest.py -- do not edit.

Regenerate with `python dags/martflow_airflow/manifest.py`; dags/tests/test_manifest.py fails
when this file is out of date. The DAGs import it so that parsing them reads no file.
"""

from martflow_airflow.manifest import Domain, Model, QualityCheck

MANIFEST_SHA256 = "762a0ae266a1117b1fd2a4b5d8d493d92a68179f8fc2069ac843d7f44cbbeca2"

DOMAINS: tuple[Domain, ...] = (
    Domain(name='customers', pipeline='io.martflow.pipelines.customers.CustomersPipeline', stage_table='stage.tmp_customers', dw_table='dw.tb_customers'),
    Domain(name='products', pipeline='io.martflow.pipelines.products.ProductsPipeline', stage_table='stage.tmp_products', dw_table='dw.tb_products'),
    Domain(name='orders', pipeline='io.martflow.pipelines.orders.OrdersPipeline', stage_table='stage.tmp_orders', dw_table='dw.tb_orders'),
    Domain(name='order_items', pipeline='io.martflow.pipelines.orderitems.OrderItemsPipeline', stage_table='stage.tmp_order_items', dw_table='dw.tb_order_items'),
)

# In build order; depends_on becomes the edges of the core and marts task groups.
MODELS: tuple[Model, ...] = (
)

QUALITY: tuple[QualityCheck, ...] = (
)
