"""recommender: safe, explained strength-training plans from declarative rules.

The public API is listed in ``__all__``; names are imported on first use so
that ``recommend --help`` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .converter import Problem, default_converter, make_converter
    from .engine import Engine
    from .errors import (
        InputError,
        NoSafePlanError,
        OutputError,
        PackError,
        PlanFileError,
        PluginError,
        ProfileError,
        RecommenderError,
        RuleError,
        ScreeningRefusal,
    )
    from .exercises import Exercise, ExercisePack, VocabularyMap, pack_problems
    from .formats import OutputFormat, RenderContext
    from .hookspecs import hookimpl
    from .plan import Aerobic, Plan, PlannedExercise, PlanNotice, Session, Swap, Week, plan_from_dict, plan_from_json, plan_to_dict
    from .prescription import Prescription
    from .profile import Profile, Screening, load_profile, profile_from_dict, profile_from_toml
    from .rules import RuleSource
    from .verify import Violation

__all__ = [
    "Aerobic",
    "Engine",
    "Exercise",
    "ExercisePack",
    "InputError",
    "NoSafePlanError",
    "OutputError",
    "OutputFormat",
    "PackError",
    "Plan",
    "PlanFileError",
    "PlanNotice",
    "PlannedExercise",
    "PluginError",
    "Prescription",
    "Problem",
    "Profile",
    "ProfileError",
    "RecommenderError",
    "RenderContext",
    "RuleError",
    "RuleSource",
    "Screening",
    "ScreeningRefusal",
    "Session",
    "Swap",
    "Violation",
    "VocabularyMap",
    "Week",
    "default_converter",
    "hookimpl",
    "load_profile",
    "make_converter",
    "pack_problems",
    "plan_from_dict",
    "plan_from_json",
    "plan_to_dict",
    "profile_from_dict",
    "profile_from_toml",
]

_WHERE = {
    "Engine": "engine",
    "Problem": "converter",
    "default_converter": "converter",
    "make_converter": "converter",
    "hookimpl": "hookspecs",
    "RuleSource": "rules",
    "Violation": "verify",
    "Prescription": "prescription",
    "OutputFormat": "formats",
    "RenderContext": "formats",
    **dict.fromkeys(
        ("InputError", "NoSafePlanError", "OutputError", "PackError", "PlanFileError", "PluginError",
         "ProfileError", "RecommenderError", "RuleError", "ScreeningRefusal"),
        "errors",
    ),
    **dict.fromkeys(("Exercise", "ExercisePack", "VocabularyMap", "pack_problems"), "exercises"),
    **dict.fromkeys(("Aerobic", "Plan", "PlannedExercise", "PlanNotice", "Session", "Swap", "Week", "plan_from_dict", "plan_from_json", "plan_to_dict"),
                   "plan"),
    **dict.fromkeys(("Profile", "Screening", "load_profile", "profile_from_dict", "profile_from_toml"), "profile"),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("recommender")
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'recommender' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"recommender.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
