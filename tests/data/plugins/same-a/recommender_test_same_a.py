"""Registers the plugin name 'same', as the other same-* distribution does."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="same-a", exercises=(
        Exercise(id="test-same-a-row", name="Row a", areas=("back",), pattern="pull_horizontal"),
    )),)
