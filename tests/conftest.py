"""Shared fixtures: engines without installed plugins, so results do not
depend on what happens to be installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender import Engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


@pytest.fixture(scope="session", name="engine")
def _engine() -> Engine:
    return Engine(plugins=False)


@pytest.fixture(name="root")
def _root() -> Path:
    return ROOT
