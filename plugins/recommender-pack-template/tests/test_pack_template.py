"""The template pack."""

from __future__ import annotations

from recommender.exercises import ExercisePack, pack_problems

from recommender_pack_template import PACK, recommender_exercise_packs


def test_pack_validates() -> None:
    """The pack passes the loader's own validation."""
    assert pack_problems(PACK) == []


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
        "wall-push-up": ("chest", "arms"),
        "glute-bridge": ("glutes",),
        "bird-dog": ("core",),
        "supported-dumbbell-row": ("back",),
    }
