"""The benchmark script keeps working: its quick mode prints the table and
writes the JSON results (the numbers themselves are not checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Figures run.py measures itself (the bench_*.py modules add more).
FIGURES = (
    "start-up: python -c pass",
    "start-up: import the dependencies",
    "start-up: dependencies + importlib.metadata",
    "cli: recommend --profile examples/me.toml",
    "cli: plan / dependency imports",
    "cli: recommend --help",
    "cli: recommend --version",
    "cli: peak memory of the plan run",
    "engine: 12-week plan, built-in pack",
    "engine: 12-week plan, free-exercise-db pack",
    "rules: evaluate the shipped rules",
    "growth: plan with 100 exercises",
    "growth: plan with 1,000 exercises",
    "growth: plan time exponent (exercises)",
    "growth: rule evaluation exponent",
    "growth: rule loading exponent",
    "batch: 20 profiles, --jobs 1",
    "batch: 20 profiles, --jobs 2",
    "batch: speed-up of --jobs 2 over --jobs 1",
)


def test_quick_run_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    """`run.py --quick` prints every figure in a table and writes strict JSON with the same figures."""
    out = tmp_path / "results.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=600,
    )
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[0].split()
    assert header == ["figure", "median", "min", "max", "target", "pass"]
    data = json.loads(out.read_text(encoding="utf-8"), parse_constant=_not_json)
    assert data["meta"]["mode"] == "quick"
    names = [f["name"] for f in data["figures"]]
    for name in FIGURES:
        assert name in names
    assert not [n for n in names if n.endswith(": failed")], "a benchmark module failed"
    for fig in data["figures"]:
        assert {"name", "median", "min", "max", "target", "pass", "unit"} <= set(fig)
        assert fig["pass"] in (True, False, None)
        assert fig["name"] in r.stdout
    assert f"wrote {out}" in r.stdout


def _not_json(name: str) -> None:
    raise AssertionError(f"the JSON holds {name}, which strict JSON does not allow")
