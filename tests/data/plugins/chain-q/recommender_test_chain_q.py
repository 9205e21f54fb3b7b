"""Part of a chain of pack-name clashes: chain-c and chain-p offer test-chain-z, chain-p and chain-q test-chain-a."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return tuple(
        ExercisePack(name=name, exercises=(Exercise(id=f"{name}-q-squat", name="Squat", areas=("legs",), pattern="squat"),))
        for name in ("test-chain-a",)
    )
