"""Execute-time behaviour of the martflow operators without Airflow running: how the password
reaches Java, runner and Dataflow settings, skips, exit codes, windows and the failure callback."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from airflow.providers.apache.beam.operators.beam import BeamRunJavaPipelineOperator
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

from martflow_airflow import flow, operators, settings

PASSWORD = "s3cr3t-Pa55word"
WAREHOUSE = settings.Database("martflow_warehouse", "jdbc:postgresql://db:5432/martflow", "loader", PASSWORD, "martflow")
SOURCE = settings.Database("martflow_source", "jdbc:postgresql://src:5432/shop", "reader", "src-" + PASSWORD, "shop")


class FakeTI:
    def __init__(self, loaded):
        self.loaded = loaded
        self.task_id = "load.customers"

    def xcom_pull(self, task_ids=None, **_):
        assert task_ids == "control_check"
        return self.loaded


def context(loaded=("customers",), **params):
    p = {"domains": ["customers", "products", "orders", "order_items"], "full_refresh": False, "runner": "default",
         "overlap_minutes": 10, **params}
    return {"ti": FakeTI(list(loaded) if loaded is not None else None), "params": p, "run_id": "scheduled__x"}


@pytest.fixture
def captured(monkeypatch):
    """Replaces the Beam operator's execute (which would start Java) and the settings lookups."""
    seen = {}

    def fake_execute(self, ctx):
        seen.update(runner=self.runner, jar=self.jar, options=dict(self.pipeline_options),
                    dataflow_config=self.dataflow_config, env=dict(os.environ))
        return "ok"

    monkeypatch.setattr(BeamRunJavaPipelineOperator, "execute", fake_execute)
    monkeypatch.setattr(settings, "pipeline_jar", lambda: "/opt/martflow.jar")
    monkeypatch.setattr(settings, "sources_file", lambda: None)
    monkeypatch.setattr(settings, "connections_environment",
                        lambda: (WAREHOUSE, SOURCE, *settings.java_environment(WAREHOUSE, SOURCE)))
    for k in ("MARTFLOW_DB_PASSWORD", "MARTFLOW_SOURCE_DB_PASSWORD", "MARTFLOW_DB_URL", "MARTFLOW_DB_USER",
              "MARTFLOW_SOURCE_DB_URL", "MARTFLOW_SOURCE_DB_USER", "MARTFLOW_DB_PASSWORD_FILE"):
        monkeypatch.delenv(k, raising=False)
    return seen


def load_op():
    return operators.MartflowPipelineOperator(
        task_id="load.customers", domain="customers", job_class="io.martflow.pipelines.customers.CustomersPipeline",
        window_start="2026-11-01T23:50:00Z", window_end="2026-11-03T00:00:00Z")


def test_direct_runner_gets_the_password_through_its_environment_only(captured, monkeypatch):
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DIRECT)
    assert load_op().execute(context()) == "ok"
    opts = captured["options"]
    assert captured["runner"] == "DirectRunner"
    assert opts["dbUrl"] == WAREHOUSE.jdbc_url and opts["dbUser"] == "loader"
    assert opts["dbPasswordEnv"] == "MARTFLOW_DB_PASSWORD"
    assert opts["sourceDbPasswordEnv"] == "MARTFLOW_SOURCE_DB_PASSWORD"
    assert not any(PASSWORD in str(v) for v in opts.values()), "no password among the pipeline options (flags)"
    env = captured["env"]
    assert env["MARTFLOW_DB_PASSWORD"] == PASSWORD and env["MARTFLOW_SOURCE_DB_PASSWORD"] == "src-" + PASSWORD
    assert env["MARTFLOW_DB_URL"] == WAREHOUSE.jdbc_url, "the launcher never falls back to an embedded server"
    assert "dbPasswordSecret" not in opts


def test_dataflow_runner_gets_a_secret_reference_and_dataflow_config(captured, monkeypatch):
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DATAFLOW)
    monkeypatch.setattr(settings, "dataflow_settings", lambda: {
        "project": "shop-prod", "region": "europe-west1", "temp_location": "gs://b/tmp",
        "staging_location": "gs://b/staging", "service_account": "beam@shop-prod.iam.gserviceaccount.com",
        "subnetwork": "regions/europe-west1/subnetworks/s", "max_workers": 8, "machine_type": "n2-standard-4",
        "cloud_sql_instance": "shop-prod:europe-west1:wh",
        "db_password_secret": "projects/shop-prod/secrets/wh/versions/latest",
        "source_db_password_secret": "projects/shop-prod/secrets/src/versions/3"})
    load_op().execute(context())
    opts, config = captured["options"], captured["dataflow_config"]
    assert captured["runner"] == "DataflowRunner"
    assert config == {"project_id": "shop-prod", "location": "europe-west1", "job_name": "martflow-load-customers",
                      "wait_until_finished": True, "service_account": "beam@shop-prod.iam.gserviceaccount.com"}
    assert opts["dbPasswordSecret"] == "projects/shop-prod/secrets/wh/versions/latest"
    assert opts["sourceDbPasswordSecret"] == "projects/shop-prod/secrets/src/versions/3"
    assert opts["cloudSqlInstance"] == "shop-prod:europe-west1:wh" and opts["dbName"] == "martflow"
    assert "dbUrl" not in opts and "dbPasswordEnv" not in opts
    assert opts["tempLocation"] == "gs://b/tmp" and opts["maxNumWorkers"] == 8
    assert opts["workerMachineType"] == "n2-standard-4"
    assert opts["usePublicIps"] is False and "dbIamAuth" not in opts
    assert not any(PASSWORD in str(v) for v in opts.values())


def test_dataflow_without_a_password_secret_uses_iam_auth(captured, monkeypatch):
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DATAFLOW)
    monkeypatch.setattr(settings, "dataflow_settings", lambda: {
        "project": "p", "region": "r", "temp_location": "gs://b/tmp", "cloud_sql_instance": "p:r:i",
        "db_password_secret": "", "source_db_password_secret": ""})
    load_op().execute(context())
    opts = captured["options"]
    assert opts["dbIamAuth"] == "true" and opts["sourceDbIamAuth"] == "true"
    assert "dbPasswordSecret" not in opts and "dbPasswordEnv" not in opts


def test_warehouse_and_source_get_the_same_options_under_their_own_names(captured, monkeypatch):
    """Every connection option the warehouse gets, the source gets as source<Name>, on both runners."""
    window = {"runId": "{{ run_id }}", "windowStart": "2026-11-01T23:50:00Z", "windowEnd": "2026-11-03T00:00:00Z"}
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DIRECT)
    load_op().execute(context())
    assert captured["options"] == {
        **window,
        "dbUrl": WAREHOUSE.jdbc_url, "dbUser": "loader", "dbPasswordEnv": "MARTFLOW_DB_PASSWORD",
        "sourceDbUrl": SOURCE.jdbc_url, "sourceDbUser": "reader", "sourceDbPasswordEnv": "MARTFLOW_SOURCE_DB_PASSWORD",
    }

    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DATAFLOW)
    monkeypatch.setattr(settings, "dataflow_settings", lambda: {
        "project": "p", "region": "r", "temp_location": "gs://b/tmp", "use_public_ips": True,
        "cloud_sql_instance": "p:r:wh", "db_password_secret": "projects/p/secrets/wh/versions/1",
        "source_cloud_sql_instance": "p:r:src", "source_db_password_secret": "projects/p/secrets/src/versions/2"})
    load_op().execute(context())
    assert captured["options"] == {
        **window, "tempLocation": "gs://b/tmp", "usePublicIps": True,
        "cloudSqlInstance": "p:r:wh", "dbName": "martflow", "dbUser": "loader",
        "dbPasswordSecret": "projects/p/secrets/wh/versions/1",
        "sourceCloudSqlInstance": "p:r:src", "sourceDbName": "shop", "sourceDbUser": "reader",
        "sourceDbPasswordSecret": "projects/p/secrets/src/versions/2",
    }

    # No instance: JDBC URLs; no secret: IAM authentication. A database without a user or password
    # gets neither option.
    anonymous = settings.Database("martflow_source", "jdbc:postgresql://src:5432/shop", None, None, "shop")
    monkeypatch.setattr(settings, "connections_environment",
                        lambda: (WAREHOUSE, anonymous, *settings.java_environment(WAREHOUSE, anonymous)))
    monkeypatch.setattr(settings, "dataflow_settings", lambda: {"project": "p", "region": "r", "temp_location": "gs://b/tmp"})
    load_op().execute(context())
    assert captured["options"] == {
        **window, "tempLocation": "gs://b/tmp", "usePublicIps": False,
        "dbUrl": WAREHOUSE.jdbc_url, "dbUser": "loader", "dbIamAuth": "true",
        "sourceDbUrl": anonymous.jdbc_url, "sourceDbIamAuth": "true",
    }
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DIRECT)
    load_op().execute(context())
    assert captured["options"] == {
        **window, "dbUrl": WAREHOUSE.jdbc_url, "dbUser": "loader", "dbPasswordEnv": "MARTFLOW_DB_PASSWORD",
        "sourceDbUrl": anonymous.jdbc_url,
    }


def test_dataflow_without_its_variable_fails_without_retry(captured, monkeypatch):
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DATAFLOW)

    def missing():
        raise settings.SettingsError("runner DataflowRunner needs the Airflow Variable martflow_dataflow")

    monkeypatch.setattr(settings, "dataflow_settings", missing)
    with pytest.raises(AirflowFailException, match="martflow_dataflow"):
        load_op().execute(context())


@pytest.mark.parametrize("loaded", [None, (), ("orders",)])
def test_a_domain_without_new_data_or_not_selected_is_skipped(captured, loaded):
    with pytest.raises(AirflowSkipException):
        load_op().execute(context(loaded=loaded))
    assert captured == {}


def test_full_refresh_reads_everything(captured, monkeypatch):
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DIRECT)
    load_op().execute(context(full_refresh=True))
    assert captured["options"]["fullRefresh"] == "true"
    assert "windowStart" not in captured["options"]


def test_runner_param_overrides_the_variable(monkeypatch):
    from airflow.sdk import Variable

    monkeypatch.setattr(Variable, "get", classmethod(lambda cls, key, default=None, **kw: "DataflowRunner"))
    assert settings.resolve_runner({"runner": "DirectRunner"}) == "DirectRunner"
    assert settings.resolve_runner({"runner": "default"}) == "DataflowRunner"
    monkeypatch.setattr(Variable, "get", classmethod(lambda cls, key, default=None, **kw: default))
    assert settings.resolve_runner({}) == "DirectRunner"
    monkeypatch.setattr(Variable, "get", classmethod(lambda cls, key, default=None, **kw: "SparkRunner"))
    with pytest.raises(settings.SettingsError):
        settings.resolve_runner({"runner": "default"})


def test_connection_to_jdbc_url(monkeypatch):
    from airflow.sdk import Connection

    conn = Connection(conn_id="martflow_warehouse", conn_type="postgres", host="db.internal", port=6432,
                      schema="mart", login="loader", password=PASSWORD, extra='{"sslmode": "require", "cursor": "x"}')
    monkeypatch.setattr(Connection, "get", classmethod(lambda cls, conn_id: conn))
    db = settings.database("martflow_warehouse")
    assert db.jdbc_url == "jdbc:postgresql://db.internal:6432/mart?sslmode=require"
    assert db.user == "loader" and db.password == PASSWORD
    assert PASSWORD not in repr(db)
    put, drop = settings.java_environment(db, None)
    assert put == {"MARTFLOW_DB_URL": db.jdbc_url, "MARTFLOW_DB_USER": "loader", "MARTFLOW_DB_PASSWORD": PASSWORD}
    assert {"MARTFLOW_DB_PASSWORD_FILE", "MARTFLOW_SOURCE_DB_URL", "MARTFLOW_SOURCE_DB_PASSWORD"} <= set(drop)


@pytest.fixture
def fake_java(tmp_path, monkeypatch):
    """JAVA_HOME whose `java` records argv and the password it sees, and exits with $FAKE_EXIT."""
    home = tmp_path / "jdk"
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    record = tmp_path / "record"
    java.write_text(f"""#!/bin/sh
echo "$@" > {record}.argv
echo "$MARTFLOW_DB_PASSWORD" > {record}.env
echo "new data: customers,orders"
exit ${{FAKE_EXIT:-0}}
""")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("JAVA_HOME", str(home))
    monkeypatch.setattr(settings, "cli_jar", lambda: "/opt/martflow.jar")
    monkeypatch.setattr(settings, "sources_file", lambda: None)
    monkeypatch.setattr(settings, "connections_environment",
                        lambda: (WAREHOUSE, None, *settings.java_environment(WAREHOUSE, None)))
    return record


def test_cli_gets_the_password_in_its_environment_not_its_arguments(fake_java):
    import logging

    lines = operators.run_martflow(["publish", "--domain", "customers", "", "--run-id", "r1"], logging.getLogger("t"))
    assert lines == ["new data: customers,orders"]
    argv = fake_java.with_suffix(".argv").read_text().split()
    assert argv[-5:] == ["publish", "--domain", "customers", "--run-id", "r1"], "empty arguments are dropped"
    assert PASSWORD not in " ".join(argv)
    assert fake_java.with_suffix(".env").read_text().strip() == PASSWORD


@pytest.mark.parametrize("code, error", [
    (99, AirflowSkipException), (2, AirflowFailException), (5, AirflowFailException),
    (1, operators.MartflowCommandFailed), (3, operators.MartflowCommandFailed), (4, operators.MartflowCommandFailed)])
def test_exit_codes(fake_java, monkeypatch, code, error):
    import logging

    monkeypatch.setenv("FAKE_EXIT", str(code))
    with pytest.raises(error):
        operators.run_martflow(["control-check"], logging.getLogger("t"), skip_when_nothing_new=True)
    if code == 99:
        with pytest.raises(operators.MartflowCommandFailed):
            operators.run_martflow(["publish"], logging.getLogger("t"))


def test_windows():
    start = datetime(2026, 11, 2, tzinfo=timezone.utc)
    assert flow.window_start(start, {"overlap_minutes": 10}) == "2026-11-01T23:50:00Z"
    assert flow.window_start(start, {"overlap_minutes": 0}) == "2026-11-02T00:00:00Z"
    assert flow.window_start(start, {"full_refresh": True, "overlap_minutes": 10}) == "0001-01-01T00:00:00Z"
    assert flow.window_end(datetime(2026, 11, 3, tzinfo=timezone.utc)) == "2026-11-03T00:00:00Z"
    run = SimpleNamespace(run_after=datetime(2026, 11, 23, 16, 5, 1, tzinfo=timezone.utc))
    assert flow.window_end(None, run) == "2026-11-23T16:05:01Z"


def test_failure_callback_marks_the_window_failed(monkeypatch):
    calls = []
    monkeypatch.setattr(flow, "run_martflow", lambda args, log: calls.append(args))
    ctx = context(loaded=("customers", "orders"))
    ctx.update(data_interval_start=datetime(2026, 11, 2, tzinfo=timezone.utc),
               data_interval_end=datetime(2026, 11, 3, tzinfo=timezone.utc),
               exception=RuntimeError("boom"), dag_run=None)
    flow.mark_window_failed(ctx)
    (args,) = calls
    assert args[:7] == ["control-update", "--window-start", "2026-11-01T23:50:00Z", "--window-end",
                        "2026-11-03T00:00:00Z", "--status", "failed"]
    assert args[args.index("--domains") + 1] == "customers,orders"
    assert "boom" in args[args.index("--error") + 1]
    # never raises, even when the CLI cannot run
    monkeypatch.setattr(flow, "run_martflow", lambda args, log: 1 / 0)
    flow.mark_window_failed(ctx)


def test_a_source_mapping_reaches_the_control_steps_and_the_loads(fake_java, captured, monkeypatch):
    import logging

    monkeypatch.setattr(settings, "sources_file", lambda: "/etc/martflow/sources.yml")
    operators.run_martflow(["control-check", "--run-id", "r"], logging.getLogger("t"))
    assert fake_java.with_suffix(".argv").read_text().split()[-2:] == ["--sources", "/etc/martflow/sources.yml"]
    operators.run_martflow(["publish", "--domain", "orders"], logging.getLogger("t"))
    assert "--sources" not in fake_java.with_suffix(".argv").read_text()
    monkeypatch.setattr(settings, "resolve_runner", lambda params: settings.DIRECT)
    load_op().execute(context())
    assert captured["options"]["sources"] == "/etc/martflow/sources.yml"


@pytest.fixture
def cli_calls(monkeypatch):
    """The martflow commands the control operators run; control-check finds customers and orders new
    (or nothing, when the list is emptied)."""
    calls: list[list[str]] = []
    fresh = ["customers", "orders"]

    def fake_run(self, args, skip_when_nothing_new=False):
        calls.append(list(args))
        if args[0] == "control-check":
            if not fresh:
                raise AirflowSkipException("nothing new")
            return ["some log line", "new data: " + ",".join(fresh)]
        return []

    monkeypatch.setattr(operators.MartflowCliOperator, "run", fake_run)
    return SimpleNamespace(calls=calls, fresh=fresh)


WINDOW_ARGS = ["--window-start", "S", "--window-end", "E", "--run-id", "scheduled__x"]


def control_check():
    return operators.ControlCheckOperator(task_id="control_check", window_start="S", window_end="E")


def test_control_check_marks_the_domains_to_load_running_and_the_others_skipped(cli_calls):
    assert control_check().execute(context(domains=["customers", "products", "orders"])) == ["customers", "orders"]
    assert cli_calls.calls == [
        ["control-check", *WINDOW_ARGS, "--domains", "customers,products,orders"],
        ["control-update", *WINDOW_ARGS, "--status", "running", "--domains", "customers,orders"],
        ["control-update", *WINDOW_ARGS, "--status", "skipped", "--domains", "products"],
    ]


def test_control_check_with_nothing_new_skips_the_run_unless_it_is_a_full_refresh(cli_calls):
    cli_calls.fresh.clear()
    with pytest.raises(AirflowSkipException):
        control_check().execute(context(domains=["customers", "orders"]))
    assert cli_calls.calls[1:] == [["control-update", *WINDOW_ARGS, "--status", "skipped", "--domains", "customers,orders"]]
    cli_calls.calls.clear()
    assert control_check().execute(context(domains=["customers", "orders"], full_refresh=True)) == ["customers", "orders"]
    assert cli_calls.calls[1:] == [["control-update", *WINDOW_ARGS, "--status", "running", "--domains", "customers,orders"]]


def test_control_update_marks_the_loaded_domains_success(cli_calls):
    update = operators.ControlUpdateOperator(task_id="control_update", window_start="S", window_end="E")
    update.execute(context(loaded=("customers", "orders")))
    assert cli_calls.calls == [["control-update", *WINDOW_ARGS, "--status", "success", "--domains", "customers,orders"]]
    with pytest.raises(AirflowSkipException):
        update.execute(context(loaded=()))
    assert len(cli_calls.calls) == 1
