"""manifest.yml reaches the DAGs through a generated, checked-in module: it must be current."""

from __future__ import annotations

import pytest

from conftest import ROOT
from martflow_airflow import manifest


def test_generated_module_is_up_to_date_with_manifest_yml():
    wanted = manifest.render((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    current = manifest.GENERATED.read_text(encoding="utf-8")
    assert current == wanted, (
        "dags/martflow_airflow/manifest_generated.py is out of date with manifest.yml:"
        " run `python dags/martflow_airflow/manifest.py` and commit the result"
    )


def test_generated_module_lists_what_manifest_yml_lists():
    import yaml

    from martflow_airflow import manifest_generated as g

    raw = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert [d.name for d in g.DOMAINS] == [d["name"] for d in raw["domains"]]
    assert [d.pipeline for d in g.DOMAINS] == [d["pipeline"] for d in raw["domains"]]
    assert [m.name for m in g.MODELS] == [m["name"] for m in raw.get("models") or []]
    assert [q.name for q in g.QUALITY] == [q["name"] for q in raw.get("quality") or []]


def test_check_mode_reports_a_stale_module(tmp_path, capsys):
    yml = tmp_path / "manifest.yml"
    yml.write_text((ROOT / "manifest.yml").read_text() + "\n# changed\n")
    out = tmp_path / "generated.py"
    out.write_text(manifest.GENERATED.read_text())
    assert manifest.main(["--check", "--manifest", str(yml), "--output", str(out)]) == 1
    assert manifest.main(["--manifest", str(yml), "--output", str(out)]) == 0
    assert manifest.main(["--check", "--manifest", str(yml), "--output", str(out)]) == 0


SYNTHETIC = """
domains:
  - {name: customers, pipeline: a.CustomersPipeline, stage_table: stage.tmp_customers, dw_table: dw.tb_customers}
models:
  - {name: dim_date, file: core/dim_date.sql}
  - {name: dim_customer, file: core/dim_customer.sql, depends_on: []}
  - {name: fact_orders, file: core/fact_orders.sql, depends_on: [dim_date, dim_customer]}
  - {name: daily_sales, file: marts/daily_sales.sql, depends_on: [fact_orders]}
quality:
  - {name: keys, file: quality/keys.sql, severity: error}
  - {name: volume, file: quality/volume.sql, severity: warn}
"""


def test_models_get_layers_and_dependencies():
    domains, models, checks = manifest.parse(SYNTHETIC)
    assert [d.name for d in domains] == ["customers"]
    assert [(m.name, m.layer, m.depends_on) for m in models] == [
        ("dim_date", "core", ()),
        ("dim_customer", "core", ()),
        ("fact_orders", "core", ("dim_date", "dim_customer")),
        ("daily_sales", "marts", ("fact_orders",)),
    ]
    assert [(q.name, q.severity) for q in checks] == [("keys", "error"), ("volume", "warn")]


@pytest.mark.parametrize(
    "bad, message",
    [
        ("models:\n  - {name: a, file: marts/a.sql, depends_on: [b]}\n  - {name: b, file: marts/b.sql}\n",
         "not a model listed before it"),
        ("quality:\n  - {name: q, file: quality/q.sql, severity: fatal}\n", "severity"),
        ("models:\n  - {name: bad-name, file: marts/x.sql}\n", "task id"),
        ("models:\n  - {name: a, file: marts/a.sql}\n  - {name: a, file: marts/b.sql}\n", "listed twice"),
        ("domains:\n  - {name: x, pipeline: p, stage_table: s}\n", "'dw_table' missing"),
    ],
)
def test_invalid_manifests_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        manifest.parse(bad)
