"""martflow_daily: the scheduled martflow flow, one run per day of source changes."""

from __future__ import annotations

import pendulum
from airflow.sdk import CronDataIntervalTimetable, dag

from martflow_airflow.flow import (
    DEFAULT_ARGS,
    USER_DEFINED_MACROS,
    build_flow,
    domains_param,
    full_refresh_param,
    overlap_param,
    runner_param,
)

DOC_MD = """
# martflow_daily

Loads one day of source changes into the warehouse and rebuilds what they touch:

`control_check` → `load.<domain>` (Beam, one per domain) → `publish.<domain>` → `core.<model>`
→ `marts.<model>` → `quality.errors` / `quality.warnings` → `control_update`

* **Window**: the run's data interval `[data_interval_start - overlap, data_interval_end)` — a whole
  UTC day (CronDataIntervalTimetable `0 0 * * *`), starting `overlap_minutes` early.
* **Nothing new**: `control_check` exits 99, it and everything after it are *skipped*; a domain
  without new data skips its own load and publish.
* **Backfill**: `airflow backfill create --dag-id martflow_daily --from-date D1 --to-date D3` (or
  *Trigger → Backfill* in the UI). Runs one window at a time (max_active_runs=1), catchup is off.
* **Rerun one domain**: clear `load.<domain>` *with downstream*: only that domain is loaded and
  published again, then models, checks and the control update run again.
* **Failure**: the failing task's callback marks the window `failed` in ctl.tb_control_data_update
  (the watermark does not move); fix and clear the failed task.
* **Runner**: param `runner`, else Airflow Variable `martflow_runner` (DirectRunner); DataflowRunner
  reads Variable `martflow_dataflow`. Jar: Variable `martflow_jar`.
* **Connections**: `martflow_warehouse` (required), `martflow_source` (optional). The password
  reaches Java as an environment variable (or a Secret Manager reference on Dataflow), never as a
  flag.

Docs: docs/airflow.md in the repository.
"""


@dag(
    dag_id="martflow_daily",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=4,
    default_args=DEFAULT_ARGS,
    dagrun_timeout=pendulum.duration(hours=12),
    user_defined_macros=USER_DEFINED_MACROS,
    doc_md=DOC_MD,
    tags=["martflow", "beam", "warehouse", "daily"],
    params={
        "domains": domains_param(),
        "full_refresh": full_refresh_param(False),
        "runner": runner_param(),
        "overlap_minutes": overlap_param(),
    },
)
def martflow_daily():
    build_flow()


martflow_daily()
