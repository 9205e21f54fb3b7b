"""Exercises and exercise packs: the frozen values plugins provide."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from .vocabulary import AREAS, CONTRAINDICATIONS, EQUIPMENT, LEVELS, MECHANICS, MUSCLES, PATTERNS

__all__ = ["Exercise", "ExercisePack", "VocabularyMap", "pack_problems"]

_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}\Z")
_AREAS = frozenset(AREAS)
_EQUIPMENT = frozenset(EQUIPMENT)
_MUSCLES = frozenset(MUSCLES)
_TAGS = frozenset(CONTRAINDICATIONS)


def _tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        # A bare string would otherwise become a tuple of characters.
        raise TypeError(f"expected a list of strings, got str {value!r}")
    return tuple(value)


@attrs.frozen
class Exercise:
    """One movement, described in the shared vocabulary.

    ``areas`` are the areas it trains hard (its sets count towards them);
    ``muscles`` add detail.  ``equipment`` lists everything it needs (empty or
    ``["bodyweight"]`` means nothing).  ``level`` is the least experience it
    suits.  ``contraindications`` are tags rules can exclude.
    ``seconds_per_set`` is the working time of one set, both sides included.
    """

    id: str
    name: str
    areas: tuple[str, ...] = attrs.field(converter=_tuple)
    muscles: tuple[str, ...] = attrs.field(converter=_tuple, default=())
    equipment: tuple[str, ...] = attrs.field(converter=_tuple, default=())
    level: str = "beginner"
    pattern: str = "squat"
    mechanic: str = "compound"
    contraindications: tuple[str, ...] = attrs.field(converter=_tuple, default=())
    seconds_per_set: int = 40
    #: ``"reps"``, or ``"seconds"`` for holds and carries: their rep range is
    #: then prescribed in seconds (see :data:`recommender.plan.SECONDS_PER_REP`).
    unit: str = "reps"

    def __attrs_post_init__(self) -> None:
        problems = exercise_problems(self)
        if problems:
            raise ValueError(f"exercise {self.id!r}: {problems[0]}")


def exercise_problems(ex: Exercise) -> list[str]:
    """Every way ``ex`` breaks the vocabulary, as short messages."""
    out: list[str] = []
    if not isinstance(ex.id, str) or not _SLUG.match(ex.id):
        out.append(f"id: expected a lower-case slug like 'goblet-squat', got {ex.id!r}")
    if not isinstance(ex.name, str) or not ex.name.strip():
        out.append(f"name: expected a non-empty string, got {ex.name!r}")
    if not ex.areas:
        out.append("areas: expected at least one area")
    for field, values, allowed in (
        ("areas", ex.areas, _AREAS),
        ("muscles", ex.muscles, _MUSCLES),
        ("equipment", ex.equipment, _EQUIPMENT),
        ("contraindications", ex.contraindications, _TAGS),
    ):
        for v in values:
            if v not in allowed:
                out.append(f"{field}: unknown value {v!r}, expected one of {', '.join(sorted(allowed))}")
    if ex.level not in LEVELS:
        out.append(f"level: expected one of {', '.join(LEVELS)}, got {ex.level!r}")
    if ex.pattern not in PATTERNS:
        out.append(f"pattern: expected one of {', '.join(PATTERNS)}, got {ex.pattern!r}")
    if ex.mechanic not in MECHANICS:
        out.append(f"mechanic: expected one of {', '.join(MECHANICS)}, got {ex.mechanic!r}")
    if ex.unit not in ("reps", "seconds"):
        out.append(f"unit: expected 'reps' or 'seconds', got {ex.unit!r}")
    if type(ex.seconds_per_set) is not int or not 5 <= ex.seconds_per_set <= 600:
        out.append(f"seconds_per_set: expected an integer from 5 to 600, got {ex.seconds_per_set!r}")
    return out


def _exercises(value: Iterable[Exercise]) -> tuple[Exercise, ...]:
    return tuple(value)


@attrs.frozen
class ExercisePack:
    """A named, versioned collection of exercises.

    ``name`` is stable and unique among installed packs; exercise ids need only
    be unique within a pack (plans refer to ``pack`` + ``id``).
    """

    name: str
    exercises: tuple[Exercise, ...] = attrs.field(converter=_exercises)
    title: str = ""
    version: str = "1"
    attribution: str = ""


def pack_problems(pack: object) -> list[str]:
    """Validate ``pack`` exactly as the plugin loader does; empty means valid."""
    if not isinstance(pack, ExercisePack):
        return [f"expected an ExercisePack, got {type(pack).__name__}"]
    out: list[str] = []
    if not isinstance(pack.name, str) or not _SLUG.match(pack.name):
        out.append(f"pack name: expected a lower-case slug, got {pack.name!r}")
    if not pack.exercises:
        out.append(f"pack {pack.name!r}: has no exercises")
    seen: set[str] = set()
    for i, ex in enumerate(pack.exercises):
        if not isinstance(ex, Exercise):
            out.append(f"pack {pack.name!r}: exercises[{i}]: expected an Exercise, got {type(ex).__name__}")
            continue
        if ex.id in seen:
            out.append(f"pack {pack.name!r}: duplicate exercise id {ex.id!r}")
        seen.add(ex.id)
        if type(ex) is not Exercise:
            # An Exercise checked itself when it was made, and is frozen; a
            # subclass may have changed that, so it is checked again here.
            out.extend(f"pack {pack.name!r}: exercise {ex.id!r}: {p}" for p in exercise_problems(ex))
    return out


@attrs.frozen
class VocabularyMap:
    """Translate a pack's own names onto the shared vocabulary.

    Each mapping sends one foreign name to zero or more shared names; a name
    with no entry is reported by :meth:`translate` instead of raising, so a
    pack built from a third-party data set can say what it could not map.
    """

    muscles: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    equipment: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    levels: Mapping[str, str] = attrs.field(factory=dict)

    def translate(self, kind: str, values: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return ``(mapped, unmapped)`` for ``values`` of ``kind``
        (``"muscles"`` or ``"equipment"``), keeping first-seen order."""
        table: Mapping[str, tuple[str, ...]] = getattr(self, kind) if kind in ("muscles", "equipment") else {}
        mapped: list[str] = []
        unmapped: list[str] = []
        for v in values:
            if v in table:
                mapped.extend(x for x in table[v] if x not in mapped)
            elif v not in unmapped:
                unmapped.append(v)
        return tuple(mapped), tuple(unmapped)
