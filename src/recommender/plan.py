"""The plan: frozen values whose field names are the public JSON contract."""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from .errors import PlanFileError
from .limits import (
    MAX_EXERCISES_PER_SESSION,
    MAX_PLAN_FILE_BYTES,
    MAX_PLAN_WEEKS,
    MAX_SESSIONS_PER_WEEK,
    PLAN_INT_BOUNDS,
    parse_json,
    read_text_limited,
    require_text,
    shown_int,
)
from .values import FrozenDict, value_eq, value_hash, value_repr
from .vocabulary import NOTICE_LEVELS

__all__ = [
    "SCHEMA_VERSION",
    "SECONDS_PER_REP",
    "Aerobic",
    "Plan",
    "PlanNotice",
    "PlannedExercise",
    "PrescribedValue",
    "Session",
    "Swap",
    "Week",
    "load_plan",
    "plan_from_dict",
    "plan_to_dict",
]

#: Holds and carries are prescribed in seconds: each rep of the rep range
#: counts as this many seconds (8-12 reps becomes 24-36 seconds).
SECONDS_PER_REP = 3

#: Version of the plan JSON shape; bumped only for incompatible changes.
SCHEMA_VERSION = 1


# PlannedExercise, Session and Week are built by the hundred for every plan:
# they are dict classes, whose frozen __init__ writes the instance's
# __dict__ directly, where a slotted one calls object.__setattr__ for each
# field (a plan for examples/me.toml takes 3% fewer instructions).  Values
# read in the planner's loops keep the default slots, quicker to read.
@attrs.frozen(slots=False)
class PlannedExercise:
    """One exercise in a session.

    ``reps`` is the rep range; ``target_reps`` the reps for each set this week
    (add reps first, then load); ``load_pct`` the load relative to week 1
    (100 = the starting load you chose in week 1).
    """

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    id: str
    name: str
    pack: str
    areas: tuple[str, ...]
    sets: int
    reps: tuple[int, int]
    rir: int
    rest_seconds: int
    target: bool
    because: tuple[str, ...]
    target_reps: tuple[int, ...] = ()
    load_pct: int = 100
    seconds_per_set: int = 40
    progression: str = ""
    unit: Literal["reps", "seconds"] = "reps"

    def rep_range(self) -> tuple[int, int]:
        """``reps`` in reps (a hold's seconds divided by :data:`SECONDS_PER_REP`)."""
        k = SECONDS_PER_REP if self.unit == "seconds" else 1
        return (self.reps[0] // k, self.reps[1] // k)

    def rep_targets(self) -> tuple[int, ...]:
        """``target_reps`` in reps (a hold's seconds divided by :data:`SECONDS_PER_REP`)."""
        k = SECONDS_PER_REP if self.unit == "seconds" else 1
        return tuple(r // k for r in self.target_reps)


def planned_exercises(
    bases: Sequence[tuple[dict[str, Any], bool]], dose: dict[str, Any], held_dose: dict[str, Any]
) -> tuple[PlannedExercise, ...]:
    """One session's exercises for one week, as ``PlannedExercise(**fields)``
    makes them: each base holds every field of one exercise, and its
    week's dose (``held_dose`` for a hold, whose flag is true) replaces
    those fields.

    The planner makes hundreds per plan, most fields the same every week:
    copying a prepared ``__dict__`` takes a fraction of the generated
    ``__init__``'s field-by-field writes.  Each base must name every field,
    in field order, with values of the declared types; the dose only
    fields the base already has (a dict update keeps their order).
    """
    new, put = object.__new__, object.__setattr__
    out = []
    for fields, held in bases:
        e = new(PlannedExercise)
        put(e, "__dict__", fields | (held_dose if held else dose))
        out.append(e)
    return tuple(out)


@attrs.frozen(slots=False)
class Session:
    """One training session on one date."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    day: str
    date: datetime.date
    kind: str
    minutes: int
    exercises: tuple[PlannedExercise, ...]
    warmup_minutes: int = 0


@attrs.frozen(slots=False)
class Week:
    """One week; deload weeks are deliberately lighter."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    number: int
    deload: bool
    sessions: tuple[Session, ...]


@attrs.frozen
class Aerobic:
    """The weekly aerobic recommendation that goes with the strength plan."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    minutes_min: int
    minutes_target: int
    minutes_max: int
    intensity: str
    text: str
    because: tuple[str, ...]


@attrs.frozen
class PlanNotice:
    """A notice shown with the plan, most important first."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    rule: str
    text: str
    level: str = "info"


@attrs.frozen
class Swap:
    """An exercise left out for safety and what replaced it."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    area: str
    excluded: str
    excluded_name: str
    replacement: str
    replacement_name: str
    because: tuple[str, ...]
    tags: tuple[str, ...]


@attrs.frozen
class PrescribedValue:
    """A prescription value with the rule that decided it."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    value: int | bool
    rule: str
    rules: tuple[str, ...]


def _frozen(values: Mapping[str, PrescribedValue]) -> dict[str, PrescribedValue]:
    return FrozenDict(values)


@attrs.frozen
class Plan:
    """A verified training plan."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    weeks: tuple[Week, ...]
    aerobic: Aerobic
    notices: tuple[PlanNotice, ...]
    rules_fired: tuple[str, ...]
    # Frozen as the plan is: a plan is hashable and its prescription cannot be edited in place.
    prescription: dict[str, PrescribedValue] = attrs.field(factory=FrozenDict, converter=_frozen)
    swaps: tuple[Swap, ...] = ()
    packs: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (the public JSON shape)."""
    # Unstructuring is the same in both converters; the first-pass one is
    # the one a process that has read a profile has built already.
    from .converter import first_pass_converter

    data: dict[str, Any] = first_pass_converter().unstructure(plan)
    return data


def _int_problems(where: str, cls: str, fields: tuple[tuple[str, Any], ...], out: list[tuple[str, str]]) -> None:
    """Append each integer of ``fields`` (name, value) of a ``cls`` outside
    its :data:`~recommender.limits.PLAN_INT_BOUNDS` (arrays item by item)."""
    for name, value in fields:
        lo, hi = PLAN_INT_BOUNDS[f"{cls}.{name}"]
        items = enumerate(value) if isinstance(value, tuple) else ((None, value),)
        for i, v in items:
            if not lo <= v <= hi:
                key = f"{where}{name}" if i is None else f"{where}{name}[{i}]"
                out.append((key, f"expected an integer from {lo} to {hi}, got {shown_int(v)}"))


def _limit_problems(plan: Plan) -> list[tuple[str, str]]:
    from .converter import key_text

    out: list[tuple[str, str]] = []
    if len(plan.weeks) > MAX_PLAN_WEEKS:
        out.append(("weeks", f"expected at most {MAX_PLAN_WEEKS} weeks, got {len(plan.weeks)}"))
    for w, week in enumerate(plan.weeks):
        _int_problems(f"weeks[{w}].", "Week", (("number", week.number),), out)
        if len(week.sessions) > MAX_SESSIONS_PER_WEEK:
            out.append((f"weeks[{w}].sessions", f"expected at most {MAX_SESSIONS_PER_WEEK} sessions in a week, got {len(week.sessions)}"))
        for s, session in enumerate(week.sessions):
            _int_problems(f"weeks[{w}].sessions[{s}].", "Session", (("minutes", session.minutes), ("warmup_minutes", session.warmup_minutes)), out)
            if len(session.exercises) > MAX_EXERCISES_PER_SESSION:
                out.append((
                    f"weeks[{w}].sessions[{s}].exercises",
                    f"expected at most {MAX_EXERCISES_PER_SESSION} exercises in a session, got {len(session.exercises)}",
                ))
            for x, e in enumerate(session.exercises):
                ints = (("sets", e.sets), ("reps", e.reps), ("rir", e.rir), ("rest_seconds", e.rest_seconds),
                        ("target_reps", e.target_reps), ("load_pct", e.load_pct), ("seconds_per_set", e.seconds_per_set))
                _int_problems(f"weeks[{w}].sessions[{s}].exercises[{x}].", "PlannedExercise", ints, out)
        if out:
            # The first problem is the one reported: stop at the week that has it.
            return out
    for i, notice in enumerate(plan.notices):
        if notice.level not in NOTICE_LEVELS:
            from .converter import describe_value

            choices = ", ".join(repr(c) for c in NOTICE_LEVELS)
            out.append((f"notices[{i}].level", f"expected one of {choices}, got {describe_value(notice.level)}"))
    a = plan.aerobic
    _int_problems("aerobic.", "Aerobic", (("minutes_min", a.minutes_min), ("minutes_target", a.minutes_target), ("minutes_max", a.minutes_max)), out)
    for name, value in plan.prescription.items():
        _int_problems(f"prescription.{key_text(name)}.", "PrescribedValue", (("value", value.value),), out)
    return out


def well_formed(plan: object) -> bool:
    """Whether ``plan`` holds exactly what :func:`plan_from_dict` builds:
    values of the declared types (no float, NaN or string for an integer,
    no list for a tuple) within the plan limits.  attrs checks nothing a
    ``Plan(...)`` built in code holds, and the checks compare values, which
    a NaN passes; a plan that is not well formed is read back as plain data
    (see :meth:`~recommender.Engine.verify`)."""
    return _checker(Plan)(plan) and not _limit_problems(plan)  # type: ignore[arg-type]


_PLAIN = (int, bool, str, datetime.date)


@functools.cache
def _checker(tp: Any) -> Callable[[Any], bool]:
    """A test that a value is exactly of the declared type ``tp``, built
    once per type from the annotations, so checking a plan costs a walk."""
    import types
    import typing

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp in _PLAIN:
        return lambda v: type(v) is tp
    if origin is Literal:
        allowed = frozenset(args)
        return lambda v: type(v) is str and v in allowed
    if origin in (typing.Union, types.UnionType):
        options = [_checker(a) for a in args]
        return lambda v: any(ok(v) for ok in options)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] in _PLAIN:
            # The items' types in one pass of C code: plans hold thousands.
            only = {args[0]}
            return lambda v: type(v) is tuple and (not v or set(map(type, v)) == only)
        item = _checker(args[0])
        return lambda v: type(v) is tuple and all(map(item, v))
    if origin is tuple and all(a in _PLAIN for a in args):
        return lambda v: type(v) is tuple and tuple(map(type, v)) == args
    if origin is tuple:
        items = [_checker(a) for a in args]
        return lambda v: type(v) is tuple and len(v) == len(items) and all(ok(x) for ok, x in zip(items, v, strict=True))
    if origin is dict:
        value = _checker(args[1])
        return lambda v: isinstance(v, dict) and all(type(k) is str and value(x) for k, x in v.items())
    if attrs.has(tp):
        hints = typing.get_type_hints(tp)
        # The fields of a plain type read and compared in one go, the rest one
        # by one.  The first is read twice, so attrgetter gives a tuple even
        # for a class with one plain field.
        plain = [a.name for a in attrs.fields(tp) if hints[a.name] in _PLAIN]
        types_of = operator.attrgetter(*plain, plain[0]) if plain else (lambda v: ())
        expected = tuple(hints[n] for n in (*plain, plain[0])) if plain else ()
        fields = [(operator.attrgetter(a.name), _checker(hints[a.name])) for a in attrs.fields(tp) if a.name not in plain]

        def check(v: Any) -> bool:
            if type(v) is not tp or tuple(map(type, types_of(v))) != expected:
                return False
            for get, ok in fields:  # noqa: SIM110 (a loop, not all(...): no generator for each of thousands of values)
                if not ok(get(v)):
                    return False
            return True

        return check
    raise TypeError(f"no check for {tp!r}")  # a new field type: add it here


def plan_from_dict(data: Any, *, source: str = "<plan>") -> Plan:
    """Read a plan back from plain data, strictly; raises :class:`PlanFileError`
    naming ``source``, the key path and what is expected.

    Plans longer than :data:`~recommender.limits.MAX_PLAN_WEEKS` weeks,
    :data:`~recommender.limits.MAX_SESSIONS_PER_WEEK` sessions a week or
    :data:`~recommender.limits.MAX_EXERCISES_PER_SESSION` exercises a session
    are refused, as are integers outside
    :data:`~recommender.limits.PLAN_INT_BOUNDS`.
    """
    from .converter import describe_value, structure_default

    if not isinstance(data, dict):
        raise PlanFileError(f"expected a JSON object holding a plan, got {describe_value(data)}", file=source, expected="a plan object")
    version = data.get("schema_version", SCHEMA_VERSION)
    if type(version) is not int or version != SCHEMA_VERSION:
        raise PlanFileError(
            f"expected {SCHEMA_VERSION} (the plan format this version reads), got {describe_value(version)}",
            file=source, key_path="schema_version", expected=str(SCHEMA_VERSION),
        )
    plan, problems = structure_default(data, Plan)
    if problems:
        p = problems[0]
        raise PlanFileError(p.message, file=source, key_path=p.key_path or None, expected=p.expected or None)
    assert isinstance(plan, Plan)
    too_big = _limit_problems(plan)
    if too_big:
        key_path, message = too_big[0]
        raise PlanFileError(message, file=source, key_path=key_path, expected="a plan within the limits")
    return plan


def load_plan(path: str | Path) -> Plan:
    """Read and check the plan JSON file at ``path`` (as written by
    ``recommend --format json``); raises :class:`PlanFileError`."""
    text = read_text_limited(Path(path), PlanFileError, limit=MAX_PLAN_FILE_BYTES)
    return plan_from_json(text, source=str(path))


def plan_from_json(text: str, *, source: str = "<plan>") -> Plan:
    """Parse and check plan JSON ``text`` (as written by ``recommend
    --format json``); raises :class:`PlanFileError` naming ``source``."""
    require_text(text, "plan", source=source, error=PlanFileError)
    try:
        data = parse_json(text, source=source, error=PlanFileError)
    except PlanFileError:
        kind = _other_format(text)
        if kind is None:
            raise
        what = "a profile, not a plan (give the plan first: recommend check PLAN.json --profile FILE)" if kind == "profile" else (
            f"a plan in the {kind} format; a plan is checked from its JSON (--format json)")
        raise PlanFileError(f"is {what}", file=source, expected="a plan JSON file") from None
    return plan_from_dict(data, source=source)


def _other_format(text: str) -> str | None:
    """What ``text``, not JSON, is as far as its start (or, for TOML, its
    parse) tells: the output format of a plan, "profile", or None."""
    head = text.lstrip()[:200]
    if head.startswith(("Strength plan", "\x1b[")):
        return "text"
    for start, kind in (("# Strength plan", "markdown"), ("<!DOCTYPE html", "html"), ("BEGIN:VCALENDAR", "ics")):
        if head.startswith(start):
            return kind
    from .limits import parse_toml

    try:
        data = parse_toml(text, source="", error=PlanFileError)
    except PlanFileError:
        return None
    if isinstance(data.get("weeks"), list) and "schema_version" in data:
        return "toml"
    # A profile's required keys (see recommender.profile).
    return "profile" if {"age", "experience", "days"} <= data.keys() else None
