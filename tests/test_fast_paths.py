"""The shortcuts that keep start-up and planning fast give exactly the
results of the general code they stand in for."""

from __future__ import annotations

import datetime
import functools
import os
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender import Engine, Plan, PlannedExercise, load_profile
from recommender.cli import _parse, build_parser
from recommender.exercises import Exercise, ExercisePack, pack_problems
from recommender.render import WIDTH, _wrap

ROOT = Path(__file__).resolve().parent.parent
ME = ROOT / "examples" / "me.toml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    return subprocess.run([sys.executable, "-m", "recommender", *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False)


@functools.cache
def _me_plan() -> Plan:
    return Engine(plugins=False).recommend(load_profile(ME))


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "b", " ", "  ", "-", ".", "é", "\t", "\n", "\u00a0", "word", "x" * 30, "y" * 79, "z" * 81]), max_size=60).map("".join),
    indent=st.sampled_from(["", "  ", "    ", "       ", "         "]),
    first=st.sampled_from(["", "  ", "- ", "!! ", "       "]),
)
def test_wrap_matches_textwrap(text: str, indent: str, first: str) -> None:
    """The text renderer's line filling gives textwrap's lines for any text."""
    expected = textwrap.wrap(text, WIDTH, initial_indent=first or indent, subsequent_indent=indent, break_on_hyphens=False) or [first]
    assert list(_wrap(text, indent, first)) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["--profile", "examples/me.toml"],
        ["--profile", "examples/me.toml", "--format", "json", "--out", "x.json", "--explain"],
        ["--prof", "examples/me.toml", "--no-plugins", "--disable-plugin", "a", "--disable-plugin", "b"],
        ["-f", "markdown", "--color", "never", "--rules", "r.toml", "--profile=me.toml", "--debug", "--strict-plugins"],
        ["--profile", "me.toml", "--today", "2026-12-02"],
        [],
    ],
)
def test_top_level_parse_equals_the_full_parser(argv: list[str]) -> None:
    """A plain plan command line parses to the same options with or without the subcommand parsers."""
    assert _parse(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [["check", "plan.json", "--profile", "me.toml"], ["rules", "list"], ["batch", "in", "--out", "out", "--jobs", "2"]],
)
def test_subcommands_get_the_full_parser(argv: list[str]) -> None:
    """Subcommands parse exactly as the full parser parses them."""
    assert _parse(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [["--bogus"], ["--color", "pink"], ["--profile"], ["nonsense"]])
def test_bad_arguments_are_reported_by_the_full_parser(argv: list[str]) -> None:
    """A wrong argument gives argparse's usage and error for the whole command, exit code 2."""
    r = run(*argv)
    assert r.returncode == 2
    assert r.stderr.startswith("usage: recommend ")
    assert "COMMAND" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("recommend: error: ")


def test_version_is_the_installed_version() -> None:
    """--version prints the version the installed distribution declares."""
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout == f"recommend {version('recommender')}\n"


def test_pack_check_still_catches_a_subclass_that_skips_its_checks() -> None:
    """Exercises are checked when made; a subclass that skips that is still checked by pack_problems."""

    class Unchecked(Exercise):
        def __attrs_post_init__(self) -> None:
            pass

    pack = ExercisePack(name="mine", exercises=(Unchecked(id="x", name="X", areas=("nowhere",)),))
    problems = pack_problems(pack)
    assert len(problems) == 1
    assert problems[0].startswith("pack 'mine': exercise 'x': areas: unknown value 'nowhere'")
    with pytest.raises(ValueError, match="unknown value 'nowhere'"):
        Exercise(id="x", name="X", areas=("nowhere",))


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.stem)
def test_planned_exercises_are_the_exercises_the_constructor_makes(example: Path) -> None:
    """Every exercise of a plan, made by copying a prepared set of fields, is what PlannedExercise(**fields)
    makes: equal, with the same hash, repr, fields in the same order, frozen, and the same after pickling,
    attrs.evolve and attrs.asdict."""
    import pickle

    plan = Engine(plugins=False).recommend(load_profile(example))
    exercises = [e for w in plan.weeks for s in w.sessions for e in s.exercises]
    assert exercises
    for e in exercises:
        made = PlannedExercise(**vars(e))
        assert type(e) is PlannedExercise
        assert list(vars(e).items()) == list(vars(made).items()) == [(f.name, getattr(e, f.name)) for f in attrs.fields(PlannedExercise)]
        assert e == made and hash(e) == hash(made) and repr(e) == repr(made)
        assert pickle.loads(pickle.dumps(e)) == e and attrs.asdict(e) == attrs.asdict(made)
        assert attrs.evolve(e, sets=e.sets) == made
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            e.sets = 99  # type: ignore[misc]
        assert e.sets != 99
    # Exercises of different weeks share nothing that one could change for another.
    assert len({id(vars(e)) for e in exercises}) == len(exercises)


def test_verifier_accepts_hand_built_plans_with_lists() -> None:
    """A plan built in Python with lists where tuples belong is verified like the tuple version."""
    engine = Engine(plugins=False)
    profile = load_profile(ME)
    plan = engine.recommend(profile)
    week = plan.weeks[0]
    session = week.sessions[0]
    first = session.exercises[0]
    # Deliberately the wrong types, as a careless caller might pass them.
    listed = attrs.evolve(first, areas=list(first.areas), target_reps=[*first.target_reps, 99], reps=list(first.reps))  # type: ignore[arg-type]
    tupled = attrs.evolve(first, target_reps=(*first.target_reps, 99))

    def with_first(ex: PlannedExercise) -> Plan:
        s = attrs.evolve(session, exercises=(ex, *session.exercises[1:]))
        return attrs.evolve(plan, weeks=(attrs.evolve(week, sessions=(s, *week.sessions[1:])), *plan.weeks[1:]))

    lines = [v.line() for v in engine.verify(with_first(listed), profile)]
    assert lines
    assert lines == [v.line() for v in engine.verify(with_first(tupled), profile)]


def test_engine_reuses_its_ranking_for_a_profile_that_names_packs() -> None:
    """Plans for profiles that name their packs are the same from a fresh engine and a busy one."""
    profile = attrs.evolve(load_profile(ME), packs=("default",), weeks=4)
    busy = Engine(plugins=False)
    busy.recommend(load_profile(ME))
    assert busy.render(busy.recommend(profile), "json") == Engine(plugins=False).render(Engine(plugins=False).recommend(profile), "json")



def test_selection_order_equals_sorting_by_rank() -> None:
    """Each area's candidates come in exactly the order of sorting them by the full rank."""
    import random

    from recommender.selection import SelectionIndex, Selector
    from recommender.vocabulary import AREAS, CONTRAINDICATIONS, EQUIPMENT, LEVELS, MECHANICS, PATTERNS

    rng = random.Random(5)
    exercises = []
    for i in range(300):
        # Repeated areas and equipment are allowed in a pack, and count in the rank.
        areas = tuple(rng.choice(AREAS) for _ in range(rng.randint(1, 3)))
        exercises.append(Exercise(
            id=f"e{i:03d}", name=f"E{i}", areas=areas, equipment=tuple(rng.choice(EQUIPMENT) for _ in range(rng.randint(0, 3))),
            level=rng.choice(LEVELS), pattern=rng.choice(PATTERNS), mechanic=rng.choice(MECHANICS),
            contraindications=tuple(rng.sample(list(CONTRAINDICATIONS), rng.randint(0, 2))),
        ))
    packs = [ExercisePack(name="aaa", exercises=tuple(exercises[:150])), ExercisePack(name="default", exercises=tuple(exercises[150:]))]
    engine = Engine(plugins=False, default_pack=False)
    base = load_profile(ME)
    for trial in range(40):
        profile = attrs.evolve(
            base,
            experience=rng.choice(LEVELS),
            target_areas=tuple(rng.sample(AREAS, rng.randint(0, 3))),
            equipment=tuple(rng.sample([e for e in EQUIPMENT if e != "bodyweight"], rng.randint(0, 5))),
            injuries=tuple(rng.sample(["knee", "lower_back", "shoulder", "wrist"], rng.randint(0, 2))),
        )
        rx = engine.prescribe(profile)
        selector = Selector(packs, profile, rx, SelectionIndex(packs))
        owned = set(profile.equipment) | {"bodyweight"}
        level = LEVELS.index(profile.experience)
        usable = [
            (p.name, ex) for p in packs for ex in p.exercises
            if set(ex.equipment) <= owned and LEVELS.index(ex.level) <= level and not set(rx.excluded) & set(ex.contraindications)
        ]
        for area in AREAS:
            expected = sorted((c for c in usable if area in c[1].areas), key=lambda c, area=area: selector._rank(c, area))
            assert selector.by_area[area] == expected, (trial, area)


def test_busy_engine_plans_like_a_fresh_one() -> None:
    """An engine that has planned many similar profiles gives each the same plan, or the same refusal, as a new engine."""
    import random

    from recommender import Profile, RecommenderError
    from recommender.vocabulary import DAYS, LEVELS

    rng = random.Random(11)
    base = load_profile(ME)
    profiles = []
    for _ in range(40):
        # Few distinct equipment, level and target choices, so that reused
        # selection work is exercised, next to what it must not be shared by.
        profiles.append(attrs.evolve(
            base,
            age=rng.choice([25, 42, 70]),
            experience=rng.choice(LEVELS[:2]),
            target_areas=rng.choice([(), ("legs", "back"), ("back", "legs"), ("core",)]),
            equipment=rng.choice([(), ("dumbbells", "resistance_band")]),
            days=tuple(rng.sample(DAYS, rng.randint(2, 5))),
            session_minutes=rng.choice([30, 45, 60]),
            weeks=rng.choice([4, 12]),
        ))
    busy = Engine(plugins=False)

    def outcome(engine: Engine, profile: Profile) -> str:
        try:
            return engine.render(engine.recommend(profile), "json")
        except RecommenderError as exc:
            return exc.line()

    answers = [outcome(busy, p) for p in profiles]
    assert len(set(answers)) > 10
    for profile, answer in zip(profiles, answers, strict=True):
        assert answer == outcome(Engine(plugins=False), profile)


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 500), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["legs", "back", "knee", "beginner", "fat_loss", "mon", "18:30", "dumbbells"]),
    st.lists(st.sampled_from(["legs", "back", "mon", "wed", "knee", 3, True]), max_size=4),
    st.dictionaries(st.sampled_from(["heart_condition", "dizziness", "x"]), st.booleans(), max_size=2),
    st.dates(),
)


def _outcomes(data: Any, cls: type[Any]) -> tuple[object, object]:
    """What the first-pass and the detailed default converter make of
    ``data``: the value, or None when it is rejected."""
    from recommender.converter import default_converter, first_pass_converter

    def outcome(conv: Any) -> object:
        try:
            return conv.structure(data, cls)
        except Exception:
            return None

    return outcome(first_pass_converter()), outcome(default_converter())


_PROFILE_KEYS = ["age", "experience", "goal", "days", "session_minutes", "target_areas", "equipment", "injuries", "conditions",
                 "weeks", "start", "start_time", "packs", "screening", "screening.dizziness", "screening.other_reason", "agee", "screening.x"]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(p.name for p in (ROOT / "examples").glob("*.toml"))),
    key=st.sampled_from(_PROFILE_KEYS),
    how=st.sampled_from(["replace", "delete"]),
    value=_VALUES,
)
def test_first_pass_structuring_agrees_with_the_detailed_converter(name: str, key: str, how: str, value: object) -> None:
    """For a valid profile with one value changed or removed, the quick first pass accepts exactly what the
    detailed default converter accepts, builds the same profile, and reading it reports the same problems."""
    import tomllib

    from recommender.converter import default_converter, structure_default, structure_strict
    from recommender.profile import Profile

    doc = tomllib.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
    table, _, leaf = key.rpartition(".")
    node = doc.setdefault(table, {}) if table else doc
    if how == "delete":
        node.pop(leaf, None)
    else:
        node[leaf] = value
    quick, detailed = _outcomes(doc, Profile)
    assert quick == detailed
    assert structure_default(doc, Profile) == structure_strict(default_converter(), doc, Profile)


_PLAN_PATHS = [
    ("weeks",), ("weeks", 0, "number"), ("weeks", 0, "sessions", 0, "minutes"), ("weeks", 0, "sessions", 0, "day"),
    ("weeks", 0, "sessions", 0, "exercises", 0, "sets"), ("weeks", 0, "sessions", 0, "exercises", 0, "id"),
    ("weeks", 0, "sessions", 0, "exercises", 0, "unit"), ("aerobic", "target_minutes"), ("prescription", "rir", "value"),
    ("notices",), ("notices", 0, "text"), ("swaps",), ("packs",), ("bogus",),
]


@settings(max_examples=200, deadline=None)
@given(path=st.sampled_from(_PLAN_PATHS), value=_VALUES)
def test_first_pass_structuring_of_plans_agrees_with_the_detailed_converter(path: tuple[object, ...], value: object) -> None:
    """Reading a plan file with one value changed accepts and builds exactly what the detailed default converter
    does, and reports the same problems."""
    from recommender import plan_to_dict
    from recommender.converter import default_converter, structure_default, structure_strict

    data = plan_to_dict(_me_plan())
    node: Any = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    quick, detailed = _outcomes(data, Plan)
    assert quick == detailed
    assert structure_default(data, Plan) == structure_strict(default_converter(), data, Plan)


def test_valid_profiles_and_plans_never_need_the_detailed_converter() -> None:
    """The examples and a plan read back are built by the first pass alone: the detailed converter, whose
    generated code costs more to make, is not even built; and plans are written out as it would write them."""
    from recommender import plan_from_dict, plan_to_dict
    from recommender.converter import default_converter

    default_converter.cache_clear()
    profiles = [load_profile(p) for p in sorted((ROOT / "examples").glob("*.toml"))]
    data = plan_to_dict(_me_plan())
    assert plan_from_dict(data) == _me_plan()
    assert default_converter.cache_info().currsize == 0
    assert data == default_converter().unstructure(_me_plan())
    assert len(profiles) >= 4


class _Key(str):
    pass


class _Whole(int):
    pass


_JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # NaN and infinities are written as json.dumps writes them
    | st.text() | st.builds(_Key, st.text()) | st.builds(_Whole, st.integers())
)
_JSON_KEYS = st.text() | st.sampled_from(["id", "name", "areas"]) | st.integers() | st.floats() | st.booleans() | st.none() | st.builds(_Key, st.text(max_size=3))
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.lists(inner, max_size=5).map(tuple)
        | st.dictionaries(_JSON_KEYS, inner, max_size=5)
        | st.dictionaries(st.text(max_size=3), inner, max_size=5).map(lambda d: __import__("collections").OrderedDict(d))
    ),
    max_leaves=40,
)


@settings(max_examples=1000, deadline=None)
@given(data=_JSON)
def test_json_text_is_what_json_dumps_writes(data: object) -> None:
    """The JSON writer gives json.dumps's indented text for any JSON data,
    including the same array of strings at several depths."""
    import json

    from recommender.json_text import dumps

    assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)
    assert dumps([data, {"a": data}, [[data]]]) == json.dumps([data, {"a": data}, [[data]]], indent=2, ensure_ascii=False)


class _Tag:
    """Equal to the string it wraps, and hashed alike, but not a string."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return other == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class _Odd(float):
    """A float that says it is not equal to itself, as NaN does."""

    def __ne__(self, other: object) -> bool:
        return True


class _ListKeys(dict):  # type: ignore[type-arg]
    """A dict whose items() yields a key a dict could not hold."""

    def items(self) -> Any:
        return [([1], 0)]


def _nested(depth: int, make: Any) -> Any:
    data: Any = 0
    for _ in range(depth):
        data = make(data)
    return data


_EQUAL_BUT_DIFFERENT = [
    # Equal values of other types, where a cache keyed on values would mix them up.
    [[1], [True], [1.0], [0], [False], [0.0], [-0.0]],
    [{1: 0}, {True: 0}, {1.0: 0}, {"1": 0}],
    [["a", "b"], {"x": ["a", "b"]}, [[["a", "b"]]]],
    [{"a": 1}, {_Key("a"): 2}],
    [_Odd(1.0), {"x": _Odd(2.0)}, {_Odd(3.0): 0}],
    [float("nan"), float("inf"), -float("inf"), {float("nan"): 0, float("inf"): 1}],
    _nested(900, lambda d: [d]),
    _nested(900, lambda d: {"a": d}),
]


@pytest.mark.parametrize("data", _EQUAL_BUT_DIFFERENT, ids=["scalars", "keys", "arrays", "str-subclass key", "float subclass", "nan",
                                                            "deep arrays", "deep objects"])
def test_json_text_matches_json_dumps_where_caching_or_nesting_could_go_wrong(data: object) -> None:
    import json

    from recommender.json_text import dumps

    assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def _circular_dict() -> dict[str, Any]:
    d: dict[str, Any] = {}
    d["self"] = [d]
    return d


def _circular_list() -> list[Any]:
    a: list[Any] = []
    a.append({"a": a})
    return a


@pytest.mark.parametrize("data", [
    {"x": object()}, [1, {2, 3}], {(1, 2): "a"}, {"x": [b"bytes"]},
    {datetime.date(2026, 1, 1): 1},  # a type written in C: named as json.dumps names it
    [{"a": 1}, {_Tag("a"): 2}],  # equal to a key written before it, still not a string
    _ListKeys(x=1),
    _circular_dict(), _circular_list(),
    _nested(3000, lambda d: [d]), _nested(3000, lambda d: {"a": d}),
], ids=["object", "set", "tuple key", "bytes", "date key", "str-like key", "list key", "circular dict", "circular list",
        "too deep arrays", "too deep objects"])
def test_json_text_refuses_what_json_dumps_refuses(data: object) -> None:
    import json

    from recommender.json_text import dumps

    with pytest.raises((TypeError, ValueError, RecursionError)) as theirs:
        json.dumps(data, indent=2, ensure_ascii=False)
    with pytest.raises(theirs.type) as ours:
        dumps(data)
    assert str(ours.value) == str(theirs.value) or theirs.type is RecursionError


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.stem)
def test_json_plans_are_what_json_dumps_writes(example: Path) -> None:
    import json

    from recommender import plan_to_dict

    engine = Engine(plugins=False)
    plan = engine.recommend(load_profile(example))
    assert engine.render(plan, "json") == json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"
