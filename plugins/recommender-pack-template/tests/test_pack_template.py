"""The template pack."""

from __future__ import annotations

from recommender.engine import Engine
from recommender.exercises import ExercisePack
from recommender.testing import check_pack, check_plugin, sample_profile

import recommender_pack_template
from recommender_pack_template import PACK, recommender_exercise_packs


def test_pack_validates() -> None:
    """The pack passes the loader's own validation, ids clear of the built-in pack included."""
    assert check_pack(PACK) == []


def test_plugin_loads_cleanly() -> None:
    """The loader finds nothing wrong with the module: hook names, arguments, results."""
    assert check_plugin(recommender_pack_template) == []


def test_plans_can_draw_on_the_pack(engine: Engine) -> None:
    """A profile that asks for this pack gets a verified plan built from it and the built-in pack."""
    plan = engine.recommend(sample_profile(equipment=["dumbbells", "bench"], packs=["default", "pack-template"]))
    assert plan.packs == ("default", "pack-template")
    assert ("pack-template", "template-bird-dog") in engine.catalog


def test_hook_returns_the_pack() -> None:
    """The hook returns exactly this pack."""
    packs = tuple(recommender_exercise_packs())
    assert packs == (PACK,)
    assert isinstance(packs[0], ExercisePack)
    assert packs[0].name == "pack-template"


def test_ids_are_unique() -> None:
    """No two exercises share an id."""
    ids = [e.id for e in PACK.exercises]
    assert len(ids) == len(set(ids))


def test_stays_small() -> None:
    """The template keeps to three or four exercises so the tutorial stays short."""
    assert 3 <= len(PACK.exercises) <= 4


def test_expected_exercises() -> None:
    """The tutorial refers to these ids and areas."""
    assert {e.id: e.areas for e in PACK.exercises} == {
        "template-wall-push-up": ("chest", "arms"),
        "template-glute-bridge": ("glutes",),
        "template-bird-dog": ("core",),
        "template-supported-dumbbell-row": ("back",),
    }
