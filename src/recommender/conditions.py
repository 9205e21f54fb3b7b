"""Rule conditions: parsed from TOML data, checked against the fact schema,
compiled once into closures, and explained on request.

A condition is a table: ``{ fact = "age", gte = 65 }`` (one operator per
leaf), ``{ all = [...] }``, ``{ any = [...] }`` or ``{ not = {...} }``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .facts import FACTS, FactSpec
from .values import value_eq, value_hash, value_repr

__all__ = ["All", "Any_", "Condition", "Leaf", "Not", "OPERATORS", "compile_condition", "explain", "parse_condition", "satisfiable"]

Check = Callable[[Mapping[str, Any]], bool]

#: Operators by the fact kinds they apply to.
OPERATORS: Mapping[str, tuple[str, ...]] = {
    "eq": ("int", "enum", "bool"),
    "ne": ("int", "enum", "bool"),
    "lt": ("int",),
    "lte": ("int",),
    "gt": ("int",),
    "gte": ("int",),
    "in": ("int", "enum"),
    "not_in": ("int", "enum"),
    "contains": ("set",),
    "contains_any": ("set",),
    "contains_all": ("set",),
    "empty": ("set",),
}
_SYMBOL = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
MAX_DEPTH = 16


@attrs.frozen
class Leaf:
    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    fact: str
    op: str
    value: Any

    def text(self) -> str:
        if self.op in _SYMBOL:
            return f"{self.fact} {_SYMBOL[self.op]} {toml_text(self.value)}"
        if self.op == "empty":
            return f"{self.fact} is {'empty' if self.value else 'not empty'}"
        return f"{self.fact} {self.op.replace('_', ' ')} {toml_text(self.value)}"


def toml_text(value: Any) -> str:
    """``value`` as a rule file writes it (``true``, ``"knee"``, ``["mon", "wed"]``):
    explanations are read by people who write rules, not Python."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # only when a condition is explained

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "[" + ", ".join(toml_text(v) for v in items) + "]"
    return str(value)


@attrs.frozen
class All:
    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    items: tuple[Condition, ...]


@attrs.frozen
class Any_:
    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    items: tuple[Condition, ...]


@attrs.frozen
class Not:
    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    item: Condition


Condition = Leaf | All | Any_ | Not


class ConditionError(ValueError):
    """A condition is malformed; ``path`` says where inside ``when``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _type_ok(spec: FactSpec, value: Any) -> bool:
    if spec.kind == "int":
        return type(value) is int
    if spec.kind == "bool":
        return type(value) is bool
    return type(value) is str


def _check_value(spec: FactSpec, value: Any, path: str) -> None:
    expected = {"int": "an integer", "bool": "true or false", "enum": "a string", "set": "a string"}[spec.kind]
    if not _type_ok(spec, value):
        raise ConditionError(path, f"fact {spec.name!r} is {spec.kind}: expected {expected}, got {type(value).__name__} {value!r}")
    if spec.values and value not in spec.values:
        raise ConditionError(path, f"unknown value {value!r} for fact {spec.name!r}; expected one of {', '.join(spec.values)}")


def parse_condition(data: Any, path: str = "when", depth: int = 0) -> Condition:
    """Parse and type-check one condition table; raises :class:`ConditionError`."""
    if depth > MAX_DEPTH:
        raise ConditionError(path, f"conditions nested deeper than {MAX_DEPTH} levels")
    if not isinstance(data, dict):
        raise ConditionError(path, f"expected a table, got {type(data).__name__}")
    keys = set(data)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionError(path, f"'{combinator}' must be the only key of its table; got {', '.join(sorted(keys))}")
            items = data[combinator]
            if not isinstance(items, list):
                raise ConditionError(f"{path}.{combinator}", "expected an array of conditions")
            if not items:
                raise ConditionError(f"{path}.{combinator}", f"empty '{combinator}'; it would {'always' if combinator == 'all' else 'never'} match")
            parsed = tuple(parse_condition(x, f"{path}.{combinator}[{i}]", depth + 1) for i, x in enumerate(items))
            return All(parsed) if combinator == "all" else Any_(parsed)
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(path, f"'not' must be the only key of its table; got {', '.join(sorted(keys))}")
        return Not(parse_condition(data["not"], f"{path}.not", depth + 1))
    if "fact" not in keys:
        raise ConditionError(path, "expected 'fact' with one operator, or 'all', 'any' or 'not'")
    fact = data["fact"]
    if not isinstance(fact, str) or fact not in FACTS:
        import difflib

        close = difflib.get_close_matches(str(fact), list(FACTS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConditionError(f"{path}.fact", f"unknown fact {fact!r}{hint}")
    spec = FACTS[fact]
    ops = keys - {"fact"}
    if len(ops) != 1:
        raise ConditionError(path, f"expected exactly one operator ({', '.join(OPERATORS)}), got {', '.join(sorted(ops)) or 'none'}")
    op = ops.pop()
    if op not in OPERATORS:
        raise ConditionError(f"{path}.{op}", f"unknown operator {op!r}; expected one of {', '.join(OPERATORS)}")
    if spec.kind not in OPERATORS[op]:
        raise ConditionError(f"{path}.{op}", f"operator {op!r} does not apply to {spec.kind} fact {fact!r}")
    value = data[op]
    where = f"{path}.{op}"
    if op == "empty":
        if type(value) is not bool:
            raise ConditionError(where, f"expected true or false, got {value!r}")
    elif op in ("in", "not_in", "contains_any", "contains_all"):
        if not isinstance(value, list) or not value:
            raise ConditionError(where, "expected a non-empty array")
        for v in value:
            _check_value(spec, v, where)
        value = tuple(value)
    else:
        _check_value(spec, value, where)
    return Leaf(fact, op, value)


def _leaf(leaf: Leaf) -> Check:
    # Fact values are validated ints, strs, bools and frozensets, whose
    # comparisons already return bool: no bool() wrapper on the hot path.
    f, v = leaf.fact, leaf.value
    op = leaf.op
    if op == "eq":
        return lambda x: x[f] == v
    if op == "ne":
        return lambda x: x[f] != v
    if op == "lt":
        return lambda x: x[f] < v
    if op == "lte":
        return lambda x: x[f] <= v
    if op == "gt":
        return lambda x: x[f] > v
    if op == "gte":
        return lambda x: x[f] >= v
    if op == "in":
        s = frozenset(v)
        return lambda x: x[f] in s
    if op == "not_in":
        s = frozenset(v)
        return lambda x: x[f] not in s
    if op == "contains":
        return lambda x: v in x[f]
    if op == "contains_any":
        s = frozenset(v)
        return lambda x: not s.isdisjoint(x[f])
    if op == "contains_all":
        s = frozenset(v)
        return lambda x: s <= x[f]
    if v:
        return lambda x: not x[f]
    return lambda x: bool(x[f])


def _always(_x: Mapping[str, Any]) -> bool:
    return True


def compile_condition(cond: Condition | None) -> Check:
    """Turn a parsed condition into a closure over a facts mapping.

    Combinators of up to three items become direct ``and``/``or`` chains:
    a generator per call costs more than the leaves it runs.
    """
    if cond is None:
        return _always
    if isinstance(cond, Leaf):
        return _leaf(cond)
    if isinstance(cond, Not):
        inner = compile_condition(cond.item)
        return lambda x: not inner(x)
    parts = tuple(compile_condition(c) for c in cond.items)
    if isinstance(cond, All):
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            a, b = parts
            return lambda x: a(x) and b(x)
        if len(parts) == 3:
            a, b, c = parts
            return lambda x: a(x) and b(x) and c(x)

        def all_of(x: Mapping[str, Any]) -> bool:
            # A plain loop: all() over a generator is slower per call.
            for p in parts:  # noqa: SIM110
                if not p(x):
                    return False
            return True

        return all_of
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda x: a(x) or b(x)
    if len(parts) == 3:
        a, b, c = parts
        return lambda x: a(x) or b(x) or c(x)

    def any_of(x: Mapping[str, Any]) -> bool:
        for p in parts:  # noqa: SIM110
            if p(x):
                return True
        return False

    return any_of


def facts_read(cond: Condition | None) -> tuple[str, ...]:
    """The fact names a condition reads, in first-use order."""
    out: list[str] = []

    def walk(c: Condition) -> None:
        if isinstance(c, Leaf):
            if c.fact not in out:
                out.append(c.fact)
        elif isinstance(c, Not):
            walk(c.item)
        else:
            for i in c.items:
                walk(i)

    if cond is not None:
        walk(cond)
    return tuple(out)


def explain(cond: Condition | None, facts: Mapping[str, Any]) -> tuple[bool, str]:
    """Evaluate slowly, returning the result and the deciding reason:
    for a failure, the first condition that was false."""
    if cond is None:
        return True, "no condition: always applies"
    if isinstance(cond, Leaf):
        ok = compile_condition(cond)(facts)
        return ok, f"{cond.text()} is {'true' if ok else 'false'} ({cond.fact} = {toml_text(facts[cond.fact])})"
    if isinstance(cond, Not):
        ok, why = explain(cond.item, facts)
        return (not ok), f"not ({why})"
    results = [explain(c, facts) for c in cond.items]
    if isinstance(cond, All):
        for ok, why in results:
            if not ok:
                return False, why
        return True, "; ".join(w for _, w in results)
    for ok, why in results:
        if ok:
            return True, why
    return False, "none of: " + "; ".join(w for _, w in results)


# -- static analysis -------------------------------------------------------

def _domain(spec: FactSpec) -> frozenset[Any]:
    if spec.kind == "int":
        assert spec.min is not None and spec.max is not None
        return frozenset(range(spec.min, spec.max + 1))
    if spec.kind == "bool":
        return frozenset((False, True))
    return frozenset(spec.values)


def _leaf_values(leaf: Leaf) -> frozenset[Any] | None:
    """Fact values that satisfy a scalar leaf, or None for set facts."""
    spec = FACTS[leaf.fact]
    if spec.kind == "set":
        return None
    dom = _domain(spec)
    check = _leaf(leaf)
    return frozenset(v for v in dom if check({leaf.fact: v}))


def int_range(cond: Condition | None, fact: str) -> tuple[int, int] | None:
    """The least and greatest value of the integer ``fact`` when ``cond``
    holds, narrowed by its leaves on that fact alone or in a conjunction
    (never narrower than the truth); None when no value is left."""
    spec = FACTS[fact]
    values = _domain(spec)
    items = [cond] if cond is not None else []
    while items:
        c = items.pop()
        if isinstance(c, All):
            items.extend(c.items)
        elif isinstance(c, Leaf) and c.fact == fact:
            values = values & (_leaf_values(c) or frozenset())
        elif isinstance(c, Not) and isinstance(c.item, Leaf) and c.item.fact == fact:
            values = values - (_leaf_values(c.item) or frozenset())
    return (min(values), max(values)) if values else None


def satisfiable(cond: Condition | None) -> bool:
    """Whether some valid facts make ``cond`` true.

    Exact for conjunctions of scalar leaves (what real rules use); set facts
    and negations are assumed satisfiable unless plainly contradictory, so
    this never calls a reachable rule unreachable.
    """
    if cond is None:
        return True
    # Wrapped in All so a lone negation is narrowed too; every person has
    # bodyweight among their equipment.
    must = {f.name: set(f.always) for f in FACTS.values() if f.always}
    return _sat(All((cond,)), {}, must, {})


def _sat(cond: Condition, scalar: dict[str, frozenset[Any]], must: dict[str, set[str]], mustnot: dict[str, set[str]]) -> bool:
    if isinstance(cond, Leaf):
        vals = _leaf_values(cond)
        if vals is not None:
            prev = scalar.get(cond.fact, _domain(FACTS[cond.fact]))
            return bool(prev & vals)
        if cond.op == "contains":
            return cond.value not in mustnot.get(cond.fact, set())
        if cond.op == "contains_all":
            return not (set(cond.value) & mustnot.get(cond.fact, set()))
        if cond.op == "empty" and cond.value:
            return not must.get(cond.fact) and not FACTS[cond.fact].nonempty
        return True
    if isinstance(cond, Any_):
        return any(_sat(c, scalar, must, mustnot) for c in cond.items)
    if isinstance(cond, Not):
        inner = cond.item
        if isinstance(inner, Leaf) and _leaf_values(inner) is not None:
            vals = _domain(FACTS[inner.fact]) - (_leaf_values(inner) or frozenset())
            return bool(scalar.get(inner.fact, _domain(FACTS[inner.fact])) & vals)
        if isinstance(inner, Leaf) and inner.op == "empty":
            return _sat(Leaf(inner.fact, "empty", not inner.value), scalar, must, mustnot)
        return True
    # All: narrow scalar domains leaf by leaf, then check the rest.
    scalar = dict(scalar)
    must = {k: set(v) for k, v in must.items()}
    mustnot = {k: set(v) for k, v in mustnot.items()}
    rest: list[Condition] = []
    items: list[Condition] = []
    stack = list(cond.items)
    while stack:
        c = stack.pop(0)
        if isinstance(c, All):
            stack[:0] = c.items
        else:
            items.append(c)
    for c in items:
        if isinstance(c, Leaf):
            vals = _leaf_values(c)
            if vals is not None:
                scalar[c.fact] = scalar.get(c.fact, _domain(FACTS[c.fact])) & vals
                if not scalar[c.fact]:
                    return False
                continue
            if c.op == "contains":
                must.setdefault(c.fact, set()).add(c.value)
            elif c.op == "contains_all":
                must.setdefault(c.fact, set()).update(c.value)
        elif isinstance(c, Not) and isinstance(c.item, Leaf):
            inner = c.item
            vals = _leaf_values(inner)
            if vals is not None:
                scalar[inner.fact] = scalar.get(inner.fact, _domain(FACTS[inner.fact])) - vals
                if not scalar[inner.fact]:
                    return False
                continue
            if inner.op == "contains":
                mustnot.setdefault(inner.fact, set()).add(inner.value)
            elif inner.op == "contains_any":
                mustnot.setdefault(inner.fact, set()).update(inner.value)
        rest.append(c)
    for fact, values in must.items():
        if values & mustnot.get(fact, set()):
            return False
    return all(_sat(c, scalar, must, mustnot) for c in rest)
