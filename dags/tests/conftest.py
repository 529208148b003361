"""Fixtures of the DAG tests: a real PostgreSQL (from dags/tests/run.sh), a generated source,
migrated warehouses, a throwaway AIRFLOW_HOME whose metadata database lives on that server, the
martflow CLI and the airflow CLI.

Integrity tests need none of it; the others are skipped when MARTFLOW_TEST_PG is not set (run them
through dags/tests/run.sh).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
JAR = Path(os.environ.get("MARTFLOW_JAR") or ROOT / "beam-pipelines" / "target" / "martflow.jar")
BIN = Path(sys.executable).parent
WORK = Path(os.environ.get("MARTFLOW_TEST_WORK") or tempfile.mkdtemp(prefix="martflow-dagtests-"))
PIDS = os.environ.get("MARTFLOW_TEST_PIDS")

# Airflow must never write into ~/airflow: set its home before anything imports it.
os.environ.setdefault("AIRFLOW_HOME", str(WORK / "airflow-home"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(DAGS))
sys.path.insert(0, str(DAGS))

# The generated source every end-to-end test reads (docs/demo-data.md): 5 days from 2026-11-01.
SOURCE_ARGS = ["--scale", "0.05", "--days", "5", "--start-date", "2026-11-01", "--seed", "42"]
AUDIT_COLUMNS = ("run_id", "loaded_at")
# Test data is tiny: a JVM that skips the optimizing compiler halves the CPU of each pipeline and
# command on a 2-core box (production keeps the JVM defaults). Every java the tests start gets it.
FAST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Postgres:
    """The embedded server started by run.sh: databases, SQL, JDBC and libpq URLs."""

    uri: str  # postgresql://postgres@localhost:PORT

    @property
    def host_port(self) -> tuple[str, int]:
        m = re.match(r"postgresql://[^@]*@([^:/]+):(\d+)", self.uri)
        assert m, self.uri
        return m.group(1), int(m.group(2))

    def jdbc(self, db: str) -> str:
        host, port = self.host_port
        return f"jdbc:postgresql://{host}:{port}/{db}"

    def connect(self, db: str = "postgres", user: str | None = None, password: str | None = None):
        import psycopg2

        host, port = self.host_port
        conn = psycopg2.connect(host=host, port=port, dbname=db, user=user or "postgres", password=password)
        conn.autocommit = True
        return conn

    def query(self, db: str, sql: str, params=None) -> list[tuple]:
        conn = self.connect(db)
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def execute(self, db: str, sql: str, params=None) -> None:
        self.query(db, sql, params)

    def recreate(self, db: str) -> None:
        self.execute("postgres", f'drop database if exists "{db}" with (force)')
        self.execute("postgres", f'create database "{db}"')


def martflow_command(*args: str) -> list[str]:
    """`martflow args...` as the tests run it: the bundled jar on a 1 GB heap."""
    return ["java", "-Xmx1g", "-jar", str(JAR), *args]


def martflow_env(pg: Postgres, db: str, source_db: str | None = None) -> dict[str, str]:
    """This process's environment with warehouse `db` (and source `source_db`) as the only connections."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MARTFLOW_DB", "MARTFLOW_SOURCE"))}
    env.update(MARTFLOW_DB_URL=pg.jdbc(db), MARTFLOW_DB_USER="postgres", JAVA_TOOL_OPTIONS=FAST_JVM)
    if source_db:
        env.update(MARTFLOW_SOURCE_DB_URL=pg.jdbc(source_db), MARTFLOW_SOURCE_DB_USER="postgres")
    return env


def martflow(pg: Postgres, *args: str, db: str, source_db: str | None = None, check: bool = True,
             timeout: int = 900) -> subprocess.CompletedProcess:
    """The martflow CLI (the bundled jar) against warehouse `db` (and source `source_db`)."""
    proc = subprocess.run(martflow_command(*args), env=martflow_env(pg, db, source_db), text=True,
                          capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError(f"martflow {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def table_checksums(pg: Postgres, db: str, schemas=("dw", "core", "mart")) -> dict[str, tuple[int, str]]:
    """(rows, md5) of every table of the schemas, audit columns left out, rows in a total order."""
    tables = pg.query(db, """
        select table_schema, table_name from information_schema.tables
        where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1, 2""", (list(schemas),))
    out = {}
    for schema, table in tables:
        cols = [c for (c,) in pg.query(db, """
            select column_name from information_schema.columns
            where table_schema = %s and table_name = %s order by ordinal_position""", (schema, table))
            if c not in AUDIT_COLUMNS]
        row = "row(" + ", ".join(f'"{c}"' for c in cols) + ")::text"
        ((n, digest),) = pg.query(db, f"""
            select count(*), md5(coalesce(string_agg(r, E'\\n' order by r), ''))
            from (select {row} as r from "{schema}"."{table}") t""")
        out[f"{schema}.{table}"] = (n, digest)
    return out


@dataclass
class Airflow:
    """A throwaway Airflow 3 installation: AIRFLOW_HOME, metadata database, connections, CLI."""

    pg: Postgres
    home: Path
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None

    def warehouse_env(self, warehouse: str, source: str, user: str, password: str) -> dict[str, str]:
        host, port = self.pg.host_port

        def conn(db: str) -> str:
            return json.dumps({"conn_type": "postgres", "host": host, "port": port, "schema": db,
                               "login": user, "password": password})

        return {"AIRFLOW_CONN_MARTFLOW_WAREHOUSE": conn(warehouse), "AIRFLOW_CONN_MARTFLOW_SOURCE": conn(source)}

    def cli(self, *args: str, extra_env: dict | None = None, check: bool = True, timeout: int = 1200,
            log_name: str | None = None) -> subprocess.CompletedProcess:
        env = {**self.env, **(extra_env or {})}
        proc = subprocess.run([str(BIN / "airflow"), *args], env=env, text=True, capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if log_name and self.log_dir:
            (self.log_dir / log_name).write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
        if check and proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])
            raise AssertionError(f"airflow {' '.join(args)} exited {proc.returncode}:\n{tail}")
        return proc

    # Results read from Airflow's metadata database (an `airflow` CLI call costs seconds of CPU).
    def runs(self, dag_id: str) -> list[dict]:
        cols = ("run_id", "state", "run_type", "run_after", "logical_date", "data_interval_start", "data_interval_end")
        rows = self.pg.query("airflow", f"select {', '.join(cols)} from dag_run where dag_id = %s order by run_after",
                             (dag_id,))
        return [dict(zip(cols, r)) for r in rows]

    def latest_run(self, dag_id: str) -> dict:
        return self.runs(dag_id)[-1]

    def task_states(self, dag_id: str, run_id: str) -> dict[str, str]:
        rows = self.pg.query("airflow", "select task_id, state from task_instance where dag_id = %s and run_id = %s",
                             (dag_id, run_id))
        return {t: s for t, s in rows}


def pg_or_skip() -> Postgres:
    uri = os.environ.get("MARTFLOW_TEST_PG")
    if not uri:
        pytest.skip("needs the PostgreSQL of dags/tests/run.sh (MARTFLOW_TEST_PG)")
    if not JAR.is_file():
        pytest.skip(f"needs the jar {JAR} (./mvnw -DskipTests package)")
    return Postgres(uri)


@pytest.fixture(scope="session")
def pg() -> Postgres:
    return pg_or_skip()


@pytest.fixture(scope="session")
def source_db(pg: Postgres) -> str:
    """Database mf_source: schema shop generated with SOURCE_ARGS (the warehouses read it)."""
    pg.recreate("mf_source")
    martflow(pg, "generate", *SOURCE_ARGS, db="mf_source")
    return "mf_source"


@pytest.fixture(scope="session")
def secret_role(pg: Postgres) -> tuple[str, str]:
    """A login role whose password the server really checks (scram), for the Airflow connections."""
    user, password = "martflow_airflow", "pw-" + secrets.token_urlsafe(18)
    pg.execute("postgres", f"drop role if exists {user}")
    pg.execute("postgres", f"create role {user} login superuser password %s", (password,))
    (hba,) = pg.query("postgres", "show hba_file")[0]
    text = Path(hba).read_text()
    rule = f"host all {user} 127.0.0.1/32 scram-sha-256\nhost all {user} ::1/128 scram-sha-256\n"
    if rule not in text:
        Path(hba).write_text(rule + text)
    pg.execute("postgres", "select pg_reload_conf()")
    import psycopg2

    with pytest.raises(psycopg2.OperationalError):
        pg.connect("postgres", user=user, password="wrong").close()
    pg.connect("postgres", user=user, password=password).close()
    return user, password


@pytest.fixture(scope="session")
def new_warehouse(pg: Postgres):
    """Creates an empty, migrated warehouse database."""

    def make(name: str) -> str:
        pg.recreate(name)
        martflow(pg, "db", "migrate", db=name)
        return name

    return make


@pytest.fixture(scope="session")
def airflow(pg: Postgres) -> Airflow:
    home = WORK / "airflow-home"
    home.mkdir(parents=True, exist_ok=True)
    logs = WORK / "logs"
    logs.mkdir(exist_ok=True)
    pg.recreate("airflow")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "MARTFLOW_DB", "MARTFLOW_SOURCE"))}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "3",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://postgres@{pg.host_port[0]}:{pg.host_port[1]}/airflow",
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(64),
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "AIRFLOW_VAR_MARTFLOW_JAR": str(JAR),
        "MARTFLOW_JAVA_OPTS": "-Xmx512m",
        "JAVA_TOOL_OPTIONS": FAST_JVM,
    })
    # Speed-up for the scheduler's task processes: LocalExecutor workers are forked from the
    # scheduler, so a provider module it imported at start is not imported again by every task.
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "airflow_local_settings.py").write_text(
        '"""Test speed-up: import the Beam operator once in long-lived Airflow processes."""\n'
        "import airflow.providers.apache.beam.operators.beam  # noqa: F401\n")
    af = Airflow(pg, home, env, logs)
    af.cli("db", "migrate", log_name="db-migrate.log")
    return af


@dataclass
class Processes:
    """Airflow daemons started by a test: stopped (process group) at teardown, recorded for run.sh's trap."""

    procs: list[subprocess.Popen] = field(default_factory=list)

    def start(self, args: list[str], env: dict, log: Path) -> subprocess.Popen:
        out = open(log, "w")
        p = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        self.procs.append(p)
        if PIDS:
            with open(PIDS, "a") as f:
                f.write(f"{p.pid}\n")
        return p

    def stop(self) -> None:
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 45
        for p in self.procs:
            try:
                p.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()


def wait_for(what: str, probe, timeout: float, interval: float = 3.0):
    """Polls probe() until it returns a truthy value; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
        except AssertionError:
            raise
        except Exception as e:  # noqa: BLE001 - not up yet
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; last: {last!r}")
