"""free-exercise-db as a recommender exercise pack.

The data is the public-domain free-exercise-db (structured fields only,
strength, powerlifting and olympic weightlifting records), mapped onto the
shared vocabulary by :func:`map_records`.  Records that cannot be mapped are
skipped and listed by :func:`load_pack`, never raised.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from recommender.exercises import ExercisePack
from recommender.hookspecs import hookimpl

from ._mapping import VOCABULARY, map_record, map_records

__all__ = [
    "ATTRIBUTION",
    "PACK_NAME",
    "VOCABULARY",
    "load_pack",
    "map_record",
    "map_records",
    "recommender_exercise_packs",
]

PACK_NAME = "free-exercise-db"
SOURCE_COMMIT = "acd61f751fe15d618862ee3084f27e839222a28f"
ATTRIBUTION = (
    "Exercise data from free-exercise-db (https://github.com/yuhonas/free-exercise-db, "
    f"commit {SOURCE_COMMIT[:12]}), dedicated to the public domain under the Unlicense. "
    "Only names and structured fields are used; muscles, equipment and levels are mapped "
    "and patterns and contraindications inferred by recommender-free-exercise-db."
)


@functools.lru_cache(maxsize=1)
def load_pack() -> tuple[ExercisePack, tuple[str, ...]]:
    """The pack and a sorted report of records skipped or changed on the way.

    Cached: the result is immutable and the data file never changes at run time.
    """
    text = resources.files(__name__).joinpath("exercises.json").read_text(encoding="utf-8")
    exercises, report = map_records(json.loads(text))
    pack = ExercisePack(
        name=PACK_NAME,
        exercises=exercises,
        title="free-exercise-db: strength, powerlifting and olympic weightlifting",
        version="1",
        attribution=ATTRIBUTION,
    )
    return pack, report


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    """Provide the free-exercise-db pack."""
    return (load_pack()[0],)
