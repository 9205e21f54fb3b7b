"""Its hook builds a pack but forgets to return it."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl

PACK = ExercisePack(name="test-returns-none", exercises=(
    Exercise(id="test-returns-none-squat", name="Squat", areas=("legs",), pattern="squat"),
))


@hookimpl
def recommender_exercise_packs() -> None:
    packs = (PACK,)
    assert packs  # built, but the return statement is missing
