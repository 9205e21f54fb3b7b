"""The hand-written home-kettlebell pack."""

from __future__ import annotations

from collections import Counter

from recommender.exercises import ExercisePack, pack_problems
from recommender.vocabulary import AREAS, LEVELS

from recommender_home_kettlebell import PACK, recommender_exercise_packs

HOME_KIT = {"kettlebell", "resistance_band", "suspension_trainer"}


def test_pack_validates() -> None:
    """The pack passes the loader's own validation."""
    assert pack_problems(PACK) == []


def test_hook_returns_the_pack() -> None:
    """The hook returns exactly this pack."""
    packs = tuple(recommender_exercise_packs())
    assert packs == (PACK,)
    assert isinstance(packs[0], ExercisePack)
    assert packs[0].name == "home-kettlebell"


def test_ids_are_unique() -> None:
    """No two exercises share an id."""
    ids = [e.id for e in PACK.exercises]
    assert len(ids) == len(set(ids))


def test_names_are_unique() -> None:
    """No two exercises share a display name."""
    names = [e.name for e in PACK.exercises]
    assert len(names) == len(set(names))


def test_at_least_25_exercises() -> None:
    """The pack is big enough to fill a home programme."""
    assert len(PACK.exercises) >= 25


def test_every_area_present() -> None:
    """Each of the seven areas has exercises."""
    assert {a for e in PACK.exercises for a in e.areas} == set(AREAS)


def test_every_level_present() -> None:
    """The pack runs from beginner to advanced."""
    assert {e.level for e in PACK.exercises} == set(LEVELS)


def test_uses_only_home_kit() -> None:
    """Every exercise needs some home kit and nothing else."""
    for e in PACK.exercises:
        assert e.equipment, e.id
        assert set(e.equipment) <= HOME_KIT, e.id


def test_each_kind_of_kit_is_well_covered() -> None:
    """Kettlebell, bands and suspension trainer each carry several exercises."""
    counts = Counter(item for e in PACK.exercises for item in e.equipment)
    assert all(counts[item] >= 8 for item in HOME_KIT), counts


def test_expected_tags() -> None:
    """Spot-check honest tags on exercises where they matter."""
    by_id = {e.id: e for e in PACK.exercises}
    assert "knee_loaded_flexion" in by_id["kettlebell-goblet-squat"].contraindications
    assert "shoulder_overhead" in by_id["kettlebell-overhead-press"].contraindications
    assert "supine" in by_id["kettlebell-floor-press"].contraindications
    assert "spine_loaded_rotation" in by_id["band-woodchop"].contraindications
    assert {"wrist_loaded_extension", "head_down"} <= set(by_id["suspension-pike"].contraindications)
    assert "balance_single_leg" in by_id["kettlebell-single-leg-deadlift"].contraindications
