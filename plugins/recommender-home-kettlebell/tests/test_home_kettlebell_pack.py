"""The hand-written home-kettlebell pack."""

from __future__ import annotations

from collections import Counter

from recommender.exercises import ExercisePack
from recommender.testing import check_pack, check_plugin, isolated_engine, sample_profile
from recommender.vocabulary import AREAS, LEVELS

import recommender_home_kettlebell
from recommender_home_kettlebell import PACK, recommender_exercise_packs

HOME_KIT = {"kettlebell", "resistance_band", "suspension_trainer"}


def test_pack_validates() -> None:
    """The pack passes the loader's own validation, ids clear of the built-in pack included."""
    assert check_pack(PACK) == []


def test_plugin_loads_cleanly() -> None:
    """The loader finds nothing wrong with the module: hook names, arguments, results."""
    assert check_plugin(recommender_home_kettlebell) == []


def test_ids_are_prefixed() -> None:
    """Every id starts with kb- so it never clashes with another pack's."""
    assert all(e.id.startswith("kb-") for e in PACK.exercises)


def test_a_home_gym_plan_uses_the_pack() -> None:
    """With only this pack and a kettlebell, bands and a suspension trainer, the plan is built from it."""
    engine = isolated_engine(recommender_home_kettlebell)
    profile = sample_profile(equipment=sorted(HOME_KIT), packs=["home-kettlebell"])
    plan = engine.recommend(profile)
    used = {e.pack for w in plan.weeks for s in w.sessions for e in s.exercises}
    assert used == {"home-kettlebell"}


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
    assert "knee_loaded_flexion" in by_id["kb-goblet-squat"].contraindications
    assert "shoulder_overhead" in by_id["kb-overhead-press"].contraindications
    assert "supine" in by_id["kb-floor-press"].contraindications
    assert "spine_loaded_rotation" in by_id["kb-band-woodchop"].contraindications
    assert {"wrist_loaded_extension", "head_down"} <= set(by_id["kb-suspension-pike"].contraindications)
    assert "balance_single_leg" in by_id["kb-single-leg-deadlift"].contraindications
