"""manifest.yml as Python: the types of the generated module and the generator itself.

The DAGs must not read files at parse time, so they import ``manifest_generated`` (plain Python
literals) instead of manifest.yml. This module writes that file:

    python dags/martflow_airflow/manifest.py            # regenerate after editing manifest.yml
    python dags/martflow_airflow/manifest.py --check    # exit 1 when the checked-in file is stale

dags/tests/test_manifest.py fails when the checked-in module is out of date with manifest.yml.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "manifest.yml"
GENERATED = Path(__file__).resolve().parent / "manifest_generated.py"

_TASK_ID = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class Domain:
    """One Beam pipeline: its job class and the tables it stages into and publishes to."""

    name: str
    pipeline: str
    stage_table: str
    dw_table: str


@dataclass(frozen=True)
class Model:
    """One SQL model; layer is "core" (sql/core) or "marts" (sql/marts)."""

    name: str
    file: str
    layer: str
    depends_on: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class QualityCheck:
    """One check of sql/quality; severity "error" fails the run, "warn" only reports."""

    name: str
    file: str
    severity: str


def parse(text: str) -> tuple[list[Domain], list[Model], list[QualityCheck]]:
    """Reads manifest.yml text with the rules the Java Manifest applies, and the DAG's own."""
    import yaml  # only the generator needs it, never the DAG

    root = yaml.safe_load(text) or {}
    domains = [
        Domain(
            name=_required(d, "name"),
            pipeline=_required(d, "pipeline"),
            stage_table=_required(d, "stage_table"),
            dw_table=_required(d, "dw_table"),
        )
        for d in root.get("domains") or []
    ]
    models: list[Model] = []
    for m in root.get("models") or []:
        name, file = _required(m, "name"), _required(m, "file")
        layer = "core" if file.startswith("core/") else "marts"
        deps = tuple(m.get("depends_on") or ())
        known = {x.name for x in models}
        for dep in deps:
            if dep not in known:
                raise ValueError(
                    f"manifest.yml: model {name!r} depends on {dep!r}, which is not a model listed before it"
                    " (models are built in the order given)"
                )
        if layer == "core" and any(x.layer == "marts" for x in models if x.name in deps):
            raise ValueError(f"manifest.yml: core model {name!r} cannot depend on a mart")
        models.append(Model(name=name, file=file, layer=layer, depends_on=deps))
    checks = []
    for q in root.get("quality") or []:
        severity = _required(q, "severity")
        if severity not in ("error", "warn"):
            raise ValueError(f"manifest.yml: quality check {q.get('name')!r} has severity {severity!r}")
        checks.append(QualityCheck(name=_required(q, "name"), file=_required(q, "file"), severity=severity))
    for kind, items in (("domain", domains), ("model", models), ("quality check", checks)):
        names = [i.name for i in items]
        for n in names:
            if not _TASK_ID.match(n):
                raise ValueError(f"manifest.yml: {kind} name {n!r} must be letters, digits and _ (a task id)")
        if len(set(names)) != len(names):
            raise ValueError(f"manifest.yml: a {kind} name is listed twice: {names}")
    return domains, models, checks


def _required(entry: dict, key: str) -> str:
    value = entry.get(key)
    if value is None:
        raise ValueError(f"manifest.yml: {key!r} missing in {entry}")
    return str(value)


def render(text: str) -> str:
    """The Python module for a manifest.yml text (deterministic: same text, same module)."""
    domains, models, checks = parse(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out = [
        '"""GENERATED from manifest.yml by dags/martflow_airflow/manifest.py -- do not edit.',
        "",
        "Regenerate with `python dags/martflow_airflow/manifest.py`; dags/tests/test_manifest.py fails",
        "when this file is out of date. The DAGs import it so that parsing them reads no file.",
        '"""',
        "",
        "from martflow_airflow.manifest import Domain, Model, QualityCheck",
        "",
        f'MANIFEST_SHA256 = "{digest}"',
        "",
        "DOMAINS: tuple[Domain, ...] = (",
    ]
    for d in domains:
        out.append(
            f"    Domain(name={d.name!r}, pipeline={d.pipeline!r}, stage_table={d.stage_table!r},"
            f" dw_table={d.dw_table!r}),"
        )
    out.append(")")
    out.append("")
    out.append("# In build order; depends_on becomes the edges of the core and marts task groups.")
    out.append("MODELS: tuple[Model, ...] = (")
    for m in models:
        out.append(
            f"    Model(name={m.name!r}, file={m.file!r}, layer={m.layer!r}, depends_on={m.depends_on!r}),"
        )
    out.append(")")
    out.append("")
    out.append("QUALITY: tuple[QualityCheck, ...] = (")
    for q in checks:
        out.append(f"    QualityCheck(name={q.name!r}, file={q.file!r}, severity={q.severity!r}),")
    out.append(")")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate dags/martflow_airflow/manifest_generated.py from manifest.yml")
    ap.add_argument("--check", action="store_true", help="exit 1 when the generated module is out of date")
    ap.add_argument("--manifest", type=Path, default=MANIFEST)
    ap.add_argument("--output", type=Path, default=GENERATED)
    args = ap.parse_args(argv)
    wanted = render(args.manifest.read_text(encoding="utf-8"))
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != wanted:
            print(f"{args.output} is out of date with {args.manifest}: run python {Path(__file__)}", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    if current != wanted:
        args.output.write_text(wanted, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(f"{args.output} already up to date")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
