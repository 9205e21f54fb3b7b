"""JSON Schema (draft 2020-12) for the profile and the plan JSON.

Generated from the attrs classes at run time, so the schema can never drift
from the code that reads and writes the data: ``recommend schema profile``
and ``recommend schema plan`` print it.  Types map as the strict converter
reads them: ``int`` is an integer (never a boolean), a date is an ISO
``YYYY-MM-DD`` string (a TOML date in a profile file), a ``Literal`` is an
enum, ``tuple[X, ...]`` an array, ``tuple[X, Y]`` a fixed-length array,
``dict[str, X]`` an object; unknown keys are not allowed.
"""

from __future__ import annotations

import datetime
import inspect
import types
import typing
from typing import Any, Literal, get_args, get_origin

import attrs

__all__ = ["SCHEMA_DIALECT", "json_schema", "plan_schema", "profile_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PRIMITIVES: dict[Any, dict[str, Any]] = {
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    str: {"type": "string"},
    float: {"type": "number"},
    datetime.date: _DATE,
}

#: Refinements the loaders check beyond the types (kept here, next to the
#: schema, with the reason the loader gives).
Refine = dict[str, dict[str, Any]]


def _doc(cls: type[Any]) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ")


class _Builder:
    """Walks attrs classes into schemas, collecting nested ones in ``$defs``."""

    def __init__(self, refine: Refine) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.refine = refine

    def type_schema(self, tp: Any) -> dict[str, Any]:
        if tp in _PRIMITIVES:
            return dict(_PRIMITIVES[tp])
        origin, args = get_origin(tp), get_args(tp)
        if origin is Literal:
            return {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            arms = [self.type_schema(a) for a in args]
            simple = [a.get("type") for a in arms if set(a) == {"type"}]
            if len(simple) == len(arms):
                return {"type": simple}
            return {"anyOf": arms}
        if tp is type(None):
            return {"type": "null"}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.type_schema(args[0])}
            return {
                "type": "array",
                "prefixItems": [self.type_schema(a) for a in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if attrs.has(tp):
            return self.ref(tp)
        raise TypeError(f"no JSON Schema mapping for {tp!r}")

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve first: classes may nest
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type[Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            schema = self.type_schema(hints[field.name])
            schema.update(self.refine.get(f"{cls.__name__}.{field.name}", {}))
            props[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        out: dict[str, Any] = {"type": "object", "title": cls.__name__}
        doc = _doc(cls)
        if doc:
            out["description"] = doc
        out["properties"] = props
        out["required"] = required
        out["additionalProperties"] = False
        return out


def json_schema(cls: type[Any], *, schema_id: str, refine: Refine | None = None) -> dict[str, Any]:
    """The draft 2020-12 schema for attrs class ``cls`` (nested classes in ``$defs``)."""
    builder = _Builder(refine or {})
    body = builder.object_schema(cls)
    out: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "$id": schema_id, **body}
    defs = {k: v for k, v in sorted(builder.defs.items())}
    if defs:
        out["$defs"] = defs
    return out


def _profile_refinements() -> Refine:
    from .limits import MAX_PROFILE_PACKS
    from .profile import BOUNDS, FIRST_START, LAST_START
    from .vocabulary import SCREENING_QUESTIONS

    refine: Refine = {}
    for key, (lo, hi, expected) in BOUNDS.items():
        refine[f"Profile.{key}"] = {"minimum": lo, "maximum": hi, "description": expected}
    for key in ("target_areas", "equipment", "injuries", "conditions", "packs"):
        refine[f"Profile.{key}"] = {"uniqueItems": True}
    refine["Profile.days"] = {"uniqueItems": True, "minItems": 1, "description": "the days you can train"}
    refine["Profile.packs"]["maxItems"] = MAX_PROFILE_PACKS
    # FIRST_START to LAST_START are the years 2000 to 2999, said as a
    # pattern: JSON Schema compares no dates.
    start = {**_DATE, "pattern": r"^2\d{3}-\d{2}-\d{2}$"}
    refine["Profile.start"] = {"anyOf": [start, {"type": "null"}], "description": f"first day of week 1, from {FIRST_START} to {LAST_START} (default: next Monday)"}
    for key, question in SCREENING_QUESTIONS.items():
        refine[f"Screening.{key}"] = {"description": question}
    refine["Screening.medical_clearance"] = {
        "description": "a doctor or other qualified professional has cleared you for this kind of exercise"
    }
    refine["Profile.start_time"] = {
        "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
        "description": "session start time, HH:MM (used by the calendar output)",
    }
    return refine


def profile_schema() -> dict[str, Any]:
    """The schema of a profile (the TOML file's data, with dates as ISO strings)."""
    from .profile import Profile

    return json_schema(Profile, schema_id="urn:recommender:profile", refine=_profile_refinements())


def plan_schema() -> dict[str, Any]:
    """The schema of ``recommend --format json`` output."""
    from .limits import MAX_EXERCISES_PER_SESSION, MAX_PLAN_WEEKS, MAX_SESSIONS_PER_WEEK, PLAN_INT_BOUNDS
    from .plan import SCHEMA_VERSION, Plan
    from .vocabulary import NOTICE_LEVELS

    refine: Refine = {
        "Plan.schema_version": {"const": SCHEMA_VERSION},
        "PlanNotice.level": {"enum": list(NOTICE_LEVELS)},
        "Plan.weeks": {"maxItems": MAX_PLAN_WEEKS},
        "Week.sessions": {"maxItems": MAX_SESSIONS_PER_WEEK},
        "Session.exercises": {"maxItems": MAX_EXERCISES_PER_SESSION},
    }
    for key, (lo, hi) in PLAN_INT_BOUNDS.items():
        bounds = {"type": "integer", "minimum": lo, "maximum": hi}
        if key == "PlannedExercise.reps":
            refine[key] = {"prefixItems": [bounds, bounds]}
        elif key == "PlannedExercise.target_reps":
            refine[key] = {"items": bounds}
        else:  # minimum and maximum apply to numbers only: a true/false value stays valid
            refine[key] = {"minimum": lo, "maximum": hi}
    return json_schema(Plan, schema_id=f"urn:recommender:plan:{SCHEMA_VERSION}", refine=refine)
