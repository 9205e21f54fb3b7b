"""Registers under the plugin name "default", which the built-in pack uses."""

from __future__ import annotations

from recommender import ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return ()
