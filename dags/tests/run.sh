#!/usr/bin/env bash
# The Airflow DAG tests, self-contained (part of `./martflow test`):
#   1. a virtualenv .venv-airflow with Airflow 3.3.2 and the providers of dags/requirements.txt,
#      pinned by dags/constraints.txt (scripts/airflow-venv: uv, one resolver pass; reused while the
#      requirement files are unchanged);
#   2. the bundled jar (built by the ./martflow launcher when missing or stale);
#   3. a throwaway embedded PostgreSQL (`martflow db start` under a temporary MARTFLOW_HOME) that
#      holds the source, the warehouses and Airflow's metadata database;
#   4. pytest dags/tests (extra arguments go to pytest, e.g. `dags/tests/run.sh -k integrity`).
# Everything it starts is stopped on exit (PostgreSQL here, Airflow's processes by the tests).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="${MARTFLOW_AIRFLOW_VENV:-$ROOT/.venv-airflow}"
say() { echo "== dags/tests: $*" >&2; }

# --- 1. virtualenv (reinstalled only when a requirement file changed) -------------------------
VENV="$(MARTFLOW_AIRFLOW_VENV="$VENV" "$ROOT/scripts/airflow-venv")"

# --- 2. the jar -----------------------------------------------------------------------------
# The launcher rebuilds it when missing or older than the sources (the tests would run a stale jar).
"$ROOT/martflow" --version >/dev/null
JAR="$ROOT/beam-pipelines/target/martflow.jar"
export MARTFLOW_JAR="$JAR"

# --- 3. a throwaway PostgreSQL --------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/martflow-dagtests.XXXXXX")"
export MARTFLOW_HOME="$WORK/martflow-home"
export MARTFLOW_TEST_WORK="$WORK"
export MARTFLOW_TEST_PIDS="$WORK/pids"
: > "$MARTFLOW_TEST_PIDS"
unset MARTFLOW_DB_URL MARTFLOW_DB_USER MARTFLOW_DB_PASSWORD MARTFLOW_DB_PASSWORD_FILE \
  MARTFLOW_SOURCE_DB_URL MARTFLOW_SOURCE_DB_USER MARTFLOW_SOURCE_DB_PASSWORD MARTFLOW_SOURCE_DB_PASSWORD_FILE

cleanup() {
  local rc=$?
  # Airflow processes the tests started (process group ids they recorded), if any survived.
  while read -r pgid; do
    [[ -n "$pgid" ]] && kill -TERM -- "-$pgid" 2>/dev/null || true
  done < "$MARTFLOW_TEST_PIDS"
  java -jar "$JAR" db stop >/dev/null 2>&1 || true
  if [[ $rc -eq 0 && -z "${MARTFLOW_KEEP_TEST_WORK:-}" ]]; then rm -rf "$WORK"; else say "work files kept in $WORK"; fi
  exit $rc
}
trap cleanup EXIT INT TERM

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export MARTFLOW_EMBEDDED_PORT="$(free_port)"
say "starting PostgreSQL (MARTFLOW_HOME=$MARTFLOW_HOME)"
java -jar "$JAR" db start --empty >&2
MARTFLOW_TEST_PG="$(java -jar "$JAR" db url --libpq | tail -n 1)"
export MARTFLOW_TEST_PG="${MARTFLOW_TEST_PG%/*}"   # server URI without the database

# --- 4. the tests ---------------------------------------------------------------------------
export AIRFLOW_HOME="$WORK/airflow-home"
export PATH="$VENV/bin:$PATH"
set +e
paths=("$ROOT/dags/tests")
for a in "$@"; do [[ -e "${a%%::*}" ]] && paths=(); done   # test files named: run only those
"$VENV/bin/python" -m pytest -p no:cacheprovider -ra --durations=0 "$@" "${paths[@]}"
rc=$?
set -e
exit $rc
