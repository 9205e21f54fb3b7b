"""Tests for the built-in default exercise pack."""

from __future__ import annotations

import re

import pytest

import recommender.packs.default
from recommender.exercises import Exercise, ExercisePack, pack_problems
from recommender.packs.default import PACK
from recommender.vocabulary import AREAS, CONTRAINDICATIONS, EQUIPMENT, MUSCLE_AREA

#: Tags each injury or condition excludes; the pack must leave options under each.
EXCLUSIONS: dict[str, frozenset[str]] = {
    "knee": frozenset({"knee_loaded_flexion", "knee_impact"}),
    "lower_back": frozenset({"spine_axial_load", "spine_loaded_flexion", "spine_loaded_rotation"}),
    "shoulder": frozenset({"shoulder_overhead", "shoulder_end_range"}),
    "wrist": frozenset({"wrist_loaded_extension", "grip_heavy"}),
    "hip": frozenset({"hip_deep_flexion", "high_impact"}),
    "ankle": frozenset({"ankle_impact", "balance_single_leg"}),
    "neck": frozenset({"neck_load", "head_down"}),
    "pregnancy": frozenset({"supine", "prone", "breath_hold", "head_down", "high_impact", "spine_loaded_flexion"}),
    "hypertension": frozenset({"breath_hold", "head_down"}),
    "osteoporosis": frozenset({"spine_loaded_flexion", "spine_loaded_rotation", "high_impact"}),
}

#: Equipment subsets a beginner may own, each with the minimum options per area.
EQUIPMENT_SUBSETS: dict[str, tuple[frozenset[str], int]] = {
    "bodyweight": (frozenset(), 3),
    "dumbbells": (frozenset({"dumbbells"}), 3),
    "resistance_band": (frozenset({"resistance_band"}), 3),
}

EXERCISES: tuple[Exercise, ...] = PACK.exercises


def needs(ex: Exercise) -> frozenset[str]:
    """Equipment ``ex`` needs beyond the body itself."""
    return frozenset(ex.equipment) - {"bodyweight"}


def beginner_options(area: str, owned: frozenset[str], excluded: frozenset[str] = frozenset()) -> list[str]:
    """Ids of beginner exercises for ``area`` usable with ``owned`` and free of ``excluded`` tags."""
    return [
        ex.id
        for ex in EXERCISES
        if area in ex.areas
        and ex.level == "beginner"
        and needs(ex) <= owned
        and not excluded & set(ex.contraindications)
    ]


def test_pack_is_valid() -> None:
    """The pack passes the same validation the plugin loader applies."""
    assert isinstance(PACK, ExercisePack)
    assert pack_problems(PACK) == []
    assert PACK.name == "default"


def test_pack_has_at_least_75_exercises() -> None:
    """The pack offers at least 75 exercises."""
    assert len(EXERCISES) >= 75


def test_ids_are_unique_hyphenated_slugs() -> None:
    """Exercise ids are unique lower-case slugs separated by hyphens."""
    ids = [ex.id for ex in EXERCISES]
    assert len(ids) == len(set(ids))
    for ex_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ex_id), ex_id


def test_names_are_unique() -> None:
    """No two exercises share a display name."""
    names = [ex.name.lower() for ex in EXERCISES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("subset", list(EQUIPMENT_SUBSETS))
def test_beginner_options_per_equipment_subset(area: str, subset: str) -> None:
    """Every area has at least 3 beginner exercises usable with bodyweight, dumbbells or a band alone."""
    owned, minimum = EQUIPMENT_SUBSETS[subset]
    options = beginner_options(area, owned)
    assert len(options) >= minimum, (area, subset, options)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("restriction", list(EXCLUSIONS))
def test_bodyweight_beginner_options_survive_each_restriction(area: str, restriction: str) -> None:
    """Every area keeps at least 2 bodyweight beginner exercises after an injury's or condition's exclusions."""
    tags = EXCLUSIONS[restriction]
    assert tags <= set(CONTRAINDICATIONS)
    options = beginner_options(area, frozenset(), tags)
    assert len(options) >= 2, (area, restriction, options)


def test_hook_returns_the_pack() -> None:
    """The plugin hook returns a tuple containing the default pack."""
    result = recommender.packs.default.recommender_exercise_packs()
    assert isinstance(result, tuple)
    assert PACK in result


def test_every_equipment_kind_is_used() -> None:
    """Every equipment kind except bodyweight is needed by some exercise."""
    used = {item for ex in EXERCISES for item in ex.equipment}
    assert set(EQUIPMENT) - {"bodyweight"} <= used


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_progressions(area: str) -> None:
    """Every area has intermediate-or-advanced exercises to progress to."""
    assert any(area in ex.areas and ex.level != "beginner" for ex in EXERCISES)


def test_level_mix() -> None:
    """The pack has at least 12 intermediate and 6 advanced exercises."""
    levels = [ex.level for ex in EXERCISES]
    assert levels.count("intermediate") >= 12
    assert levels.count("advanced") >= 6


def test_muscles_agree_with_areas() -> None:
    """The first muscle belongs to a listed area, and every listed area has a listed muscle."""
    for ex in EXERCISES:
        assert ex.muscles, ex.id
        assert MUSCLE_AREA[ex.muscles[0]] in ex.areas, ex.id
        muscle_areas = {MUSCLE_AREA[m] for m in ex.muscles}
        assert set(ex.areas) <= muscle_areas, ex.id


def test_seconds_per_set_are_realistic() -> None:
    """Working time per set stays between 25 and 90 seconds."""
    for ex in EXERCISES:
        assert 25 <= ex.seconds_per_set <= 90, ex.id


def test_no_duplicate_tags_or_equipment() -> None:
    """No exercise lists the same area, muscle, equipment or tag twice."""
    for ex in EXERCISES:
        for values in (ex.areas, ex.muscles, ex.equipment, ex.contraindications):
            assert len(values) == len(set(values)), ex.id


def test_squats_and_lunges_carry_knee_tag() -> None:
    """Every squat or lunge pattern is tagged as loaded knee flexion."""
    for ex in EXERCISES:
        if ex.pattern in ("squat", "lunge"):
            assert "knee_loaded_flexion" in ex.contraindications, ex.id


def test_overhead_patterns_carry_overhead_tag() -> None:
    """Every vertical press or pull is tagged as overhead work."""
    for ex in EXERCISES:
        if ex.pattern in ("push_vertical", "pull_vertical"):
            assert "shoulder_overhead" in ex.contraindications, ex.id


def test_jumps_carry_impact_tags() -> None:
    """Every jumping exercise carries the knee, ankle and high-impact tags."""
    jumps = [ex for ex in EXERCISES if "jump" in ex.id]
    assert jumps
    for ex in jumps:
        assert {"knee_impact", "ankle_impact", "high_impact"} <= set(ex.contraindications), ex.id


def test_barbell_squats_and_presses_load_the_spine() -> None:
    """Barbell squats, deadlifts and standing presses are tagged as axial spine load."""
    for ex_id in ("barbell-back-squat", "barbell-front-squat", "barbell-deadlift", "barbell-overhead-press"):
        ex = next(e for e in EXERCISES if e.id == ex_id)
        assert "spine_axial_load" in ex.contraindications, ex_id


def test_supine_and_prone_are_exclusive() -> None:
    """No exercise is tagged both supine and prone."""
    for ex in EXERCISES:
        assert not {"supine", "prone"} <= set(ex.contraindications), ex.id


def test_hanging_and_heavy_pulls_carry_grip_tag() -> None:
    """Bar hangs, two-legged loaded deadlifts and carries are tagged as heavy grip."""
    for ex in EXERCISES:
        hangs = "pull_up_bar" in ex.equipment
        heavy_deadlift = "deadlift" in ex.id and "band" not in ex.id and "single-leg" not in ex.id
        if hangs or heavy_deadlift or ex.pattern == "carry":
            assert "grip_heavy" in ex.contraindications, ex.id
