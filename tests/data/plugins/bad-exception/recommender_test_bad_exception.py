"""A hook that raises an exception whose message itself cannot be made."""

from __future__ import annotations

from recommender import ExercisePack, hookimpl


class PackDataError(Exception):
    def __str__(self) -> str:
        return self.path  # type: ignore[attr-defined, no-any-return]  # never set


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    raise PackDataError()
