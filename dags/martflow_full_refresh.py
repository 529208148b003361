"""martflow_full_refresh: reload everything on demand (manual trigger only)."""

from __future__ import annotations

import pendulum
from airflow.sdk import dag

from martflow_airflow.flow import (
    DEFAULT_ARGS,
    USER_DEFINED_MACROS,
    build_flow,
    domains_param,
    full_refresh_param,
    runner_param,
)

DOC_MD = """
# martflow_full_refresh

Manual only (no schedule). Reads **every** source row of the selected domains as of the moment the
run was triggered, publishes them (rows deleted from the source are detected: SCD2 tables open a
deleted version, orders and lines are flagged), rebuilds every model and runs every check. The
window is recorded as `[0001-01-01, trigger time)` and moves the selected domains' watermark, so
the next `martflow_daily` run continues from there.

Use it after a source was repaired, a business rule changed, or to start a new warehouse.
Same tasks as `martflow_daily`: `control_check` → `load.<domain>` → `publish.<domain>` →
`core.<model>` → `marts.<model>` → `quality.errors` / `quality.warnings` → `control_update`.

Params: `domains` (a subset), `runner`. Docs: docs/airflow.md in the repository.
"""


@dag(
    dag_id="martflow_full_refresh",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=4,
    default_args=DEFAULT_ARGS,
    user_defined_macros=USER_DEFINED_MACROS,
    doc_md=DOC_MD,
    tags=["martflow", "beam", "warehouse", "full-refresh"],
    params={
        "domains": domains_param(),
        "full_refresh": full_refresh_param(True, fixed=True),
        "runner": runner_param(),
    },
)
def martflow_full_refresh():
    build_flow()


martflow_full_refresh()
