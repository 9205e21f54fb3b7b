"""Exercises and exercise packs: the frozen values plugins provide."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from .values import value_eq, value_hash, value_repr
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

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

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
        if _plainly_valid(self):
            return
        problems = exercise_problems(self)
        if problems:
            raise ValueError(f"exercise {self.id!r}: {problems[0]}")


def _plainly_valid(ex: Exercise) -> bool:
    """True when ``ex`` is certainly valid, in one pass of set operations:
    packs build thousands of exercises at start-up, and listing problems
    (:func:`exercise_problems`) is only needed when there are some."""
    try:
        return (
            type(ex.id) is str
            and _SLUG.match(ex.id) is not None
            and type(ex.name) is str
            and bool(ex.name.strip())
            and ex.name.isprintable()
            and bool(ex.areas)
            and _AREAS.issuperset(ex.areas)
            and _MUSCLES.issuperset(ex.muscles)
            and _EQUIPMENT.issuperset(ex.equipment)
            and _TAGS.issuperset(ex.contraindications)
            and ex.level in LEVELS
            and ex.pattern in PATTERNS
            and ex.mechanic in MECHANICS
            and ex.unit in ("reps", "seconds")
            and type(ex.seconds_per_set) is int
            and 5 <= ex.seconds_per_set <= 600
        )
    except TypeError:  # an unhashable value: the full check says what is wrong
        return False


#: The invisible format characters ordinary text needs: the zero-width
#: non-joiner of Persian spelling, the joiner of an emoji sequence, the
#: word joiner and the soft hyphen.  Any other (text-reordering controls,
#: tag characters, annotations) could make a name show other words than it holds.
_JOINERS = frozenset("\u200c\u200d\u2060\u00ad")


def _shown_as_written(text: str) -> bool:
    """Whether every character of ``text`` is printable, a space of some
    width (a no-break space) or one of :data:`_JOINERS`."""
    import unicodedata  # only for the rare name that is not plainly printable

    return all(ch.isprintable() or ch in _JOINERS or unicodedata.category(ch) == "Zs" for ch in text)


def exercise_problems(ex: Exercise) -> list[str]:
    """Every way ``ex`` breaks the vocabulary, as short messages."""
    out: list[str] = []
    if not isinstance(ex.id, str) or not _SLUG.match(ex.id):
        out.append(f"id: expected a lower-case slug like 'goblet-squat', got {ex.id!r}")
    if not isinstance(ex.name, str) or not ex.name.strip():
        out.append(f"name: expected a non-empty string, got {ex.name!r}")
    elif not ex.name.isprintable() and not _shown_as_written(ex.name):
        # Names are printed as they are: a control character would colour
        # the terminal, move its cursor or break a plan's lines.
        out.append(f"name: expected text without control characters, got {ex.name!r}")
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

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

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

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

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


# -- plain data, for the plugin cache ------------------------------------------

_FIELDS = tuple(a.name for a in attrs.fields(Exercise))
_TUPLE_FIELDS = frozenset(a.name for a in attrs.fields(Exercise) if str(a.type) == "tuple[str, ...]")
#: What a stored pack's validity depends on besides its own data: a change in
#: the fields or the vocabulary makes every stored pack unusable.
DATA_FORMAT = (
    2,
    _FIELDS,
    tuple(a.name for a in attrs.fields(ExercisePack)),
    _SLUG.pattern,
    tuple(sorted(_AREAS)),
    tuple(sorted(_EQUIPMENT)),
    tuple(sorted(_MUSCLES)),
    tuple(sorted(_TAGS)),
    tuple(LEVELS),
    tuple(PATTERNS),
    tuple(MECHANICS),
)


def pack_to_data(pack: ExercisePack) -> tuple[object, ...] | None:
    """``pack`` as marshal-able plain data, or None when it holds anything
    :func:`pack_from_data` could not give back exactly (a subclass, a str
    subclass, a bool for an int)."""
    if type(pack) is not ExercisePack:
        return None
    head = (pack.name, pack.title, pack.version, pack.attribution)
    if any(type(v) is not str for v in head):
        return None
    rows = []
    for ex in pack.exercises:
        if type(ex) is not Exercise:
            return None
        row = attrs.astuple(ex, recurse=False)
        for f, v in zip(_FIELDS, row, strict=True):
            if f in _TUPLE_FIELDS:
                if type(v) is not tuple or any(type(x) is not str for x in v):
                    return None
            elif type(v) is not (int if f == "seconds_per_set" else str):
                return None
        rows.append(row)
    # By field, not by exercise: one tuple per field instead of one per
    # exercise is much less for marshal to build when the entry is read.
    return (*head, tuple(zip(*rows, strict=True)) if rows else ((),) * len(_FIELDS))


# Data that passed validation when it was stored, under the same DATA_FORMAT,
# is valid now: setting the slots directly skips the converters and checks,
# a sixth of the cost of Exercise(...).
_new = object.__new__
_SETTERS = tuple(vars(Exercise)[f].__set__ for f in _FIELDS)
_UNROLLED = ("id", "name", "areas", "muscles", "equipment", "level", "pattern", "mechanic", "contraindications", "seconds_per_set", "unit")


def _make_any(*row: Any) -> Exercise:
    e = _new(Exercise)
    for setter, value in zip(_SETTERS, row, strict=True):
        setter(e, value)
    return e


_S = _SETTERS if len(_SETTERS) == 11 else (_SETTERS[0],) * 11  # only used when the fields are _UNROLLED


def _make_unrolled(
    a: Any, b: Any, c: Any, d: Any, e: Any, f: Any, g: Any, h: Any, i: Any, j: Any, k: Any, *,
    _s0: Any = _S[0], _s1: Any = _S[1], _s2: Any = _S[2], _s3: Any = _S[3], _s4: Any = _S[4], _s5: Any = _S[5],
    _s6: Any = _S[6], _s7: Any = _S[7], _s8: Any = _S[8], _s9: Any = _S[9], _s10: Any = _S[10],
) -> Exercise:
    # Unrolled, with the setters bound as defaults: the loop in _make_any
    # costs twice as much, and packs of thousands are rebuilt at start-up.
    ex = _new(Exercise)
    _s0(ex, a)
    _s1(ex, b)
    _s2(ex, c)
    _s3(ex, d)
    _s4(ex, e)
    _s5(ex, f)
    _s6(ex, g)
    _s7(ex, h)
    _s8(ex, i)
    _s9(ex, j)
    _s10(ex, k)
    return ex


_make_exercise: Callable[..., Exercise] = _make_unrolled if _FIELDS == _UNROLLED else _make_any


def pack_from_data(data: Sequence[Any]) -> ExercisePack:
    """The pack :func:`pack_to_data` turned into ``data``, which must have
    come from it under the same :data:`DATA_FORMAT` (nothing is checked)."""
    name, title, version, attribution, columns = data
    return ExercisePack(name=name, exercises=tuple(map(_make_exercise, *columns)), title=title, version=version, attribution=attribution)
