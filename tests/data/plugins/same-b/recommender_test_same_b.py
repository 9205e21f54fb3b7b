"""Registers the plugin name 'same', as the other same-* distribution does."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="same-b", exercises=(
        Exercise(id="test-same-b-row", name="Row b", areas=("back",), pattern="pull_horizontal"),
    )),)
