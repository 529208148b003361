"""Execute-time settings of the martflow tasks: connections, jar, runner, Dataflow options.

Everything here is called from ``execute`` (or a callback), never at parse time: it reads Airflow
Connections and Variables (the metadata database or a secrets backend) and the file system.

Airflow objects it reads (docs/airflow.md):

- Connection ``martflow_warehouse`` (required, type postgres): the warehouse. Locally defined by
  ``AIRFLOW_CONN_MARTFLOW_WAREHOUSE``.
- Connection ``martflow_source`` (optional): the source database; default the warehouse.
- Variable ``martflow_runner``: DirectRunner (default) or DataflowRunner; the DAG param ``runner``
  overrides it per run.
- Variable ``martflow_jar``: local path or gs:// URI of the bundled jar (default: the repository's
  beam-pipelines/target/martflow.jar, or $MARTFLOW_JAR).
- Variable ``martflow_cli_jar``: local path of the jar the control/publish/build/quality tasks run
  (default: martflow_jar when local, else a copy of it downloaded once per worker).
- Variable ``martflow_sources``: path of a source mapping file (docs/sources.md) on the workers;
  default: the demo shop mapping bundled in the jar.
- Variable ``martflow_dataflow`` (JSON): project, region, temp_location, staging_location,
  service_account, network, subnetwork, max_workers, machine_type, cloud_sql_instance,
  db_password_secret, source_db_password_secret (and source_cloud_sql_instance, use_public_ips).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

WAREHOUSE_CONN_ID = "martflow_warehouse"
SOURCE_CONN_ID = "martflow_source"
VAR_RUNNER = "martflow_runner"
VAR_JAR = "martflow_jar"
VAR_CLI_JAR = "martflow_cli_jar"
VAR_DATAFLOW = "martflow_dataflow"
VAR_SOURCES = "martflow_sources"

DIRECT = "DirectRunner"
DATAFLOW = "DataflowRunner"
RUNNERS = (DIRECT, DATAFLOW)

# The Java side reads passwords from these variables (README "Configuration"); the pipelines get
# only their names (--dbPasswordEnv), never the value.
PASSWORD_ENV = "MARTFLOW_DB_PASSWORD"
SOURCE_PASSWORD_ENV = "MARTFLOW_SOURCE_DB_PASSWORD"

# JDBC URL parameters taken from a connection's extra (the rest of extra is Airflow's business).
_JDBC_EXTRA = {
    "sslmode": "sslmode",
    "sslrootcert": "sslrootcert",
    "sslcert": "sslcert",
    "sslkey": "sslkey",
    "application_name": "ApplicationName",
    "options": "options",
}

# martflow_dataflow keys -> Beam Java pipeline options
_DATAFLOW_OPTIONS = {
    "temp_location": "tempLocation",
    "staging_location": "stagingLocation",
    "network": "network",
    "subnetwork": "subnetwork",
    "max_workers": "maxNumWorkers",
    "machine_type": "workerMachineType",
}


class SettingsError(ValueError):
    """A configuration mistake: retrying the task will not help."""


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def pipeline_jar() -> str:
    """The jar the Beam operator runs: a local path or a gs:// URI."""
    from airflow.sdk import Variable

    jar = Variable.get(VAR_JAR, default=None) or os.environ.get("MARTFLOW_JAR")
    if not jar:
        jar = str(repo_root() / "beam-pipelines" / "target" / "martflow.jar")
    if not jar.startswith("gs://") and not Path(jar).is_file():
        raise SettingsError(
            f"the martflow jar {jar} does not exist: build it with ./mvnw -DskipTests package, or set the"
            f" Airflow Variable {VAR_JAR} to its path or gs:// URI"
        )
    return jar


def cli_jar() -> str:
    """A local copy of the jar for the CLI tasks (java -jar needs a local file)."""
    from airflow.sdk import Variable

    explicit = Variable.get(VAR_CLI_JAR, default=None)
    if explicit:
        if not Path(explicit).is_file():
            raise SettingsError(f"Variable {VAR_CLI_JAR}: {explicit} does not exist")
        return explicit
    jar = pipeline_jar()
    if not jar.startswith("gs://"):
        return jar
    # Downloaded once per worker and URI; an atomic rename keeps concurrent tasks safe.
    cache = Path(tempfile.gettempdir()) / "martflow-jars"
    cache.mkdir(parents=True, exist_ok=True)
    local = cache / (hashlib.sha256(jar.encode()).hexdigest()[:16] + ".jar")
    if not local.is_file():
        from airflow.providers.google.cloud.hooks.gcs import GCSHook, _parse_gcs_url

        bucket, name = _parse_gcs_url(jar)
        partial = local.with_suffix(f".{os.getpid()}.part")
        GCSHook().download(bucket_name=bucket, object_name=name, filename=str(partial))
        partial.replace(local)
    return str(local)


def sources_file() -> str | None:
    """Variable martflow_sources: the source mapping file the control steps and loads use, if any."""
    from airflow.sdk import Variable

    return Variable.get(VAR_SOURCES, default=None) or None


def resolve_runner(params: dict) -> str:
    """The run's param ``runner`` unless "default", else Variable martflow_runner, else DirectRunner."""
    from airflow.sdk import Variable

    runner = params.get("runner") or "default"
    if runner == "default":
        runner = Variable.get(VAR_RUNNER, default=DIRECT) or DIRECT
    if runner not in RUNNERS:
        raise SettingsError(f"runner must be one of {', '.join(RUNNERS)}, not {runner!r}")
    return runner


def dataflow_settings() -> dict:
    """Variable martflow_dataflow, checked: what a Dataflow run cannot do without."""
    from airflow.sdk import Variable

    settings = Variable.get(VAR_DATAFLOW, default=None, deserialize_json=True)
    if not isinstance(settings, dict):
        raise SettingsError(f"runner DataflowRunner needs the Airflow Variable {VAR_DATAFLOW} (JSON object)")
    missing = [k for k in ("project", "region", "temp_location") if not settings.get(k)]
    if missing:
        raise SettingsError(f"Variable {VAR_DATAFLOW} lacks {', '.join(missing)}")
    return settings


def dataflow_pipeline_options(settings: dict) -> dict:
    return {java: settings[key] for key, java in _DATAFLOW_OPTIONS.items() if settings.get(key) not in (None, "")}


def dataflow_job_name(task_id: str) -> str:
    """Dataflow job names are [a-z]([-a-z0-9]*[a-z0-9])?; the operator appends a unique suffix."""
    name = "martflow-" + "".join(c if c.isalnum() else "-" for c in task_id.lower())
    return name.strip("-")


@dataclass(frozen=True)
class Database:
    """One database as the Java side wants it: JDBC URL and user (not secret), password (secret)."""

    conn_id: str
    jdbc_url: str
    user: str | None
    password: str | None
    database: str | None

    def __repr__(self) -> str:  # never print the password
        return f"Database({self.conn_id}: {self.jdbc_url} as {self.user})"


def database(conn_id: str, required: bool = True) -> Database | None:
    """Reads an Airflow connection (postgres type, or an extra ``jdbc_url``)."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        conn = Connection.get(conn_id)
    except AirflowNotFoundException:
        if required:
            raise SettingsError(
                f"Airflow connection {conn_id} is not defined (e.g. AIRFLOW_CONN_{conn_id.upper()}="
                "'postgresql://user:password@host:5432/martflow')"
            ) from None
        return None
    extra = conn.extra_dejson or {}
    url = extra.get("jdbc_url")
    if not url:
        if not conn.host:
            raise SettingsError(f"connection {conn_id} has no host (and no jdbc_url in extra)")
        port = conn.port or 5432
        url = f"jdbc:postgresql://{conn.host}:{port}/{quote(conn.schema or 'martflow')}"
        query = {java: str(extra[key]) for key, java in _JDBC_EXTRA.items() if extra.get(key) not in (None, "")}
        if query:
            url += "?" + urlencode(query)
    return Database(conn_id, url, conn.login or None, conn.password or None, conn.schema or None)


_ENV_PREFIXES = {"warehouse": "MARTFLOW_DB", "source": "MARTFLOW_SOURCE_DB"}


def java_environment(warehouse: Database, source: Database | None) -> tuple[dict[str, str], list[str]]:
    """Variables to set and to remove so a Java process sees exactly these connections."""
    put: dict[str, str] = {}
    drop: list[str] = []
    for kind, db in (("warehouse", warehouse), ("source", source)):
        prefix = _ENV_PREFIXES[kind]
        drop.append(prefix + "_PASSWORD_FILE")
        if db is None:
            drop += [prefix + "_URL", prefix + "_USER", prefix + "_PASSWORD"]
            continue
        put[prefix + "_URL"] = db.jdbc_url
        if db.user:
            put[prefix + "_USER"] = db.user
        else:
            drop.append(prefix + "_USER")
        if db.password:
            put[prefix + "_PASSWORD"] = db.password
        else:
            drop.append(prefix + "_PASSWORD")
    return put, drop


def apply_environment(env: dict[str, str], put: dict[str, str], drop: list[str]) -> dict[str, str]:
    for key in drop:
        env.pop(key, None)
    env.update(put)
    return env


def connections_environment() -> tuple[Database, Database | None, dict[str, str], list[str]]:
    warehouse = database(WAREHOUSE_CONN_ID)
    source = database(SOURCE_CONN_ID, required=False)
    put, drop = java_environment(warehouse, source)
    return warehouse, source, put, drop
