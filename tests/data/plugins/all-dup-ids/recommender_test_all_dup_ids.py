"""Offers only exercises whose ids the built-in pack already uses."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="all-dup-ids", exercises=(
        Exercise(id="bodyweight-squat", name="Squat", areas=("legs",), pattern="squat",
                 contraindications=("knee_loaded_flexion",)),
        Exercise(id="glute-bridge", name="Bridge", areas=("glutes",), pattern="bridge", contraindications=("supine",)),
    )),)
