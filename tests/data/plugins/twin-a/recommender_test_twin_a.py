"""Provides the pack 'twin'."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="twin", exercises=(
        Exercise(id="test-twin-a-row", name="Row", areas=("back",), pattern="pull_horizontal"),
    )),)
