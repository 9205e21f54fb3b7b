"""The benchmark script keeps working: its quick mode prints the table and
writes the JSON results (the numbers themselves are not checked here)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Figures run.py measures itself (the bench_*.py modules add more).
FIGURES = (
    "start-up: python -c pass",
    "start-up: import the dependencies",
    "start-up: dependencies + importlib.metadata",
    "start-up: streprogen README example",
    "cli: recommend --profile examples/me.toml",
    "cli: plan / dependency imports",
    "cli: plan / streprogen README example",
    "cli: recommend --profile, the profile edited since the last run",
    "cli: edited-profile plan / dependency imports",
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
    assert data["meta"]["streprogen"]["pinned"].startswith("streprogen==")


def _bench_module(name: str) -> ModuleType:
    """A script in ``benchmarks/`` loaded as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_module() -> ModuleType:
    return _bench_module("run")


def _by_name(figures: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in figures}


def test_cli_target_is_half_of_the_reference_measured_in_the_same_rounds(tmp_path: Path) -> None:
    """A runnable reference command is timed with the others and the CLI target is half of its median."""
    run = _run_module()
    env = run.clean_env(tmp_path)
    stand_in = run.Reference([sys.executable, "-c", "pass"], "", {"streprogen": "0.0"})
    figs = _by_name(run.startup_figures(Path(sys.executable), [sys.executable, "-m", "recommender"], 3, env, stand_in))
    reference = figs["start-up: streprogen README example"]
    assert reference["n"] == 3 and "streprogen 0.0" in reference["note"]
    cli = figs["cli: recommend --profile examples/me.toml"]
    assert cli["target"] == f"<= {reference['median'] / 2:.1f} ms"
    assert "measured in the same rounds" in cli["note"]
    ratio = figs["cli: plan / streprogen README example"]
    assert ratio["target"] == "<= 0.5 x" and ratio["n"] == 3 and "paired by round" in ratio["note"]


def test_without_streprogen_the_recorded_figure_stands_in_and_says_so(tmp_path: Path) -> None:
    """With no streprogen environment the CLI target falls back to the recorded figure, flagged in the notes."""
    run = _run_module()
    env = run.clean_env(tmp_path)
    missing = run.Reference(None, "no network")
    figs = _by_name(run.startup_figures(Path(sys.executable), [sys.executable, "-m", "recommender"], 1, env, missing))
    recorded = run.STREPROGEN_README_MS
    reference = figs["start-up: streprogen README example"]
    assert reference["median"] == recorded and reference["n"] == 0 and "not measured (no network)" in reference["note"]
    cli = figs["cli: recommend --profile examples/me.toml"]
    assert cli["target"] == f"<= {recorded / 2:.1f} ms" and "NOT measured" in cli["note"]
    assert "not measured" in figs["cli: plan / streprogen README example"]["note"]


def test_a_failed_streprogen_install_falls_back_and_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When pip cannot install streprogen (offline), the run goes on with the fallback and no half-built environment."""
    run = _run_module()
    venv = tmp_path / ".venv-streprogen"
    monkeypatch.setattr(run, "STREPROGEN_VENV", venv)
    offline = run.clean_env()
    # No index and no local wheels: pip fails at once, as it would offline.
    offline.update({"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(tmp_path)})
    offline.pop("PIP_CONSTRAINT", None)
    reference = run.streprogen_reference(build=True, env=offline)
    assert reference.argv is None and "could not install streprogen==" in reference.why
    assert not venv.exists()
    assert run.streprogen_reference(build=False, env=offline).argv is None


def _not_json(name: str) -> None:
    raise AssertionError(f"the JSON holds {name}, which strict JSON does not allow")


def test_median_interval_matches_the_sign_test_tables() -> None:
    """The plugin figure's 95% interval of the median is the 14th to 28th of 41 values (the sign test's ranks), and
    narrows with more pairs."""
    bench = _bench_module("bench_plugins")
    assert bench.median_interval([float(x) for x in range(41, 0, -1)]) == (14.0, 28.0)
    lo, hi = bench.median_interval([float(x) for x in range(1, 202)])
    assert 80 < lo < 101 < hi < 122 and hi - lo < 14 * 201 / 41 / 2
    assert bench.median_interval([5.0, 1.0, 3.0]) is None  # too few values for a 95% interval
