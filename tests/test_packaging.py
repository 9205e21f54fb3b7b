"""The wheel is complete: rules, the typed marker and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_rules_and_marker(tmp_path: Path) -> None:
    """A built wheel contains every shipped rule file, py.typed and the `recommend` entry point."""
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert r.returncode == 0, r.stderr
    (wheel,) = tmp_path.glob("recommender-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule in (ROOT / "rules").glob("*.toml"):
        assert f"recommender/rules/{rule.name}" in names
    assert "recommender/py.typed" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "recommend = recommender.cli:entry_point" in zipfile.ZipFile(wheel).read(entry).decode()
