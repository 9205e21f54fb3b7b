"""Its hook returns dicts instead of packs."""

from __future__ import annotations

from recommender import hookimpl


@hookimpl
def recommender_exercise_packs() -> list[dict[str, str]]:
    return [{"name": "test-wrong-item"}]
