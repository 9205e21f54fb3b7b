"""The fact schema: what rules may read about a person, with types and bounds.

Facts come from a validated :class:`~recommender.profile.Profile`, so rules
never see a missing or mistyped value; the schema lets the rule loader reject
unknown facts, unknown values and type mismatches before anything runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .profile import BOUNDS, Profile
from .values import value_eq, value_hash, value_repr
from .vocabulary import AREAS, CONDITIONS, DAYS, EQUIPMENT, GOALS, INJURIES, LEVELS, SCREENING_QUESTIONS

__all__ = ["FACTS", "FactSpec", "Facts", "facts_from_profile"]

#: A person's facts by name; set-valued facts are frozensets.
Facts = Mapping[str, Any]


@attrs.frozen
class FactSpec:
    """Declared type of one fact: ``int``, ``bool``, ``enum`` (one of
    ``values``) or ``set`` (a subset of ``values``), with bounds for ints;
    a set may always hold some values (``always``) or never be empty."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    name: str
    kind: str
    values: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    doc: str = ""
    always: tuple[str, ...] = ()
    nonempty: bool = False


def _int(name: str, doc: str) -> FactSpec:
    lo, hi, _ = BOUNDS[name]
    return FactSpec(name, "int", min=lo, max=hi, doc=doc)


FACTS: Mapping[str, FactSpec] = {
    f.name: f
    for f in (
        _int("age", "age in years"),
        FactSpec("experience", "enum", LEVELS, doc="training experience"),
        FactSpec("goal", "enum", GOALS, doc="main goal"),
        FactSpec("target_areas", "set", AREAS, doc="areas the person wants to work on"),
        FactSpec("equipment", "set", EQUIPMENT, doc="equipment available (bodyweight always)", always=("bodyweight",), nonempty=True),
        FactSpec("injuries", "set", INJURIES, doc="current injuries or painful joints"),
        FactSpec("conditions", "set", CONDITIONS, doc="health conditions"),
        FactSpec("days", "set", DAYS, doc="days the person can train", nonempty=True),
        FactSpec("days_available", "int", min=1, max=7, doc="how many days the person can train"),
        _int("session_minutes", "minutes available per session"),
        _int("weeks", "plan length in weeks"),
        FactSpec("screening.any_yes", "bool", doc="any screening question answered yes"),
        *(FactSpec(f"screening.{q}", "bool", doc=text) for q, text in SCREENING_QUESTIONS.items()),
        FactSpec("screening.medical_clearance", "bool", doc="cleared by a doctor or qualified professional"),
    )
}


def facts_from_profile(profile: Profile) -> dict[str, Any]:
    """Derive the rule facts from a validated profile."""
    s = profile.screening
    facts: dict[str, Any] = {
        "age": profile.age,
        "experience": profile.experience,
        "goal": profile.goal,
        "target_areas": frozenset(profile.target_areas),
        "equipment": frozenset(profile.equipment) | {"bodyweight"},
        "injuries": frozenset(profile.injuries),
        "conditions": frozenset(profile.conditions),
        "days": frozenset(profile.days),
        "days_available": len(profile.days),
        "session_minutes": profile.session_minutes,
        "weeks": profile.weeks,
        "screening.any_yes": s.any_yes(),
        "screening.medical_clearance": s.medical_clearance,
    }
    for q in SCREENING_QUESTIONS:
        facts[f"screening.{q}"] = getattr(s, q)
    return facts
