"""Marks its hook as a pluggy wrapper, as if other plugins' results passed through it."""

from __future__ import annotations

from collections.abc import Generator

from recommender import ExercisePack, hookimpl


@hookimpl(wrapper=True)
def recommender_exercise_packs() -> Generator[None, list[ExercisePack], list[ExercisePack]]:
    result = yield
    return result
