"""free-exercise-db as a recommender exercise pack.

The data is the public-domain free-exercise-db (structured fields only,
strength, powerlifting and olympic weightlifting records), mapped onto the
shared vocabulary by :func:`map_records`.  Records that cannot be mapped are
skipped and listed by :func:`load_pack`, never raised.

The mapping runs when the data is built (``tools/build_data.py`` writes
``mapped.json`` next to ``exercises.json``), not every time ``recommend``
starts: the name heuristics cost far more than reading their result, and the
test suite checks that the shipped result is exactly what the mapping code
produces.  The mapping functions are imported only when asked for.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recommender.exercises import Exercise, ExercisePack
from recommender.hookspecs import hookimpl

if TYPE_CHECKING:
    from ._mapping import VOCABULARY, map_record, map_records

__all__ = [
    "ATTRIBUTION",
    "PACK_NAME",
    "VOCABULARY",
    "load_pack",
    "map_record",
    "map_records",
    "mapped_data",
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
_LAZY = {"VOCABULARY", "map_record", "map_records"}


def __getattr__(name: str) -> Any:
    # The mapping code is for building the data and for tests; keeping it out
    # of the hook path keeps start-up fast.
    if name in _LAZY:
        from . import _mapping

        return getattr(_mapping, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def mapped_data(records: list[object]) -> dict[str, Any]:
    """What ``mapped.json`` holds for upstream ``records``: every mapped
    exercise as plain data, and the sorted report."""
    from ._mapping import map_records

    exercises, report = map_records(records)
    fields = [a.name for a in Exercise.__attrs_attrs__]
    return {
        "exercises": [{f: (list(v) if isinstance(v := getattr(e, f), tuple) else v) for f in fields} for e in exercises],
        "report": list(report),
    }


@functools.lru_cache(maxsize=1)
def load_pack() -> tuple[ExercisePack, tuple[str, ...]]:
    """The pack and a sorted report of records skipped or changed on the way.

    Cached: the result is immutable and the data file never changes at run time.
    """
    data = json.loads(_read("mapped.json"))
    mapped = tuple(Exercise(**e) for e in data["exercises"])
    exercises, dropped = _without_builtin_ids(mapped)
    pack = ExercisePack(
        name=PACK_NAME,
        exercises=exercises,
        title="free-exercise-db: strength, powerlifting and olympic weightlifting",
        version="1",
        attribution=ATTRIBUTION,
    )
    return pack, tuple(sorted((*data["report"], *dropped)))


def _read(name: str) -> str:
    """A data file shipped in this package."""
    path = Path(__file__).with_name(name)
    if path.is_file():
        # The usual case, an installed wheel on disk: importing
        # importlib.resources would cost more than reading the file.
        return path.read_text(encoding="utf-8")
    from importlib import resources

    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _without_builtin_ids(exercises: tuple[Exercise, ...]) -> tuple[tuple[Exercise, ...], list[str]]:
    """Leave out records whose id the built-in pack already uses.

    The engine would leave them out anyway, with a warning on every run that
    the person running ``recommend`` can do nothing about; the built-in
    version of such an exercise is hand-tagged, so it is the one to keep.
    """
    from recommender.packs.default import PACK as BUILTIN

    taken = {e.id for e in BUILTIN.exercises}
    kept = tuple(e for e in exercises if e.id not in taken)
    dropped = [f"skipped {e.name!r}: the built-in pack already has id {e.id!r}" for e in exercises if e.id in taken]
    return kept, dropped


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    """Provide the free-exercise-db pack."""
    return (load_pack()[0],)
