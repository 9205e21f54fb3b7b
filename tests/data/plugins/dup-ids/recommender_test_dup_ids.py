"""Offers two exercises whose ids the built-in pack already uses, and one new one."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="dup-ids", exercises=(
        Exercise(id="bodyweight-squat", name="Squat", areas=("legs",), pattern="squat",
                 contraindications=("knee_loaded_flexion",)),
        Exercise(id="glute-bridge", name="Bridge", areas=("glutes",), pattern="bridge", contraindications=("supine",)),
        Exercise(id="test-dup-ids-calf-raise", name="Calf raise", areas=("legs",), pattern="calf_raise",
                 mechanic="isolation"),
    )),)
