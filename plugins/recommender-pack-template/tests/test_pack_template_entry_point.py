"""The installed distribution's entry point (run after pip install)."""

from __future__ import annotations

from importlib.metadata import entry_points

import pluggy
from recommender import hookspecs

import recommender_pack_template


def test_entry_point_is_discoverable() -> None:
    """The 'recommender' group lists pack-template, pointing at the module."""
    found = {ep.name: ep for ep in entry_points(group="recommender")}
    assert "pack-template" in found
    assert found["pack-template"].load() is recommender_pack_template


def test_pluggy_calls_the_hook() -> None:
    """Registered with pluggy, the module provides the pack through the hook spec."""
    pm = pluggy.PluginManager("recommender")
    pm.add_hookspecs(hookspecs)
    ep = next(ep for ep in entry_points(group="recommender") if ep.name == "pack-template")
    pm.register(ep.load())
    packs = [p for result in pm.hook.recommender_exercise_packs() for p in result]
    assert [p.name for p in packs] == ["pack-template"]
