"""Its hook asks for an argument the hook does not pass."""

from __future__ import annotations

from recommender import ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs(engine: object) -> tuple[ExercisePack, ...]:
    return ()
