"""End to end with `airflow dags test` on a real Airflow 3.3.2, the built jar and a real PostgreSQL.

One warehouse (mf_dagtest) reads the generated source (mf_source) through Airflow connections whose
role has a password the server checks.
"""

from __future__ import annotations

import json
import pytest

from conftest import Airflow, Postgres
from martflow_airflow.manifest_generated import DOMAINS, MODELS

WAREHOUSE = "mf_dagtest"
DOMAIN_NAMES = [d.name for d in DOMAINS]
# Change timestamp column of each domain's source table (docs/demo-data.md, sql/source).
SOURCE_TABLES = {"customers": "shop.customers", "products": "shop.products", "orders": "shop.orders",
                 "order_items": "shop.order_items"}


@pytest.fixture(scope="module")
def setup(pg: Postgres, airflow: Airflow, source_db: str, secret_role, new_warehouse):
    user, password = secret_role
    new_warehouse(WAREHOUSE)
    env = airflow.warehouse_env(WAREHOUSE, source_db, user, password)
    return env, password


def dags_test(airflow: Airflow, env: dict, dag_id: str, date: str | None = None, conf: dict | None = None,
              log_name: str = "dags-test.log"):
    args = ["dags", "test", dag_id]
    if date:
        args.append(date)
    if conf:
        args += ["--conf", json.dumps(conf)]
    return airflow.cli(*args, extra_env=env, log_name=log_name, check=False)


def test_daily_run_loads_its_window(pg: Postgres, airflow: Airflow, setup, source_db):
    """`airflow dags test martflow_daily 2026-11-04`: the run's data interval is a whole day; every
    domain with changes in it is loaded, published and marked success; the password stays secret."""
    env, password = setup
    # A day outside test_backfill's 2026-11-01..03: the tests share Airflow's metadata database, and a
    # run already there for a backfill date would leave the backfill one run short, whatever the order.
    proc = dags_test(airflow, env, "martflow_daily", "2026-11-04", log_name="dags-test-daily.log")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    run = airflow.latest_run("martflow_daily")
    assert run["state"] == "success", run
    start, end = run["data_interval_start"], run["data_interval_end"]
    assert (end - start).days == 1 and start.hour == 0, "CronDataIntervalTimetable: a real [day, next day) interval"
    states = airflow.task_states("martflow_daily", run["run_id"])
    assert set(states.values()) == {"success"}, states

    run_id = run["run_id"]
    loads = dict(pg.query(WAREHOUSE, "select domain, count(*) from ctl.run_log where run_id = %s and step = 'load'"
                                     " and status = 'success' group by domain", (run_id,)))
    assert loads == {d: 1 for d in DOMAIN_NAMES}
    for domain, table in SOURCE_TABLES.items():
        (changed,) = pg.query(source_db, f"select count(*) from {table} where updated_at >= %s and updated_at < %s",
                              (start, end))[0]
        assert changed > 0, f"the generated source has {domain} changes on {start:%Y-%m-%d}"
        (published,) = pg.query(WAREHOUSE, f"select count(*) from dw.tb_{domain} where run_id = %s", (run_id,))[0]
        assert published > 0, f"dw.tb_{domain} holds rows of the run's window"
    # every customer version the run published changed inside the window (or its 10-minute overlap)
    (outside,) = pg.query(WAREHOUSE, "select count(*) from dw.tb_customers where run_id = %s and"
                                     " (updated_at >= %s or updated_at < %s - interval '10 minutes')",
                          (run_id, end, start))[0]
    assert outside == 0
    status = pg.query(WAREHOUSE, "select domain, status, watermark from ctl.tb_control_data_update where run_id = %s",
                      (run_id,))
    assert {(d, s, w) for d, s, w in status} == {(d, "success", end) for d in DOMAIN_NAMES}
    for m in MODELS:  # every model of the manifest was built by its task
        schema = "core" if m.layer == "core" else "mart"
        (rows,) = pg.query(WAREHOUSE, f"select count(*) from {schema}.{m.name}")[0]
        assert rows > 0, f"{schema}.{m.name} is empty after the run"
    if any(m.name == "daily_sales" for m in MODELS):  # the marts hold the run's day
        day = pg.query(WAREHOUSE, "select orders, order_date from mart.daily_sales where order_date = %s",
                       (start.date(),))
        ((fact_orders,),) = pg.query(WAREHOUSE, "select count(*) from core.fact_orders where order_date = %s",
                                     (start.date(),))
        assert day and day[0][0] > 0, f"mart.daily_sales has no row for {start:%Y-%m-%d}"
        assert fact_orders > 0

    log = proc.stdout + proc.stderr
    assert "--dbPasswordEnv=MARTFLOW_DB_PASSWORD" in log, "the pipelines get the password variable's name"
    assert password not in log, "the password never appears in a command line or a log"
    rendered = pg.query("airflow", "select task_id, rendered_fields::text from rendered_task_instance_fields"
                                   " where dag_id = 'martflow_daily' and run_id = %s", (run_id,))
    assert {t for t, _ in rendered} >= {f"load.{d}" for d in DOMAIN_NAMES}
    assert not [t for t, fields in rendered if password in fields], "no rendered field shows the password"


def test_no_new_data_short_circuits(pg: Postgres, airflow: Airflow, setup):
    """A day after the generated history: control_check exits 99, it and everything after it are skipped."""
    env, _ = setup
    proc = dags_test(airflow, env, "martflow_daily", "2026-11-21", log_name="dags-test-nothing-new.log")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    run = airflow.latest_run("martflow_daily")
    assert run["state"] == "success"
    states = airflow.task_states("martflow_daily", run["run_id"])
    assert set(states.values()) == {"skipped"}, states
    assert pg.query(WAREHOUSE, "select count(*) from ctl.run_log where run_id = %s and step = 'load'",
                    (run["run_id"],)) == [(0,)]
    marks = pg.query(WAREHOUSE, "select distinct status from ctl.tb_control_data_update where run_id = %s",
                     (run["run_id"],))
    assert marks == [("skipped",)], "an empty window is recorded as skipped"


def test_a_failure_marks_the_window_failed(pg: Postgres, airflow: Airflow, setup):
    """runner=DataflowRunner without Variable martflow_dataflow: the loads fail (no retry: configuration),
    the failure callback marks the window failed, the watermark does not move."""
    env, _ = setup
    proc = dags_test(airflow, env, "martflow_daily", "2026-11-05", conf={"runner": "DataflowRunner"},
                     log_name="dags-test-failure.log")
    run = airflow.latest_run("martflow_daily")
    assert run["state"] == "failed", run
    states = airflow.task_states("martflow_daily", run["run_id"])
    assert states["control_check"] == "success"
    assert {states[f"load.{d}"] for d in DOMAIN_NAMES} == {"failed"}
    assert states["control_update"] in ("upstream_failed", "skipped")
    rows = pg.query(WAREHOUSE, "select domain, status, error, watermark from ctl.tb_control_data_update"
                               " where run_id = %s", (run["run_id"],))
    assert {r[0] for r in rows} == set(DOMAIN_NAMES)
    for domain, status, error, watermark in rows:
        assert status == "failed" and "martflow_dataflow" in (error or ""), (domain, status, error)
        assert watermark is None
    assert "Variable martflow_dataflow" in proc.stdout + proc.stderr


def test_full_refresh_dag_reloads_everything(pg: Postgres, airflow: Airflow, setup, source_db):
    """martflow_full_refresh reads every source row of the selected domains and records the window from year 1."""
    env, _ = setup
    proc = dags_test(airflow, env, "martflow_full_refresh", conf={"domains": ["customers", "products"]},
                     log_name="dags-test-full-refresh.log")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    run = airflow.latest_run("martflow_full_refresh")
    assert run["state"] == "success", run
    states = airflow.task_states("martflow_full_refresh", run["run_id"])
    assert states["load.customers"] == states["load.products"] == "success"
    assert states["load.orders"] == states["load.order_items"] == "skipped", "domains param: a subset"
    ((read,),) = pg.query(WAREHOUSE, "select rows_read from ctl.run_log where run_id = %s and step = 'load'"
                                     " and domain = 'customers'", (run["run_id"],))
    ((source_rows,),) = pg.query(source_db, "select count(*) from shop.customers")
    assert read == source_rows, "a full refresh reads every source row"
    rows = pg.query(WAREHOUSE, "select domain, status, window_start from ctl.tb_control_data_update"
                               " where run_id = %s", (run["run_id"],))
    assert {(d, s, ws.year) for d, s, ws in rows} == {("customers", "success", 1), ("products", "success", 1)}
