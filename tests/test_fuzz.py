"""Property tests: generated and mutated profiles, rule files and plans reach
the loaders and the plan checker, and the only exceptions that ever escape
are the package's own (RecommenderError and its subclasses).

Default runs are short; benchmarks/fuzz.py runs the long version.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import Engine, RecommenderError, load_profile, profile_from_dict, profile_from_toml
from recommender.errors import PlanFileError
from recommender.limits import parse_json
from recommender.plan import plan_from_dict, plan_to_dict
from recommender.profile import Profile
from recommender.rules import RULE_KEYS, RuleSource, load_rule_sources, shipped_rule_sources

ROOT = Path(__file__).resolve().parent.parent
PROFILES = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.toml"))}
RULE_FILES = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.toml"))}
PROFILE_KEYS = tuple(f.name for f in attrs.fields(Profile))
WORDS = (
    "mon", "thu", "legs", "knee", "beginner", "advanced", "fat_loss", "dumbbells", "hypertension", "fact", "eq",
    "gte", "all", "any", "not", "contains", "age", "injuries", "sets_per_exercise", "rir", "default", "18:30",
)
# FUZZ_EXAMPLES raises the count for a local deep run.
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ENGINE = Engine(plugins=False)
ME = load_profile(ROOT / "examples" / "me.toml")
PLAN = plan_to_dict(ENGINE.recommend(ME))

# -- strategies ------------------------------------------------------------

scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-5, max_value=400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    st.sampled_from(WORDS),
    st.dates(),
)
json_scalars = st.one_of(st.none(), st.integers(min_value=-(2**40), max_value=2**40), st.floats(allow_nan=False), st.booleans(), st.text(max_size=20), st.sampled_from(WORDS))
keys = st.one_of(st.sampled_from(PROFILE_KEYS + RULE_KEYS + WORDS), st.text(min_size=1, max_size=12))


def _tree(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


toml_values = _tree(scalars)
json_values = _tree(json_scalars)
# What an app might pass in a dict: tuples, sets, bytes, None, non-string keys.
python_values = st.recursive(
    st.one_of(scalars, st.none(), st.binary(max_size=4), st.frozensets(st.integers(), max_size=3)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.tuples(inner, inner), st.dictionaries(st.one_of(keys, st.integers(), st.none()), inner, max_size=3)
    ),
    max_leaves=10,
)


def _mutate_text(text: str, data: st.DataObject) -> str:
    """Apply a few random edits: delete, insert, replace or duplicate a span."""
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        n = len(text)
        i = data.draw(st.integers(0, n), label="at")
        j = data.draw(st.integers(i, min(n, i + 40)), label="to")
        how = data.draw(st.sampled_from(("delete", "insert", "replace", "duplicate", "swap-lines")), label="how")
        if how == "delete":
            text = text[:i] + text[j:]
        elif how == "insert":
            text = text[:i] + data.draw(st.one_of(st.text(max_size=10), st.sampled_from(('"', "[", "]", "{", "}", "=", ",", "\n", "#", ".", "'''", "\\", "\ufeff"))), label="new") + text[i:]
        elif how == "replace":
            text = text[:i] + data.draw(st.text(max_size=8), label="new") + text[j:]
        elif how == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                a = data.draw(st.integers(0, len(lines) - 1), label="a")
                b = data.draw(st.integers(0, len(lines) - 1), label="b")
                lines[a], lines[b] = lines[b], lines[a]
                text = "".join(lines)
    return text


def _mutate_bytes(raw: bytes, data: st.DataObject) -> bytes:
    """Flip, insert or delete a few bytes anywhere (encodings, BOMs, NULs)."""
    out = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        i = data.draw(st.integers(0, len(out)), label="at")
        how = data.draw(st.sampled_from(("set", "insert", "delete", "prefix")), label="how")
        byte = data.draw(st.sampled_from((0x00, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF, 0x80, 0xC3, 0x22, 0x5B, 0x0A)), label="byte")
        if how == "set" and i < len(out):
            out[i] = byte
        elif how == "insert":
            out.insert(i, byte)
        elif how == "delete" and i < len(out):
            del out[i]
        elif how == "prefix":
            out[:0] = data.draw(st.sampled_from((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00")), label="bom")
    return bytes(out)


def _set_path(doc: Any, data: st.DataObject, value: Any) -> Any:
    """Replace, delete or add one value at a random depth of a JSON-like tree."""
    node = doc
    while True:
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
        if not children:
            return doc
        key, child = data.draw(st.sampled_from(children), label="step")
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans(), label="deeper"):
            node = child
            continue
        how = data.draw(st.sampled_from(("replace", "delete", "add")), label="how")
        if how == "replace":
            node[key] = value
        elif how == "delete":
            del node[key]
        elif isinstance(node, dict):
            node[data.draw(keys, label="key")] = value
        else:
            node.append(value)
        return doc


def _only_own_errors(call: Any, *args: Any, **kwargs: Any) -> None:
    try:
        call(*args, **kwargs)
    except RecommenderError as exc:
        # Every message is a single line, however odd the input.
        # RuleError.problems are printed lines too; ProfileError.problems are values.
        lines = [exc.line(), *(p for p in getattr(exc, "problems", ()) if isinstance(p, str))]
        assert all(len(line.splitlines()) == 1 for line in lines), lines


# -- profiles --------------------------------------------------------------


@SETTINGS
@given(st.dictionaries(keys, toml_values, max_size=8))
def test_generated_toml_documents_as_profiles(doc: dict[str, Any]) -> None:
    """Any TOML document, with any keys and values, either loads or fails with a ProfileError."""
    _only_own_errors(profile_from_toml, tomli_w.dumps(doc), source="fuzz.toml")


@SETTINGS
@given(st.sampled_from(sorted(PROFILES)), st.sampled_from(PROFILE_KEYS), toml_values)
def test_valid_profile_with_one_value_replaced(name: str, key: str, value: Any) -> None:
    """A valid profile with one key set to any value loads or fails cleanly, and a loaded one plans or refuses cleanly."""
    import tomllib

    doc = tomllib.loads(PROFILES[name])
    doc[key] = value
    try:
        profile = profile_from_dict(doc, source=name)
    except RecommenderError:
        return
    _only_own_errors(ENGINE.recommend, profile, today=datetime.date(2026, 11, 25))


@SETTINGS
@given(st.dictionaries(st.one_of(st.sampled_from(PROFILE_KEYS), st.integers()), python_values, max_size=8))
def test_app_dicts_as_profiles(doc: dict[Any, Any]) -> None:
    """Any Python dict an app passes as a profile loads or fails with a ProfileError."""
    _only_own_errors(profile_from_dict, doc)


@SETTINGS
@given(st.sampled_from(sorted(PROFILES)), st.data())
def test_mutated_profile_text(name: str, data: st.DataObject) -> None:
    """Random text edits of the example profiles load or fail with a ProfileError."""
    _only_own_errors(profile_from_toml, _mutate_text(PROFILES[name], data), source=name)


@SETTINGS
@given(st.sampled_from(sorted(PROFILES)), st.data())
def test_mutated_profile_bytes(tmp_path_factory: pytest.TempPathFactory, name: str, data: st.DataObject) -> None:
    """Random byte edits of the example profile files (bad UTF-8, BOMs, NULs) load or fail cleanly."""
    path = tmp_path_factory.getbasetemp() / f"fuzz-{name}"
    path.write_bytes(_mutate_bytes(PROFILES[name].encode("utf-8"), data))
    _only_own_errors(load_profile, path)


# -- rules -----------------------------------------------------------------


# One shipped file under the user's, so replacing and loosening rules is
# exercised without compiling every shipped rule for every example.
SHIPPED_INJURIES = [s for s in shipped_rule_sources() if s.name.endswith("/injuries.toml")]


def _load_user_rules(text: str) -> None:
    load_rule_sources([("shipped", SHIPPED_INJURIES), ("user", [RuleSource("fuzz.toml", text)])])


@SETTINGS
@given(st.sampled_from(sorted(RULE_FILES)), st.data())
def test_mutated_rule_files(name: str, data: st.DataObject) -> None:
    """Random text edits of the shipped rule files compile or fail with a RuleError."""
    text = _mutate_text(RULE_FILES[name], data)
    _only_own_errors(load_rule_sources, [("shipped", [RuleSource(f"rules/{name}", text)])])


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(RULE_KEYS), toml_values, max_size=8), min_size=1, max_size=3))
def test_generated_rules(rules: list[dict[str, Any]]) -> None:
    """Generated [[rule]] tables with the real keys and any values compile or fail with a RuleError."""
    _only_own_errors(_load_user_rules, tomli_w.dumps({"rule": rules}))


@SETTINGS
@given(st.dictionaries(keys, toml_values, max_size=6))
def test_generated_toml_documents_as_rules(doc: dict[str, Any]) -> None:
    """Any TOML document given as a rule file compiles or fails with a RuleError."""
    _only_own_errors(_load_user_rules, tomli_w.dumps(doc))


# -- plans -----------------------------------------------------------------


def _check(data: Any) -> None:
    plan = plan_from_dict(data, source="fuzz.json")
    ENGINE.verify(plan, ME)


@SETTINGS
@given(json_values, st.data())
def test_valid_plan_with_one_value_changed(value: Any, data: st.DataObject) -> None:
    """A valid plan with one value replaced, removed or added is checked or refused with a PlanFileError."""
    _only_own_errors(_check, _set_path(copy.deepcopy(PLAN), data, value))


@SETTINGS
@given(st.data())
def test_mutated_plan_text(data: st.DataObject) -> None:
    """Random text edits of a valid plan's JSON parse and check, or fail with a PlanFileError."""
    text = json.dumps({**PLAN, "weeks": PLAN["weeks"][:2]}, indent=1)
    _only_own_errors(lambda t: _check(parse_json(t, source="fuzz.json", error=PlanFileError)), _mutate_text(text, data))


@SETTINGS
@given(python_values, st.data())
def test_app_dicts_as_plans(value: Any, data: st.DataObject) -> None:
    """A valid plan dict with any Python value put somewhere is checked or refused with a PlanFileError."""
    _only_own_errors(_check, _set_path(copy.deepcopy(PLAN), data, value))


@SETTINGS
@given(json_values)
def test_any_json_value_as_a_plan(value: Any) -> None:
    """Any JSON value given as a plan fails with a PlanFileError (or, improbably, checks)."""
    _only_own_errors(_check, value)
