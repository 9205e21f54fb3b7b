"""One module named by two entry points (an old plugin name kept beside a new one)."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl

PACK = ExercisePack(
    name="test-two-names",
    exercises=(Exercise(id="test-two-names-wall-sit", name="Wall sit", areas=("legs",), pattern="squat"),),
)


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (PACK,)
