"""Compiled conditions agree with a plain reference interpreter on random
conditions and random valid facts, and the never-fire lint is never wrong
about a condition that some profile does meet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.conditions import All, Any_, Condition, Leaf, Not, compile_condition, explain, parse_condition, satisfiable
from recommender.facts import FACTS, FactSpec

SCALAR_OPS = {"int": ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in"), "enum": ("eq", "ne", "in", "not_in"), "bool": ("eq", "ne")}
SET_OPS = ("contains", "contains_any", "contains_all", "empty")


def value_of(spec: FactSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "int":
        assert spec.min is not None and spec.max is not None
        return st.integers(spec.min, spec.max)
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "enum":
        return st.sampled_from(spec.values)
    # As a valid profile gives them: bodyweight always among the equipment, at least one day.
    members = st.frozensets(st.sampled_from(spec.values), min_size=1 if spec.nonempty else 0)
    return members.map(lambda s: s | frozenset(spec.always))


@st.composite
def leaf(draw: st.DrawFn) -> dict[str, Any]:
    spec = draw(st.sampled_from(list(FACTS.values())))
    if spec.kind == "set":
        op = draw(st.sampled_from(SET_OPS))
        member = st.sampled_from(spec.values)
        value: Any = {
            "contains": member,
            "contains_any": st.lists(member, min_size=1, max_size=3),
            "contains_all": st.lists(member, min_size=1, max_size=3),
            "empty": st.booleans(),
        }[op]
        return {"fact": spec.name, op: draw(value)}
    op = draw(st.sampled_from(SCALAR_OPS[spec.kind]))
    scalar = value_of(spec)
    return {"fact": spec.name, op: draw(st.lists(scalar, min_size=1, max_size=4) if op in ("in", "not_in") else scalar)}


conditions = st.recursive(
    leaf(),
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=5)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=5)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=12,
)

facts = st.fixed_dictionaries({name: value_of(spec) for name, spec in FACTS.items()})


def reference(cond: Condition, f: Mapping[str, Any]) -> bool:
    """The meaning of a condition, written as directly as possible."""
    if isinstance(cond, All):
        return all(reference(c, f) for c in cond.items)
    if isinstance(cond, Any_):
        return any(reference(c, f) for c in cond.items)
    if isinstance(cond, Not):
        return not reference(cond.item, f)
    assert isinstance(cond, Leaf)
    actual, v, op = f[cond.fact], cond.value, cond.op
    if op in ("eq", "ne", "lt", "lte", "gt", "gte"):
        result = {"eq": actual == v, "ne": actual != v, "lt": actual < v, "lte": actual <= v, "gt": actual > v, "gte": actual >= v}[op]
    elif op in ("in", "not_in"):
        result = (actual in v) == (op == "in")
    elif op == "contains":
        result = v in actual
    elif op == "contains_any":
        result = any(x in actual for x in v)
    elif op == "contains_all":
        result = all(x in actual for x in v)
    else:
        result = (len(actual) == 0) == v
    return bool(result)


@settings(max_examples=250, deadline=None)
@given(conditions, facts)
def test_compiled_condition_matches_the_reference(data: dict[str, Any], f: dict[str, Any]) -> None:
    """The fast closures, the explainer and the reference interpreter always agree, and return a real bool."""
    cond = parse_condition(data)
    fast = compile_condition(cond)(f)
    assert type(fast) is bool
    assert fast == reference(cond, f) == explain(cond, f)[0]


@settings(max_examples=250, deadline=None)
@given(conditions, facts)
def test_never_fire_lint_is_never_wrong(data: dict[str, Any], f: dict[str, Any]) -> None:
    """If some valid facts meet a condition, the loader does not call it unreachable."""
    cond = parse_condition(data)
    if compile_condition(cond)(f):
        assert satisfiable(cond)


@pytest.mark.parametrize(
    "data",
    [{"fact": "equipment", "contains": "bodyweight"}, {"not": {"fact": "equipment", "contains": "barbell"}},
     {"fact": "equipment", "empty": False}, {"not": {"fact": "days", "empty": True}}, {"fact": "injuries", "empty": True},
     {"not": {"fact": "injuries", "empty": False}}],
)
def test_sets_every_profile_can_have_are_reachable(data: dict[str, Any]) -> None:
    """Only the sets no profile has (no bodyweight, no days) are unreachable."""
    assert satisfiable(parse_condition(data))
