"""Its hook raises."""

from __future__ import annotations

from recommender import hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[object, ...]:
    raise RuntimeError("the pack data file is missing")
