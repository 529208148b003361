"""Integrity: the DAGs import cleanly without touching files, databases or the network, follow the
project's conventions, and have the tasks and edges manifest.yml implies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import DAGS
from martflow_airflow.manifest_generated import DOMAINS, MODELS, QUALITY

DAG_IDS = {"martflow_daily", "martflow_full_refresh"}

# Imports the DAG folder under an audit hook that records every file opened (other than Python
# modules and directories), every socket connection and every subprocess, with Airflow's metadata
# database and the warehouse connection pointing at a closed port.
PROBE = textwrap.dedent(
    """
    import json, os, sys
    dags = sys.argv[1]
    sys.path.insert(0, dags)
    from airflow.dag_processing.dagbag import DagBag

    events = []
    code_suffixes = (".py", ".pyc", ".pyi", ".so", ".pth")
    prefixes = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix})

    def hook(event, args):
        if event == "open":
            path = args[0]
            if isinstance(path, int):
                return
            path = os.fsdecode(path)
            if path.endswith(code_suffixes) or os.path.isdir(path) or path.endswith(".airflowignore"):
                return
            if path.startswith(prefixes):  # installed packages' own data (metadata, schemas)
                return
            events.append(["open", path])
        elif event == "socket.connect":
            events.append(["connect", repr(args[1])])
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"):
            events.append(["exec", repr(args[:2])])

    sys.addaudithook(hook)
    bag = DagBag(dag_folder=dags)
    print("PROBE" + json.dumps({
        "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
        "dags": {d.dag_id: sorted(t.task_id for t in d.tasks) for d in bag.dags.values()},
        "edges": {d.dag_id: sorted([t.task_id, u] for t in d.tasks for u in t.downstream_task_ids)
                  for d in bag.dags.values()},
        "trigger_rules": {d.dag_id: {t.task_id: str(t.trigger_rule.value) for t in d.tasks}
                          for d in bag.dags.values()},
        "events": events,
    }))
    """
)


def copy_dags(tmp_path: Path) -> Path:
    """The DAG folder alone: no manifest.yml beside it, no jar, no sql/."""
    target = tmp_path / "isolated" / "dags"
    shutil.copytree(DAGS, target, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.txt"))
    assert not (target.parent / "manifest.yml").exists()
    return target


def probe(dags: Path, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "MARTFLOW"))}
    env.update({
        "AIRFLOW_HOME": str(tmp_path / "airflow-home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql+psycopg2://nobody:secret@127.0.0.1:9/nowhere",
        "AIRFLOW_CONN_MARTFLOW_WAREHOUSE": "postgresql://nobody:secret@127.0.0.1:9/nowhere",
        "AIRFLOW_VAR_MARTFLOW_JAR": str(tmp_path / "missing.jar"),
        "MARTFLOW_DB_URL": "jdbc:postgresql://127.0.0.1:9/nowhere",
    })
    # Airflow writes its default config into a new AIRFLOW_HOME on first import: do that first,
    # outside the probe, so the probe sees only what parsing the DAGs does.
    subprocess.run([sys.executable, "-c", "import airflow.configuration"], env=env, check=True,
                   capture_output=True, timeout=300)
    for own in ("config", "plugins"):  # Airflow looks into these (its own folders) when they are absent
        (tmp_path / "airflow-home" / own).mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", PROBE, str(dags)], env=env, text=True, capture_output=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("PROBE"))
    return json.loads(line[len("PROBE"):])


@pytest.fixture(scope="module")
def isolated(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("isolated")
    return probe(copy_dags(tmp), tmp)


def test_dagbag_imports_without_errors(isolated):
    assert isolated["import_errors"] == {}
    assert set(isolated["dags"]) == DAG_IDS


def test_parsing_touches_no_file_database_or_network(isolated):
    """The manifest is not beside the copied DAG folder, the jar is missing, the metadata database and
    the warehouse point at a closed port: parsing still works and opened nothing but Python modules."""
    assert isolated["events"] == []


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    return bag


@pytest.fixture(scope="module")
def daily(dagbag):
    return dagbag.dags["martflow_daily"]


@pytest.mark.parametrize("dag_id", sorted(DAG_IDS))
def test_conventions(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.tags and "martflow" in dag.tags
    assert dag.doc_md and len(dag.doc_md) > 200
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    args = dag.default_args
    assert args["retries"] >= 1
    assert args["retry_exponential_backoff"] > 0
    assert callable(args["on_failure_callback"])
    for task in dag.tasks:
        assert task.retries == args["retries"], task.task_id
        assert task.retry_exponential_backoff > 0, task.task_id
        assert task.on_failure_callback, task.task_id
        assert task.doc_md, f"{task.task_id} has no doc_md"
    for name, param in dag.params.items():
        assert dag.params.get_param(name).description, f"param {name} has no description"
    groups = dag.task_group.get_task_group_dict()
    for group_id in ("load", "publish"):
        assert groups[group_id].doc_md and groups[group_id].tooltip
    assert {"domains", "full_refresh", "runner"} <= set(dag.params)


def test_daily_schedule_is_a_real_daily_interval(daily):
    from airflow.sdk import CronDataIntervalTimetable

    assert isinstance(daily.timetable, CronDataIntervalTimetable)
    assert daily.timetable.expression == "0 0 * * *"
    assert daily.params["overlap_minutes"] >= 0


def test_full_refresh_dag_is_manual_and_always_full(dagbag):
    dag = dagbag.dags["martflow_full_refresh"]
    assert type(dag.timetable).__name__ == "NullTimetable", "schedule=None: manual runs only"
    assert dag.params["full_refresh"] is True
    assert dag.params.get_param("full_refresh").schema.get("const") is True


def _upstream_closure(dag, task_id: str) -> set[str]:
    return set(dag.get_task(task_id).get_flat_relative_ids(upstream=True))


def test_tasks_and_edges_follow_the_manifest(daily):
    ids = {t.task_id for t in daily.tasks}
    loads = [f"load.{d.name}" for d in DOMAINS]
    publishes = [f"publish.{d.name}" for d in DOMAINS]
    models = [f"{m.layer}.{m.name}" for m in MODELS]  # layer is the task group: core or marts
    checks = [f"quality.{t}" for t in ("errors", "warnings") if any(
        q.severity == ("error" if t == "errors" else "warn") for q in QUALITY)]
    assert ids == {"control_check", *loads, *publishes, *models, *checks, "control_update"}

    check = daily.get_task("control_check")
    assert check.downstream_task_ids == set(loads), "control_check is upstream of every load, and only of loads"
    for d in DOMAINS:
        load = daily.get_task(f"load.{d.name}")
        assert load.upstream_task_ids == {"control_check"}
        assert load.downstream_task_ids == {f"publish.{d.name}"}, "each domain publishes on its own"
        assert load.job_class == d.pipeline
    after_publish = models + checks + ["control_update"]
    for task_id in after_publish:
        assert set(loads) <= _upstream_closure(daily, task_id), f"every load is upstream of {task_id}"
    # core before marts, depends_on edges, manifest order is a valid build order
    order = {m.name: i for i, m in enumerate(MODELS)}
    for m in MODELS:
        task_id = f"{m.layer}.{m.name}"
        upstream = _upstream_closure(daily, task_id)
        for dep in m.depends_on:
            assert any(u.endswith("." + dep) for u in upstream), f"{dep} is upstream of {m.name}"
        for u in upstream:
            group, _, name = u.partition(".")
            if group in ("core", "marts"):
                assert order[name] < order[m.name], f"{name} runs before {m.name} but is listed after it"
        if m.layer == "marts":
            core = {f"core.{x.name}" for x in MODELS if x.layer == "core"}
            assert core <= upstream, f"every core model is upstream of mart {m.name}"
    for c in checks:
        assert set(models) <= _upstream_closure(daily, c)
    assert set(checks) <= _upstream_closure(daily, "control_update")
    selected = {c: daily.get_task(c).arguments[daily.get_task(c).arguments.index("--select") + 1].split(",")
                for c in checks}
    assert sorted(sum(selected.values(), [])) == sorted(q.name for q in QUALITY), "every check runs once"
    assert daily.get_task("control_update").trigger_rule.value == "none_failed_min_one_success"


def test_loads_are_beam_java_pipelines_with_templated_windows(daily):
    from airflow.providers.apache.beam.operators.beam import BeamRunJavaPipelineOperator

    for d in DOMAINS:
        load = daily.get_task(f"load.{d.name}")
        assert isinstance(load, BeamRunJavaPipelineOperator)
        opts = load.pipeline_options
        assert "data_interval_start" in opts["windowStart"] and "data_interval_end" in opts["windowEnd"]
        assert opts["runId"] == "{{ run_id }}"


def test_no_template_field_or_argument_carries_a_password(dagbag):
    for dag in dagbag.dags.values():
        for task in dag.tasks:
            for name in task.template_fields:
                text = json.dumps(getattr(task, name, None), default=str).lower()
                assert "password\"" not in text and "passwordenv=" not in text, (task.task_id, name)
                assert "conn.martflow" not in text, "connections are read at execute time, not templated"


def _synthetic_dag(tmp_path: Path) -> dict:
    """The DAGs built from a manifest with core and mart models and checks (what marts will add)."""
    from martflow_airflow import manifest

    from test_manifest import SYNTHETIC

    dags = copy_dags(tmp_path)
    text = SYNTHETIC.replace(
        "models:",
        "  - {name: orders, pipeline: a.OrdersPipeline, stage_table: stage.tmp_orders, dw_table: dw.tb_orders}\nmodels:",
    )
    (dags / "martflow_airflow" / "manifest_generated.py").write_text(manifest.render(text))
    return probe(dags, tmp_path)


def test_graph_generated_from_a_manifest_with_models_and_checks(tmp_path):
    result = _synthetic_dag(tmp_path)
    assert result["import_errors"] == {}
    edges = {tuple(e) for e in result["edges"]["martflow_daily"]}
    rules = result["trigger_rules"]["martflow_daily"]
    publishes = {"publish.customers", "publish.orders"}
    for p in publishes:
        assert (p, "core.dim_date") in edges and (p, "core.dim_customer") in edges
        assert (p, "core.fact_orders") not in edges
    assert ("core.dim_date", "core.fact_orders") in edges and ("core.dim_customer", "core.fact_orders") in edges
    assert ("core.fact_orders", "marts.daily_sales") in edges
    assert ("marts.daily_sales", "quality.errors") in edges and ("marts.daily_sales", "quality.warnings") in edges
    assert ("quality.errors", "control_update") in edges and ("quality.warnings", "control_update") in edges
    assert not any(a.startswith("publish.") and b == "control_update" for a, b in edges)
    assert rules["core.dim_date"] == "none_failed_min_one_success"
    assert rules["core.fact_orders"] == "all_success"
    assert rules["quality.errors"] == "all_success"
