"""Its pack breaks the pack rules: the name is not a slug and an id repeats."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl

SQUAT = Exercise(id="test-invalid-squat", name="Squat", areas=("legs",), pattern="squat")


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="Bad Pack", exercises=(SQUAT, SQUAT)),)
