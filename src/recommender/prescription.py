"""The prescription: every value the planner obeys, with the rules behind it.

Rules contribute ``set`` values, ``cap`` (upper bounds), ``floor`` (lower
bounds), excluded contraindication tags, notices and refusals.  Merging is
deterministic: caps take the minimum, floors the maximum, exclusions the
union; a ``set`` from a higher layer wins, and two different ``set`` values in
one layer are an error naming both rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .values import value_eq, value_hash, value_repr

__all__ = ["PARAMS", "ParamSpec", "ParamValue", "Prescription", "RuleRef", "Notice"]


@attrs.frozen
class ParamSpec:
    """One prescription parameter: ``int`` with bounds, or ``bool``."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    name: str
    kind: str
    min: int = 0
    max: int = 1
    unit: str = ""
    doc: str = ""


def _p(name: str, lo: int, hi: int, unit: str, doc: str) -> ParamSpec:
    return ParamSpec(name, "int", lo, hi, unit, doc)


def _b(name: str, doc: str) -> ParamSpec:
    return ParamSpec(name, "bool", doc=doc)


PARAMS: Mapping[str, ParamSpec] = {
    p.name: p
    for p in (
        _p("sessions_per_week", 1, 7, "sessions", "strength sessions each week"),
        _p("min_rest_hours", 0, 168, "hours", "least rest between two sessions that train the same area"),
        _p("rir", 0, 6, "reps", "reps in reserve at the end of each working set"),
        _p("sets_per_exercise", 1, 6, "sets", "working sets of each exercise"),
        _p("reps_low", 1, 30, "reps", "bottom of the rep range"),
        _p("reps_high", 1, 30, "reps", "top of the rep range"),
        _p("rest_seconds", 30, 600, "seconds", "rest between sets"),
        _p("warmup_minutes", 0, 30, "minutes", "warm-up at the start of each session"),
        _p("session_minutes", 10, 180, "minutes", "longest a session may take, warm-up included"),
        _p("max_sets_per_area_session", 1, 30, "sets", "most working sets for one area in one session"),
        _p("max_sets_per_area_week", 1, 60, "sets", "most working sets for one area in one week"),
        _p("target_extra_exercises", 0, 3, "exercises", "extra exercises for each target area per session"),
        _p("max_weekly_increase_pct", 0, 50, "%", "most that weekly volume may grow from one week to the next"),
        _p("load_step_pct", 0, 20, "%", "load increase once the top of the rep range is reached"),
        _p("deload_every_weeks", 2, 12, "weeks", "every Nth week is a lighter deload week"),
        _p("deload_sets_pct", 20, 100, "%", "share of working sets kept in a deload week"),
        _p("aerobic_minutes_min", 0, 1000, "minutes/week", "least moderate aerobic activity recommended"),
        _p("aerobic_minutes_target", 0, 1000, "minutes/week", "moderate aerobic activity to build up to"),
        _p("aerobic_minutes_max", 0, 1000, "minutes/week", "upper end of the recommended range"),
        _b("target_areas_every_session", "every session trains the target areas"),
        _b("target_areas_first", "target areas come first in each session"),
        _b("all_areas_weekly", "every major area is trained each week"),
        _b("exercise_order", "after the target areas, large areas before small; multi-joint before single-joint"),
    )
}


@attrs.frozen
class RuleRef:
    """Where a value came from: a rule and what it read."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    id: str
    file: str
    line: int
    layer: str
    because: str
    facts: Mapping[str, Any] = attrs.field(factory=dict, eq=False)

    def location(self) -> str:
        return f"{self.file}:{self.line}"


@attrs.frozen
class ParamValue:
    """A resolved parameter: its value, the rule that decided it, and every
    rule that contributed (set, cap or floor)."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    value: int | bool
    decided_by: RuleRef
    contributors: tuple[RuleRef, ...] = ()


@attrs.frozen
class Notice:
    """A message every output shows; ``level`` is critical, warning or info."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    rule: str
    text: str
    level: str = "info"


@attrs.frozen
class Prescription:
    """What the rules decided for one person."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    values: Mapping[str, ParamValue]
    excluded: Mapping[str, tuple[RuleRef, ...]]
    notices: tuple[Notice, ...]
    fired: tuple[RuleRef, ...]
    refusals: tuple[tuple[RuleRef, str], ...] = ()

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    def rule_for(self, name: str) -> str:
        """The id of the rule that decided parameter ``name``."""
        return self.values[name].decided_by.id

    def rules_excluding(self, tags: tuple[str, ...]) -> tuple[str, ...]:
        """Ids of the rules that exclude any of ``tags``."""
        out: list[str] = []
        for t in tags:
            for ref in self.excluded.get(t, ()):
                if ref.id not in out:
                    out.append(ref.id)
        return tuple(out)
