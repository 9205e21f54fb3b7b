"""Shared fixtures: engines without installed plugins, so results do not
depend on what happens to be installed, and a cache folder of the run's
own, so they do not depend on what earlier runs left in the user's cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recommender import Engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECOMMENDER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("RECOMMENDER_NO_CACHE", raising=False)
        yield


@pytest.fixture(scope="session", name="engine")
def _engine() -> Engine:
    return Engine(plugins=False)


@pytest.fixture(name="root")
def _root() -> Path:
    return ROOT


@pytest.fixture(name="cache")
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (not made yet), switched on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(folder))
    monkeypatch.delenv("RECOMMENDER_NO_CACHE", raising=False)
    return folder
