"""Value classes show their fields the way attrs shows them."""

from __future__ import annotations

import importlib
import pkgutil

import attrs

import recommender
from recommender import Profile
from recommender.conditions import All, Leaf
from recommender.values import value_repr


def test_repr_lists_fields_in_order() -> None:
    """A profile's repr names its class and every field in declaration order, nested values included."""
    profile = Profile(age=40, experience="beginner", goal="fat_loss", days=("mon", "thu"), session_minutes=45)
    text = repr(profile)
    assert text.startswith("Profile(age=40, experience='beginner', goal='fat_loss', days=('mon', 'thu'), session_minutes=45, ")
    assert text.endswith("screening=Screening(heart_condition=False, chest_pain_activity=False, chest_pain_rest=False, "
                         "dizziness=False, bone_joint_problem=False, blood_pressure_medication=False, back_red_flags=False, "
                         "other_reason=False, medical_clearance=False))")


def test_repr_of_nested_conditions() -> None:
    """Nested values show their own fields, so a condition tree reads as written."""
    tree = All((Leaf("age", "ge", 60), Leaf("goal", "eq", "strength")))
    assert repr(tree) == "All(items=(Leaf(fact='age', op='ge', value=60), Leaf(fact='goal', op='eq', value='strength')))"


def test_every_value_class_shares_the_repr() -> None:
    """Every attrs class in the package uses the shared repr, so none compiles its own at import."""
    missing = []
    for info in pkgutil.walk_packages(recommender.__path__, "recommender."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and attrs.has(obj) and obj.__module__ == info.name and obj.__repr__ is not value_repr:
                missing.append(f"{info.name}.{obj.__qualname__}")
    assert missing == []
