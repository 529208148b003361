"""Operators of the martflow DAGs.

- ``MartflowCliOperator``: runs one `martflow` command (`java -jar martflow.jar ...`) with the
  connections in its environment; exit 99 skips, exit 2 (configuration) and 5 (quality errors)
  fail without retry, anything else fails and is retried.
- ``ControlCheckOperator``: the control check; pushes the domains to load (XCom) and short-circuits
  the run (skip) when none has new data.
- ``ControlUpdateOperator``: marks the window success for the domains the run loaded.
- ``MartflowPipelineOperator``: a BeamRunJavaPipelineOperator for one domain; skips when the
  control check found nothing new for it; resolves runner, jar, connections and Dataflow settings
  at execute time. The password reaches Java through the environment (DirectRunner) or as a
  Secret Manager reference (DataflowRunner), never as a flag.
"""

from __future__ import annotations

import collections
import os
import re
import shlex
import subprocess
from collections.abc import Sequence
from typing import Any

from airflow.providers.apache.beam.operators.beam import BeamRunJavaPipelineOperator
from airflow.sdk import BaseOperator
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from martflow_airflow import settings
from martflow_airflow.manifest_generated import DOMAINS

CONTROL_CHECK_TASK_ID = "control_check"

EXIT_USAGE = 2
EXIT_QUALITY = 5
EXIT_NOTHING_NEW = 99
_NO_RETRY = {EXIT_USAGE: "bad flags or configuration", EXIT_QUALITY: "quality checks of severity error failed"}

ALL_DOMAINS = tuple(d.name for d in DOMAINS)
# Commands that read the source mapping (Variable martflow_sources); publish and build do not.
SOURCE_AWARE_COMMANDS = {"control-check", "control-update"}


class MartflowCommandFailed(AirflowException):
    """A martflow command exited non-zero (retried)."""


def selected_domains(params: dict) -> list[str]:
    """The run's ``domains`` param in manifest order (empty or absent: every domain)."""
    wanted = params.get("domains") or list(ALL_DOMAINS)
    if isinstance(wanted, str):
        wanted = [d.strip() for d in wanted.split(",") if d.strip()]
    unknown = sorted(set(wanted) - set(ALL_DOMAINS))
    if unknown:
        raise AirflowFailException(f"unknown domain(s) {', '.join(unknown)}; manifest.yml has {', '.join(ALL_DOMAINS)}")
    return [d for d in ALL_DOMAINS if d in wanted]


def domains_to_load(context: Any) -> list[str] | None:
    """What the control check of this run found new (None when it did not run or was skipped)."""
    return context["ti"].xcom_pull(task_ids=CONTROL_CHECK_TASK_ID)


def run_martflow(args: Sequence[str], log, *, skip_when_nothing_new: bool = False, process_holder: list | None = None) -> list[str]:
    """Runs `java -jar <cli jar> args...` with the connections in its environment; returns its output lines."""
    try:
        jar = settings.cli_jar()
        _, _, put, drop = settings.connections_environment()
        if args and args[0] in SOURCE_AWARE_COMMANDS and (mapping := settings.sources_file()):
            args = [*args, "--sources", mapping]
    except settings.SettingsError as e:
        raise AirflowFailException(str(e)) from e
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    jvm = shlex.split(os.environ.get("MARTFLOW_JAVA_OPTS", "-Xmx1g"))
    cmd = [java, *jvm, "-jar", jar, *[a for a in args if a != ""]]
    env = settings.apply_environment(dict(os.environ), put, drop)
    log.info("Running %s", " ".join(shlex.quote(c) for c in cmd))
    tail: collections.deque[str] = collections.deque(maxlen=400)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
                            stdin=subprocess.DEVNULL)
    if process_holder is not None:
        process_holder[:] = [proc]
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.rstrip("\n")
        tail.append(line)
        log.info("%s", line)
    rc = proc.wait()
    lines = list(tail)
    last = next((x for x in reversed(lines) if x.strip()), "")
    what = f"martflow {args[0]}" if args else "martflow"
    if rc == 0:
        return lines
    if rc == EXIT_NOTHING_NEW and skip_when_nothing_new:
        raise AirflowSkipException(f"{what}: nothing new in the window")
    if rc in _NO_RETRY:
        raise AirflowFailException(f"{what} exited {rc} ({_NO_RETRY[rc]}): {last}")
    raise MartflowCommandFailed(f"{what} exited {rc}: {last}")


class MartflowCliOperator(BaseOperator):
    """Runs one martflow CLI command; ``arguments`` are templated (empty strings are dropped)."""

    template_fields: Sequence[str] = ("arguments",)
    template_fields_renderers = {"arguments": "json"}
    ui_color = "#e8f1ea"

    def __init__(self, *, arguments: Sequence[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.arguments = list(arguments)
        self._process: list = []

    def run(self, args: Sequence[str], **kwargs) -> list[str]:
        return run_martflow(args, self.log, process_holder=self._process, **kwargs)

    def execute(self, context: Any) -> None:
        self.run(self.arguments)

    def on_kill(self) -> None:
        for proc in self._process:
            if proc.poll() is None:
                proc.terminate()


class _WindowOperator(MartflowCliOperator):
    """A control step over the run's window (templated start and end)."""

    template_fields: Sequence[str] = ("window_start", "window_end")

    def __init__(self, *, window_start: str, window_end: str, **kwargs) -> None:
        super().__init__(arguments=[], **kwargs)
        self.window_start = window_start
        self.window_end = window_end

    def window_args(self, context: Any) -> list[str]:
        return ["--window-start", self.window_start, "--window-end", self.window_end, "--run-id", context["run_id"]]


class ControlCheckOperator(_WindowOperator):
    """control-check over the run's window; returns (XCom) the domains the run must load.

    Nothing new in any selected domain: marks the window skipped and raises AirflowSkipException,
    which skips every downstream task. A full refresh loads every selected domain whatever the check
    says. Domains with new data are marked running, the others skipped (as `martflow run` does).
    """

    def execute(self, context: Any) -> list[str]:
        params = context["params"]
        domains = selected_domains(params)
        full_refresh = bool(params.get("full_refresh"))
        window = self.window_args(context)
        try:
            lines = self.run(["control-check", *window, "--domains", ",".join(domains)], skip_when_nothing_new=True)
            fresh_line = next((x for x in lines if x.startswith("new data:")), "new data:")
            fresh = [d.strip() for d in fresh_line.split(":", 1)[1].split(",") if d.strip()]
        except AirflowSkipException:
            if not full_refresh:
                self.run(["control-update", *window, "--status", "skipped", "--domains", ",".join(domains)])
                raise
            fresh = []
        to_load = domains if full_refresh else [d for d in domains if d in fresh]
        rest = [d for d in domains if d not in to_load]
        self.run(["control-update", *window, "--status", "running", "--domains", ",".join(to_load)])
        if rest:
            self.run(["control-update", *window, "--status", "skipped", "--domains", ",".join(rest)])
        self.log.info("domains to load: %s%s", ", ".join(to_load), " (full refresh)" if full_refresh else "")
        return to_load


class ControlUpdateOperator(_WindowOperator):
    """Marks the window success for the domains this run loaded: their watermark moves to the window end."""

    def execute(self, context: Any) -> None:
        loaded = domains_to_load(context) or []
        if not loaded:
            raise AirflowSkipException("no domain was loaded")
        self.run(["control-update", *self.window_args(context), "--status", "success", "--domains", ",".join(loaded)])


_RETURN_CODE = re.compile(r"return code (\d+)")


class MartflowPipelineOperator(BeamRunJavaPipelineOperator):
    """One domain's Beam pipeline (bundled jar + job class), skipped when the domain has nothing new.

    ``pipeline_options`` holds the templated run id and window; at execute time this adds the runner,
    the jar, the connections (URL and user as options, the password by reference only) and, on
    Dataflow, ``dataflow_config`` and the Dataflow options of Variable martflow_dataflow.
    """

    ui_color = "#cfe3f7"

    def __init__(self, *, domain: str, job_class: str, window_start: str, window_end: str, **kwargs) -> None:
        pipeline_options = {"runId": "{{ run_id }}", "windowStart": window_start, "windowEnd": window_end}
        super().__init__(jar="", job_class=job_class, pipeline_options=pipeline_options, **kwargs)
        self.domain = domain

    def execute(self, context: Any):
        loaded = domains_to_load(context)
        if not loaded or self.domain not in loaded:
            raise AirflowSkipException(f"{self.domain}: not selected, or no new data in the window")
        params = context["params"]
        try:
            self.runner = settings.resolve_runner(params)
            self.jar = settings.pipeline_jar()
            warehouse, source, put, drop = settings.connections_environment()
            options = dict(self.pipeline_options)
            if params.get("full_refresh"):
                options.pop("windowStart", None)
                options["fullRefresh"] = "true"
            mapping = settings.sources_file()
            if mapping:
                options["sources"] = mapping
            if self.runner == settings.DATAFLOW:
                options.update(self._dataflow(warehouse, source))
            else:
                options.update(self._direct(warehouse, source))
        except settings.SettingsError as e:
            raise AirflowFailException(str(e)) from e
        self.pipeline_options = options
        # The Beam hook's `java` subprocess inherits this task process's environment: the passwords
        # go there (and the URLs, so LoadRunner never falls back to an embedded server).
        settings.apply_environment(os.environ, put, drop)
        self.log.info("%s: runner %s, jar %s, warehouse %s", self.domain, self.runner, self.jar, warehouse.jdbc_url)
        try:
            return super().execute(context)
        except AirflowException as e:
            code = _RETURN_CODE.search(str(e))
            if code and int(code.group(1)) in _NO_RETRY:
                raise AirflowFailException(f"{self.domain} pipeline: {e}") from e
            raise

    def _direct(self, warehouse: settings.Database, source: settings.Database | None) -> dict:
        self.dataflow_config = {}
        options = _direct_connection("", warehouse, settings.PASSWORD_ENV)
        if source is not None:
            options.update(_direct_connection("source", source, settings.SOURCE_PASSWORD_ENV))
        return options

    def _dataflow(self, warehouse: settings.Database, source: settings.Database | None) -> dict:
        df = settings.dataflow_settings()
        options: dict[str, Any] = settings.dataflow_pipeline_options(df)
        # Workers reach Cloud SQL and Google APIs privately (deploy/README.md).
        options["usePublicIps"] = bool(df.get("use_public_ips", False))
        options.update(_dataflow_connection("", warehouse, df))
        if source is not None:
            options.update(_dataflow_connection("source", source, df))
        config = {
            "project_id": df["project"],
            "location": df["region"],
            "job_name": settings.dataflow_job_name(self.task_id),
            "wait_until_finished": True,
        }
        if df.get("service_account"):
            config["service_account"] = df["service_account"]
        self.dataflow_config = config
        return options


def _named(side: str, option: str) -> str:
    """The pipeline option of a connection: dbUrl for the warehouse (side ""), sourceDbUrl for the source."""
    return side + option[0].upper() + option[1:] if side else option


def _direct_connection(side: str, db: settings.Database, password_env: str) -> dict[str, Any]:
    """DirectRunner: JDBC URL, user and the name of the variable that holds the password."""
    options: dict[str, Any] = {"dbUrl": db.jdbc_url}
    if db.user:
        options["dbUser"] = db.user
    if db.password:
        options["dbPasswordEnv"] = password_env
    return {_named(side, k): v for k, v in options.items()}


def _dataflow_connection(side: str, db: settings.Database, df: dict) -> dict[str, Any]:
    """DataflowRunner: a Cloud SQL instance (else the JDBC URL), the user, and a Secret Manager
    reference or IAM database authentication when there is none (keys of Variable martflow_dataflow:
    cloud_sql_instance, db_password_secret; source_ before them for the source)."""
    key = f"{side}_" if side else ""
    options: dict[str, Any] = {}
    if df.get(key + "cloud_sql_instance"):
        options["cloudSqlInstance"] = df[key + "cloud_sql_instance"]
        if db.database:
            options["dbName"] = db.database
    else:
        options["dbUrl"] = db.jdbc_url
    if db.user:
        options["dbUser"] = db.user
    if df.get(key + "db_password_secret"):
        options["dbPasswordSecret"] = df[key + "db_password_secret"]
    else:
        options["dbIamAuth"] = "true"
    return {_named(side, k): v for k, v in options.items()}
