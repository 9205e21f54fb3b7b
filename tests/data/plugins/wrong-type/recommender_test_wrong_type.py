"""Its hook returns a bare pack instead of an iterable of packs."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl

PACK = ExercisePack(name="test-wrong-type", exercises=(
    Exercise(id="test-wrong-type-squat", name="Squat", areas=("legs",), pattern="squat"),
))


@hookimpl
def recommender_exercise_packs() -> ExercisePack:
    return PACK
