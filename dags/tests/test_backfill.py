"""Backfill and per-domain rerun on a running Airflow 3.3.2: api-server, scheduler and dag-processor
(LocalExecutor) over the metadata database on the test PostgreSQL.

- `airflow backfill create --from-date 2026-11-01 --to-date 2026-11-03` gives three successful runs,
  and the warehouse they build equals one `martflow run --from 2026-11-01 --to 2026-11-03` into a
  second database (checksums of every dw/core/mart table, audit columns aside);
- clearing one domain's load task with downstream reruns that domain only (ctl.run_log), and the
  warehouse still equals the reference.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request

import pytest

from conftest import (BIN, WORK, Airflow, Postgres, Processes, free_port, martflow_command, martflow_env,
                      table_checksums, wait_for)
from martflow_airflow.manifest_generated import DOMAINS

WAREHOUSE, REFERENCE = "mf_backfill", "mf_reference"
FIRST, LAST = "2026-11-01", "2026-11-03"
DOMAIN_NAMES = [d.name for d in DOMAINS]
RUN_TIMEOUT = 1500


class Api:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str):
        with urllib.request.urlopen(self.base + path, timeout=30) as r:
            return json.loads(r.read())

    def post(self, path: str, body: dict):
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    def runs(self, dag_id: str) -> list[dict]:
        return self.get(f"/api/v2/dags/{dag_id}/dagRuns?limit=100")["dag_runs"]

    def task_instances(self, dag_id: str, run_id: str) -> dict[str, dict]:
        rows = self.get(f"/api/v2/dags/{dag_id}/dagRuns/{urllib.request.quote(run_id, safe='')}/taskInstances")
        return {t["task_id"]: t for t in rows["task_instances"]}


@pytest.fixture(scope="module")
def running_airflow(pg: Postgres, airflow: Airflow, source_db: str, secret_role, new_warehouse):
    user, password = secret_role
    new_warehouse(WAREHOUSE)
    port = free_port()
    env = {
        **airflow.env,
        **airflow.warehouse_env(WAREHOUSE, source_db, user, password),
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),  # not the shared default 8793
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
    }
    procs = Processes()
    logs = WORK / "logs"
    try:
        procs.start([str(BIN / "airflow"), "api-server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                    env, logs / "api-server.log")
        procs.start([str(BIN / "airflow"), "scheduler"], env, logs / "scheduler.log")
        procs.start([str(BIN / "airflow"), "dag-processor"], env, logs / "dag-processor.log")
        api = Api(port)

        def healthy():
            h = api.get("/api/v2/monitor/health")
            return h["scheduler"]["status"] == "healthy" and h["dag_processor"]["status"] == "healthy"

        def died():
            for p in procs.procs:
                assert p.poll() is None, f"an Airflow process exited {p.returncode}: see {logs}"
            return False

        wait_for("api-server, scheduler and dag-processor to be healthy", lambda: died() or healthy(), 300)
        wait_for("martflow_daily to be parsed", lambda: died() or api.get("/api/v2/dags/martflow_daily"), 300)
        airflow.cli("dags", "unpause", "martflow_daily", extra_env=env)
        yield api, env
    finally:
        procs.stop()


def backfill_runs(api: Api) -> list[dict]:
    return sorted((r for r in api.runs("martflow_daily") if r["run_type"] == "backfill"),
                  key=lambda r: r["logical_date"])


def all_finished(api: Api, count: int):
    runs = backfill_runs(api)
    failed = [r["dag_run_id"] for r in runs if r["state"] == "failed"]
    assert not failed, f"backfill runs failed: {failed}"
    if len(runs) == count and all(r["state"] == "success" for r in runs):
        return runs
    return None


@pytest.fixture(scope="module")
def reference(pg: Postgres, source_db: str, new_warehouse):
    """`martflow run --from FIRST --to LAST` into its own warehouse, started in the background."""
    new_warehouse(REFERENCE)
    log = open(WORK / "logs" / "reference-run.log", "w")
    proc = subprocess.Popen(martflow_command("run", "--from", FIRST, "--to", LAST, "--run-id", "reference"),
                            env=martflow_env(pg, REFERENCE, source_db), stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)

    def finished() -> str:
        rc = proc.wait(timeout=RUN_TIMEOUT)
        assert rc == 0, f"martflow run exited {rc}: see {log.name}"
        return REFERENCE

    return finished


def test_backfill_gives_three_runs_equal_to_one_martflow_run(pg: Postgres, airflow: Airflow, running_airflow, reference):
    api, env = running_airflow
    airflow.cli("backfill", "create", "--dag-id", "martflow_daily", "--from-date", FIRST, "--to-date", LAST,
                "--max-active-runs", "1", extra_env=env, log_name="backfill-create.log")
    runs = wait_for("three successful backfill runs", lambda: all_finished(api, 3), RUN_TIMEOUT, interval=5)
    assert [r["logical_date"][:10] for r in runs] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert [(r["data_interval_start"][:10], r["data_interval_end"][:10]) for r in runs] == [
        ("2026-11-01", "2026-11-02"), ("2026-11-02", "2026-11-03"), ("2026-11-03", "2026-11-04")]
    for r in runs:
        states = {t: ti["state"] for t, ti in api.task_instances("martflow_daily", r["dag_run_id"]).items()}
        assert set(states.values()) == {"success"}, (r["dag_run_id"], states)

    ours = table_checksums(pg, WAREHOUSE)
    theirs = table_checksums(pg, reference())
    assert {t for t, (n, _) in ours.items() if n == 0} == set(), f"empty tables after the backfill: {ours}"
    assert ours == theirs, "the backfilled warehouse differs from one martflow run over the same days"


def test_clearing_one_load_reruns_only_that_domain(pg: Postgres, running_airflow):
    api, env = running_airflow
    run = next(r for r in backfill_runs(api) if r["logical_date"].startswith("2026-11-02"))
    run_id = run["dag_run_id"]
    before = table_checksums(pg, WAREHOUSE)

    cleared = api.post("/api/v2/dags/martflow_daily/clearTaskInstances", {
        "dry_run": False, "dag_run_id": run_id, "task_ids": ["load.customers"], "include_downstream": True,
        "include_upstream": False, "only_failed": False, "reset_dag_runs": True})
    cleared_ids = {t["task_id"] for t in cleared["task_instances"]}
    assert "load.customers" in cleared_ids and "publish.customers" in cleared_ids
    assert not cleared_ids & {f"load.{d}" for d in DOMAIN_NAMES if d != "customers"}
    assert "control_check" not in cleared_ids

    def rerun_done():
        tis = api.task_instances("martflow_daily", run_id)
        r = next(x for x in api.runs("martflow_daily") if x["dag_run_id"] == run_id)
        assert r["state"] != "failed", f"the rerun failed: {tis}"
        return r["state"] == "success" and tis["load.customers"]["try_number"] == 2 and tis

    tis = wait_for("the cleared run to succeed again", rerun_done, RUN_TIMEOUT, interval=5)
    assert tis["control_update"]["try_number"] == 2
    for d in DOMAIN_NAMES:
        if d != "customers":
            assert tis[f"load.{d}"]["try_number"] == 1 and tis[f"publish.{d}"]["try_number"] == 1

    loads = dict(pg.query(WAREHOUSE, "select domain, count(*) from ctl.run_log where run_id = %s and step = 'load'"
                                     " group by domain", (run_id,)))
    assert loads == {"customers": 2, **{d: 1 for d in DOMAIN_NAMES if d != "customers"}}, \
        "the second try loaded customers only"
    published = dict(pg.query(WAREHOUSE, "select domain, count(*) from ctl.run_log where run_id = %s"
                                         " and step = 'publish' group by domain", (run_id,)))
    assert published == {"customers": 2, **{d: 1 for d in DOMAIN_NAMES if d != "customers"}}, \
        "the second try published customers only"
    assert table_checksums(pg, WAREHOUSE) == before, "re-running a window gives the same warehouse"
