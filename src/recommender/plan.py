"""The plan: frozen values whose field names are the public JSON contract."""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from .converter import default_converter, structure_strict
from .errors import PlanFileError

__all__ = [
    "plan_from_dict",
    "plan_to_dict","SCHEMA_VERSION", "Aerobic", "Plan", "PlanNotice", "PlannedExercise", "PrescribedValue", "Session", "Swap", "Week"]

#: Version of the plan JSON shape; bumped only for incompatible changes.
SCHEMA_VERSION = 1


@attrs.frozen
class PlannedExercise:
    """One exercise in a session.

    ``reps`` is the rep range; ``target_reps`` the reps for each set this week
    (add reps first, then load); ``load_pct`` the load relative to week 1
    (100 = the starting load you chose in week 1).
    """

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


@attrs.frozen
class Session:
    """One training session on one date."""

    day: str
    date: datetime.date
    kind: str
    minutes: int
    exercises: tuple[PlannedExercise, ...]
    warmup_minutes: int = 0


@attrs.frozen
class Week:
    """One week; deload weeks are deliberately lighter."""

    number: int
    deload: bool
    sessions: tuple[Session, ...]


@attrs.frozen
class Aerobic:
    """The weekly aerobic recommendation that goes with the strength plan."""

    minutes_min: int
    minutes_target: int
    minutes_max: int
    intensity: str
    text: str
    because: tuple[str, ...]


@attrs.frozen
class PlanNotice:
    """A notice shown with the plan, most important first."""

    rule: str
    text: str
    level: str = "info"


@attrs.frozen
class Swap:
    """An exercise left out for safety and what replaced it."""

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

    value: int | bool
    rule: str
    rules: tuple[str, ...]


@attrs.frozen
class Plan:
    """A verified training plan."""

    weeks: tuple[Week, ...]
    aerobic: Aerobic
    notices: tuple[PlanNotice, ...]
    rules_fired: tuple[str, ...]
    prescription: dict[str, PrescribedValue] = attrs.field(factory=dict)
    swaps: tuple[Swap, ...] = ()
    packs: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (the public JSON shape)."""
    data: dict[str, Any] = default_converter().unstructure(plan)
    return data


def plan_from_dict(data: Any, *, source: str = "<plan>") -> Plan:
    """Read a plan back from plain data, strictly; raises :class:`PlanFileError`."""
    if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        raise PlanFileError(
            f"unsupported schema_version {data.get('schema_version')!r}",
            file=source, key_path="schema_version", expected=str(SCHEMA_VERSION),
        )
    plan, problems = structure_strict(default_converter(), data, Plan)
    if problems:
        p = problems[0]
        raise PlanFileError(p.message, file=source, key_path=p.key_path or None, expected=p.expected or None)
    assert isinstance(plan, Plan)
    return plan
