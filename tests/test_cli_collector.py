"""Running the command in-process leaves the caller's garbage collector as it was."""

from __future__ import annotations

import gc
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
