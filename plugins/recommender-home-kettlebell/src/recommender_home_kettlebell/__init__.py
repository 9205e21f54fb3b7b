"""A home-gym exercise pack: kettlebell, resistance bands, suspension trainer."""

from __future__ import annotations

from recommender.exercises import ExercisePack
from recommender.hookspecs import hookimpl

from ._exercises import EXERCISES

__all__ = ["PACK", "recommender_exercise_packs"]

PACK = ExercisePack(
    name="home-kettlebell",
    exercises=EXERCISES,
    title="Home kettlebell, bands and suspension trainer",
    version="1",
)


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    """Provide the home-kettlebell pack."""
    return (PACK,)
