"""Misspells the hook name."""

from __future__ import annotations

from recommender import ExercisePack, hookimpl


@hookimpl
def recommender_exercise_pack() -> tuple[ExercisePack, ...]:
    return ()
