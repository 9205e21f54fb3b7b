"""Shared pieces of the name heuristics: the facts they read and the keyword
groups more than one rule uses.

free-exercise-db records no movement pattern or contraindications, so
:mod:`._patterns`, :mod:`._tags` and :mod:`._extras` infer them from the
lower-cased exercise name plus the record's category, force, equipment and
upstream muscle names.  Rules are keyword tables so that each decision can be
read, tested and argued with on its own line.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

__all__ = [
    "CATCH",
    "FLEX",
    "HANGS",
    "PUSH_UP",
    "REAR_DELT",
    "SNATCH",
    "TWIST",
    "Facts",
    "any_of",
    "has",
    "trains_rear_delts",
]


class Facts(NamedTuple):
    """What the heuristics may look at for one record."""

    name: str  # lower-cased
    category: str
    force: str | None
    gear: tuple[str, ...]  # already in the shared vocabulary
    primary: tuple[str, ...]  # upstream muscle names
    muscles: tuple[str, ...]  # upstream primary + secondary, deduplicated
    mechanic: str


def any_of(*alternatives: str) -> str:
    """A regex matching any of ``alternatives``."""
    return "|".join(alternatives)


def has(pattern: str, text: str) -> bool:
    """Whether ``pattern`` occurs anywhere in ``text``."""
    return _compiled(pattern).search(text) is not None


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # re's own cache holds 512 patterns and checks flags on every call; the
    # keyword tables reuse a few dozen patterns tens of thousands of times.
    return re.compile(pattern)


# Keyword groups used by more than one rule.
PUSH_UP = r"push-?ups?|pushups?"
# "to chin" is a triceps press finishing at the chin, not a chin-up.
HANGS = any_of(r"pull-?ups?", r"pullups?", r"chin-?ups?", r"(?<!to )\bchins?\b", "muscle up", "rope climb")
TWIST = any_of(
    r"(?<!with a )twist",
    "wood ?chop",
    "russian",
    "landmine 180",
    "judo flip",
    "spell caster",
    "cable lift",
    "cross-body crunch",
    "air bike",
    "windmill",
)
FLEX = any_of(
    r"sit-?ups?\b", "crunch", r"\bv-?ups?\b", "toes[- ]to[- ]bar", "jack-?knife", "cocoons", "elbow to knee", "air bike"
)
REAR_DELT = any_of("rear", "reverse (machine )?fl", "back fl", "face pull", "pull apart", "bent over.*lateral")
# Olympic-style lifts that end in a loaded dip or catch; pulls, deadlifts and
# shrugs of the same name stop before it.
CATCH = any_of(r"\b(clean|snatch)\b(?! (pull|deadlift|shrug))", r"\bjerk\b")
SNATCH = r"\bsnatch\b(?! (pull|deadlift|shrug))"


def caught_barbell_lift(f: Facts) -> bool:
    """A snatch, clean or jerk (and their balance and dip drills) with a
    barbell or in a Smith machine, or filed as an olympic lift."""
    barbell = f.category == "olympic weightlifting" or "barbell" in f.gear or "smith" in f.name
    return barbell and has(CATCH, f.name) and not has("clean grip", f.name)


def trains_rear_delts(name: str) -> bool:
    """Whether upstream's "shoulders" means the rear delts for this exercise."""
    return has(REAR_DELT, name.lower())
