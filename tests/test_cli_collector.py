"""Running the command in-process leaves the caller's garbage collector as
it was; the program itself skips the shutdown collection but nothing else."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("enabled", [True, False])
def test_plan_restores_the_collector(enabled: bool, capsys: pytest.CaptureFixture[str]) -> None:
    """A plan run turns collection off only while it runs, whatever the caller had."""
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["--profile", str(ROOT / "examples" / "me.toml"), "--no-plugins"]) == 0
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert "Week 1" in capsys.readouterr().out


@pytest.mark.parametrize("enabled", [True, False])
def test_batch_restores_the_collector(enabled: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A batch run leaves nothing frozen and collection as the caller had it."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "me.toml").write_text((ROOT / "examples" / "me.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["batch", str(profiles), "--out", str(tmp_path / "plans"), "--no-plugins"]) == 0
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
    assert (tmp_path / "plans" / "me.txt").is_file()
    assert "1 planned, 0 failed" in capsys.readouterr().err


# A program that records, from an atexit handler, whether the objects were
# frozen for shutdown, then runs the command's entry point.
_PROGRAM = """
import atexit, gc, sys
atexit.register(lambda: print("atexit ran, frozen:", gc.get_freeze_count() > 0, "collecting:", gc.isenabled(), file=sys.stderr))
sys.argv = ["recommend", *sys.argv[1:]]
from recommender.cli import entry_point
entry_point()
"""


@pytest.mark.parametrize(("args", "code"), [(["--profile", str(ROOT / "examples" / "me.toml")], 0), (["--profile", "missing.toml"], 2)])
def test_the_program_exits_with_the_code_and_still_runs_atexit(args: list[str], code: int) -> None:
    """The entry point exits with main's code, prints the whole plan (or the error) and still runs atexit handlers,
    with the remaining objects frozen so the shutdown collection skips them, and the collector still off at exit
    (turned back on, its next pass would walk everything the command made)."""
    r = subprocess.run([sys.executable, "-c", _PROGRAM, "--no-plugins", *args], capture_output=True, text=True, cwd=ROOT, check=False)
    assert r.returncode == code
    assert r.stderr.endswith("atexit ran, frozen: True collecting: False\n")
    if code == 0:
        assert r.stdout.startswith("Strength plan:") and r.stdout.endswith("\n")
    else:
        assert "recommend: error: missing.toml" in r.stderr


def test_the_program_runs_a_batch_and_exits_with_its_code(tmp_path: Path) -> None:
    """`recommend batch` through the entry point writes its plans, turns collection back off after its run and exits 0."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "me.toml").write_text((ROOT / "examples" / "me.toml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "plans"
    r = subprocess.run([sys.executable, "-c", _PROGRAM, "batch", str(profiles), "--out", str(out), "--no-plugins"],
                       capture_output=True, text=True, cwd=ROOT, check=False)
    assert r.returncode == 0, r.stderr
    assert (out / "me.txt").read_text(encoding="utf-8").startswith("Strength plan:")
    assert r.stderr.endswith("atexit ran, frozen: True collecting: False\n")
