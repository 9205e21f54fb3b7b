"""Value classes show, compare and hash their fields the way attrs does."""

from __future__ import annotations

import importlib
import pkgutil

import attrs

import recommender
from recommender import Profile
from recommender.conditions import All, Leaf
from recommender.prescription import RuleRef
from recommender.rules import Rule
from recommender.values import value_eq, value_hash, value_repr


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


def _package_classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(recommender.__path__, "recommender."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        found += [obj for obj in vars(module).values() if isinstance(obj, type) and attrs.has(obj) and obj.__module__ == info.name]
    return found


def test_every_value_class_shares_the_repr() -> None:
    """Every attrs class in the package uses the shared repr, so none compiles its own at import."""
    assert [c.__qualname__ for c in _package_classes() if c.__repr__ is not value_repr] == []


def test_every_value_class_shares_eq_and_hash() -> None:
    """Every attrs class that compares by value uses the shared ``__eq__`` and ``__hash__``
    (the one class compared by identity, a compiled rule, keeps object's)."""
    own = [c.__qualname__ for c in _package_classes() if c is not Rule and (c.__eq__ is not value_eq or c.__hash__ is not value_hash)]
    assert own == []
    assert Rule.__eq__ is object.__eq__ and Rule.__hash__ is object.__hash__


def _profile(**changes: object) -> Profile:
    base: dict[str, object] = {"age": 40, "experience": "beginner", "goal": "fat_loss", "days": ("mon", "thu"), "session_minutes": 45}
    return Profile(**{**base, **changes})  # type: ignore[arg-type]


def test_equal_values_are_equal_and_hash_alike() -> None:
    """Two profiles built from the same answers are equal, hash alike and
    count as one key; any differing field, nested ones included, makes them differ."""
    a, b = _profile(), _profile()
    assert a == b
    assert not a != b  # noqa: SIM202 (both operators, as attrs defines both)
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != _profile(age=41)
    assert a != _profile(screening=attrs.evolve(a.screening, dizziness=True))
    assert a != attrs.evolve(a, days=("mon", "fri"))


def test_values_of_other_classes_are_never_equal() -> None:
    """A value never equals a value of another class or plain data with the same fields."""
    leaf = Leaf("age", "ge", 60)
    assert leaf != All((leaf,))
    assert leaf != ("age", "ge", 60)
    assert leaf.__eq__(("age", "ge", 60)) is NotImplemented


def test_fields_left_out_of_eq_are_ignored() -> None:
    """A field declared with ``eq=False`` (the facts a rule read) takes no part in equality or hashing, as in attrs."""
    ref = RuleRef("age.older", "rules/x.toml", 3, "shipped", "because", facts={"age": 61})
    same = attrs.evolve(ref, facts={"age": 70, "goal": "strength"})
    assert ref == same
    assert hash(ref) == hash(same)
    assert attrs.evolve(ref, line=4) != ref
