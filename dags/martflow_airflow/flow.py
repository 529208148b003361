"""The martflow task graph, shared by the daily and the full-refresh DAGs.

control_check -> load.<domain> -> publish.<domain> -> core.<model> -> marts.<model>
  -> quality.errors, quality.warnings -> control_update

Domains, models and checks come from ``manifest_generated`` (generated from manifest.yml), so
adding a domain, a model or a check to the manifest adds its task and edges. An empty stage
(say no models yet) is bridged: its neighbours are connected directly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from airflow.sdk import Param, TaskGroup, TriggerRule
from airflow.sdk.bases.operator import BaseOperator

from martflow_airflow.manifest_generated import DOMAINS, MODELS, QUALITY
from martflow_airflow.operators import (
    CONTROL_CHECK_TASK_ID,
    ControlCheckOperator,
    ControlUpdateOperator,
    MartflowCliOperator,
    MartflowPipelineOperator,
    domains_to_load,
    run_martflow,
    selected_domains,
)

log = logging.getLogger(__name__)

# A full refresh is recorded over [year 1, as-of), as `martflow run --full-refresh` records it.
BEGINNING = "0001-01-01T00:00:00Z"
DEFAULT_OVERLAP_MINUTES = 10


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def window_start(data_interval_start: datetime | None, params: dict) -> str:
    """The run's window start: the data interval's start less the overlap; year 1 for a full refresh."""
    if params.get("full_refresh") or data_interval_start is None:
        return BEGINNING
    overlap = int(params.get("overlap_minutes") or 0)
    return _iso(data_interval_start - timedelta(minutes=overlap))


def window_end(data_interval_end: datetime | None, dag_run: Any = None) -> str:
    """The run's window end: the data interval's end (a manual run without one: when it was triggered)."""
    if data_interval_end is not None:
        return _iso(data_interval_end)
    run_after = getattr(dag_run, "run_after", None) if dag_run is not None else None
    if run_after is None:
        raise ValueError("the run has neither a data interval nor a run_after time")
    return _iso(run_after)


USER_DEFINED_MACROS = {"martflow_window_start": window_start, "martflow_window_end": window_end}
WINDOW_START = "{{ martflow_window_start(data_interval_start, params) }}"
WINDOW_END = "{{ martflow_window_end(data_interval_end, dag_run) }}"
RUN_ID = "{{ run_id }}"
FULL_REFRESH_FLAG = "{{ '--full-refresh' if params.full_refresh else '' }}"

DOMAIN_NAMES = [d.name for d in DOMAINS]


def domains_param() -> Param:
    return Param(
        DOMAIN_NAMES,
        type="array",
        items={"type": "string", "enum": DOMAIN_NAMES},
        uniqueItems=True,
        minItems=1,
        title="Domains",
        description="Domains to load in this run (manifest.yml order is kept). Leave out a domain to skip"
        " its load and publish; the marts and checks still run on what is published.",
    )


def runner_param() -> Param:
    return Param(
        "default",
        type="string",
        enum=["default", "DirectRunner", "DataflowRunner"],
        title="Beam runner",
        description="default: the Airflow Variable martflow_runner (DirectRunner when unset). DataflowRunner"
        " needs the Variable martflow_dataflow (project, region, temp_location, ...).",
    )


def overlap_param() -> Param:
    return Param(
        DEFAULT_OVERLAP_MINUTES,
        type="integer",
        minimum=0,
        maximum=1440,
        title="Window overlap (minutes)",
        description="The window starts this many minutes before the data interval, so rows committed late"
        " with an earlier change time are not missed; re-reading them is harmless (loads are idempotent).",
    )


def full_refresh_param(default: bool, *, fixed: bool = False) -> Param:
    extra: dict[str, Any] = {"const": True} if fixed else {}
    return Param(
        default,
        type="boolean",
        title="Full refresh",
        description=(
            "Always on in this DAG: every source row is read, rows deleted in the source are detected and"
            " every model is rebuilt." if fixed else
            "Read every source row instead of the window, detect rows deleted in the source and rebuild"
            " every model. Prefer the martflow_full_refresh DAG."
        ),
        **extra,
    )


def mark_window_failed(context: Any) -> None:
    """on_failure_callback: the run's window is marked failed for its domains (the watermark stays)."""
    try:
        params = context["params"]
        ti = context["ti"]
        try:
            domains = domains_to_load(context) or selected_domains(params)
        except Exception:  # noqa: BLE001 - the control check itself may be what failed
            domains = selected_domains(params)
        start = window_start(context.get("data_interval_start"), params)
        end = window_end(context.get("data_interval_end"), context.get("dag_run"))
        error = f"{ti.task_id}: {context.get('exception') or 'failed'}"[:900]
        run_martflow(
            ["control-update", "--window-start", start, "--window-end", end, "--status", "failed",
             "--run-id", context["run_id"], "--domains", ",".join(domains), "--error", error],
            log,
        )
    except Exception:  # noqa: BLE001 - a callback must never raise
        log.exception("martflow: could not mark the window failed")


DEFAULT_ARGS = {
    "owner": "martflow",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=15),
    "execution_timeout": timedelta(hours=6),
    "on_failure_callback": mark_window_failed,
}

_AFTER_PUBLISH = TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS


def _roots(tasks: Sequence[BaseOperator]) -> list[BaseOperator]:
    ids = {t.task_id for t in tasks}
    return [t for t in tasks if not (t.upstream_task_ids & ids)]


def _leaves(tasks: Sequence[BaseOperator]) -> list[BaseOperator]:
    ids = {t.task_id for t in tasks}
    return [t for t in tasks if not (t.downstream_task_ids & ids)]


def _connect(upstream: Iterable[BaseOperator], downstream: Iterable[BaseOperator]) -> None:
    for u in upstream:
        for d in downstream:
            u >> d


QUALITY_TASKS = {
    "error": ("errors", "Checks of severity error: violations fail this task (exit 5, no retry) and so the run;"
                        " the window is marked failed."),
    "warn": ("warnings", "Checks of severity warn: violations are reported in the log and ctl.dq_results;"
                         " the task does not fail."),
}


def _quality_group(tasks: dict[str, BaseOperator]) -> None:
    """One task per severity, each running its checks of manifest.yml in one `martflow quality`.

    A task per check would cost an Airflow task (a process, a DAG parse, a JVM) per check and run;
    one `quality --select a,b,c` runs them all in one JVM, prints a line per check and names each
    failing check with a sample row, and ctl.dq_results keeps every result.
    """
    with TaskGroup(
        "quality",
        tooltip="Quality checks of sql/quality",
        doc_md="The checks of manifest.yml, one task per severity (`martflow quality --select ...`):"
        " `quality.errors` fails the run on a violation, `quality.warnings` only reports. Results per"
        " check: the task log and ctl.dq_results.",
    ):
        for severity, (task_id, doc) in QUALITY_TASKS.items():
            checks = [q for q in QUALITY if q.severity == severity]
            if not checks:
                continue
            listing = "\n".join(f"- `{q.name}` (`sql/{q.file}`)" for q in checks)
            tasks[task_id] = MartflowCliOperator(
                task_id=task_id,
                arguments=["quality", "--run-id", RUN_ID, "--select", ",".join(q.name for q in checks)],
                doc_md=f"{doc}\n\n{listing}",
            )


def build_flow() -> dict[str, Any]:
    """Creates the tasks in the DAG being defined; returns them by stage (for tests and callers)."""
    control_check = ControlCheckOperator(
        task_id=CONTROL_CHECK_TASK_ID,
        window_start=WINDOW_START,
        window_end=WINDOW_END,
        doc_md="Counts each selected domain's source changes in the window (`martflow control-check`)."
        " Nothing new: the run is skipped from here on. Returns the domains to load.",
    )

    loads: dict[str, BaseOperator] = {}
    publishes: dict[str, BaseOperator] = {}
    with TaskGroup(
        "load",
        tooltip="One Beam pipeline per domain",
        doc_md="One BeamRunJavaPipelineOperator per domain of manifest.yml (bundled jar + job class)."
        " A domain that is not selected, or has no new data, is skipped.",
    ):
        for d in DOMAINS:
            loads[d.name] = MartflowPipelineOperator(
                task_id=d.name,
                domain=d.name,
                job_class=d.pipeline,
                window_start=WINDOW_START,
                window_end=WINDOW_END,
                doc_md=f"Extract, clean and stage **{d.name}** into `{d.stage_table}` with `{d.pipeline}`.",
            )
    with TaskGroup(
        "publish",
        tooltip="stage -> dw, one transaction per domain",
        doc_md="Publishes each loaded domain's staged rows into its dw table (`martflow publish`), one"
        " transaction per domain. Per domain, so clearing one load with its downstream republishes only"
        " that domain.",
    ):
        for d in DOMAINS:
            publishes[d.name] = MartflowCliOperator(
                task_id=d.name,
                arguments=["publish", "--domain", d.name, "--run-id", RUN_ID, "--window-start", WINDOW_START,
                           "--window-end", WINDOW_END, FULL_REFRESH_FLAG],
                doc_md=f"`martflow publish --domain {d.name}`: stage -> `{d.dw_table}`.",
            )
            control_check >> loads[d.name] >> publishes[d.name]

    model_tasks: dict[str, dict[str, BaseOperator]] = {"core": {}, "marts": {}}
    groups = {
        "core": "Star schema (sql/core): one task per model, edges from manifest.yml depends_on.",
        "marts": "Marts (sql/marts): one task per model, edges from manifest.yml depends_on.",
    }
    for layer, doc in groups.items():
        layer_models = [m for m in MODELS if m.layer == layer]
        if not layer_models:  # no empty groups in the UI; the stage is bridged below
            continue
        with TaskGroup(layer, tooltip=doc, doc_md=doc):
            for m in layer_models:
                model_tasks[layer][m.name] = MartflowCliOperator(
                    task_id=m.name,
                    arguments=["build", "--select", m.name, "--run-id", RUN_ID, FULL_REFRESH_FLAG],
                    doc_md=f"`martflow build --select {m.name}` (`sql/{m.file}`).",
                )
    every_model = {**model_tasks["core"], **model_tasks["marts"]}
    for m in MODELS:
        for dep in m.depends_on:
            every_model[dep] >> every_model[m.name]

    quality_tasks: dict[str, BaseOperator] = {}
    if QUALITY:
        _quality_group(quality_tasks)


    control_update = ControlUpdateOperator(
        task_id="control_update",
        window_start=WINDOW_START,
        window_end=WINDOW_END,
        trigger_rule=_AFTER_PUBLISH,
        doc_md="Marks the window success for the loaded domains; their watermark moves to the window end.",
    )

    # Stages in order; an empty one is bridged. What follows the publishes runs when at least one
    # domain was published and none failed.
    stages = [list(publishes.values()), list(model_tasks["core"].values()), list(model_tasks["marts"].values()),
              list(quality_tasks.values()), [control_update]]
    stages = [s for s in stages if s]
    for before, after in zip(stages, stages[1:]):
        _connect(_leaves(before), _roots(after))
    for task in _roots(stages[1]):
        task.trigger_rule = _AFTER_PUBLISH
    return {
        "control_check": control_check,
        "load": loads,
        "publish": publishes,
        "core": model_tasks["core"],
        "marts": model_tasks["marts"],
        "quality": quality_tasks,
        "control_update": control_update,
    }
