"""The public API: explicit, typed and in step with __all__."""

from __future__ import annotations

import datetime
import importlib.resources
import inspect
from pathlib import Path

import pytest

import recommender

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_sorted_and_resolves() -> None:
    """Every name in __all__ imports, and __all__ is sorted."""
    assert list(recommender.__all__) == sorted(recommender.__all__)
    for name in recommender.__all__:
        assert getattr(recommender, name) is not None


def test_no_private_names_public() -> None:
    """The public API has no names starting with an underscore."""
    assert not [n for n in recommender.__all__ if n.startswith("_")]


def test_dir_matches_all() -> None:
    """dir(recommender) lists exactly the public API."""
    assert dir(recommender) == sorted(recommender.__all__)


def test_public_callables_have_docstrings() -> None:
    """Every public class and function is documented."""
    missing = [n for n in recommender.__all__ if callable(getattr(recommender, n)) and not inspect.getdoc(getattr(recommender, n))]
    assert missing == []


def test_typed_marker_shipped() -> None:
    """The package ships py.typed."""
    assert importlib.resources.files("recommender").joinpath("py.typed").is_file()


# -- profiles an app builds itself ----------------------------------------------

_BUILT = {"age": 40, "experience": "beginner", "goal": "general_fitness", "days": ("mon", "wed", "fri"), "session_minutes": 45}


def _built(**changes: object) -> recommender.Profile:
    # attrs checks no value a Profile is built with, as the loaders do.
    return recommender.Profile(**{**_BUILT, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({"age": 12}, "<profile>: age: expected an integer from 18 to 100 (plans are for adults), got 12"),
        ({"age": True}, "<profile>: age: expected an integer, got boolean True"),
        ({"weeks": 0}, "<profile>: weeks: expected an integer from 1 to 52, got 0"),
        ({"weeks": 500}, "<profile>: weeks: expected an integer from 1 to 52, got 500"),
        ({"injuries": "knee"}, "<profile>: injuries: expected an array, got string 'knee'"),
        ({"injuries": ("knees",)}, "<profile>: injuries[0]: expected one of 'knee', 'lower_back', 'shoulder', 'wrist', 'hip', 'ankle', 'neck', "
                                   "got string 'knees'; did you mean 'knee'?"),
        ({"experience": "expert"}, "<profile>: experience: expected one of 'beginner', 'intermediate', 'advanced', got string 'expert'; did you mean 'advanced'?"),
        ({"days": ("funday",)}, "<profile>: days[0]: expected one of 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', got string 'funday'"),
        ({"target_areas": ("toes",)}, "<profile>: target_areas[0]: expected one of 'legs', 'glutes', 'back', 'chest', 'shoulders', 'arms', "
                                      "'core', got string 'toes'; did you mean 'glutes'?"),
        ({"start": "2026-12-07"}, None),
        ({"start": datetime.datetime(2026, 12, 7, 5)}, "<profile>: start: expected a date like 2026-12-07, got date-time 2026-12-07T05:00:00"),
        ({"start": datetime.date(9999, 12, 20)}, "<profile>: start: expected a date from 2000-01-01 to 2999-12-31, got 9999-12-20"),
        ({"start_time": "25:99"}, "<profile>: start_time: expected a time like \"18:30\", got '25:99'"),
        ({"screening": {"bone_joint_problem": True}}, None),
        ({"screening": recommender.Screening(dizziness="no")}, "<profile>: screening.dizziness: expected true or false, got string 'no'"),  # type: ignore[arg-type]
    ],
)
def test_engine_checks_a_profile_built_in_code(changes: dict[str, object], line: str | None) -> None:
    """A Profile built directly is checked as the loaders check one: refused in one line, or planned as its loaded twin."""
    engine = recommender.Engine(plugins=False)
    profile = _built(**changes)
    calls = [lambda: engine.recommend(profile), lambda: engine.prescribe(profile), lambda: engine.explain(profile),
             lambda: engine.why("injury.knee", profile)]
    if line is None:
        loaded = recommender.profile_from_dict({**_BUILT, **changes})
        assert engine.recommend(profile) == engine.recommend(loaded)
        return
    for call in calls:
        with pytest.raises(recommender.ProfileError) as info:
            call()
        assert info.value.line() == line
    plan = engine.recommend(recommender.profile_from_dict(_BUILT))
    for call in (lambda: engine.verify(plan, profile), lambda: engine.render(plan, "text", profile=profile)):
        with pytest.raises(recommender.ProfileError) as info:
            call()
        assert info.value.line() == line


def test_engine_takes_lists_in_a_built_profile_as_tuples() -> None:
    """A Profile built with lists plans as the same profile loaded, and changing the list afterwards changes nothing."""
    engine = recommender.Engine(plugins=False)
    injuries = ["knee"]
    profile = _built(injuries=injuries, start=datetime.date(2026, 12, 7))
    plan = engine.recommend(profile)
    injuries.append("shoulder")
    assert plan == engine.recommend(recommender.profile_from_dict({**_BUILT, "injuries": ["knee"], "start": "2026-12-07"}))


def test_engine_refuses_what_is_not_a_profile() -> None:
    """Something else given as the profile is a ProfileError, not an AttributeError from deep inside."""
    engine = recommender.Engine(plugins=False)
    with pytest.raises(recommender.ProfileError) as info:
        engine.recommend(dict(_BUILT))  # type: ignore[arg-type]
    assert info.value.line() == "<profile>: expected a Profile, got dict (see profile_from_dict)"


def test_verify_names_the_key_of_a_plan_built_with_a_wrong_type() -> None:
    """A plan built in code with a string for a number is a PlanFileError naming the key, as in a plan file, not a
    TypeError from inside the verifier; something that is not a plan is one line too."""
    import attrs

    engine = recommender.Engine(plugins=False)
    profile = recommender.profile_from_dict(dict(_BUILT))
    plan = engine.recommend(profile)
    week = plan.weeks[0]
    session = week.sessions[0]
    odd = attrs.evolve(session.exercises[0], sets="3")
    bad = attrs.evolve(plan, weeks=(attrs.evolve(week, sessions=(attrs.evolve(session, exercises=(odd, *session.exercises[1:])),
                                                                  *week.sessions[1:])), *plan.weeks[1:]))
    with pytest.raises(recommender.PlanFileError) as info:
        engine.verify(bad, profile)
    assert info.value.line() == "<plan>: weeks[0].sessions[0].exercises[0].sets: expected an integer, got string '3'"
    for other in ({}, None):
        with pytest.raises(recommender.PlanFileError) as info:
            engine.verify(other, profile)  # type: ignore[arg-type]
        assert info.value.line() == f"<plan>: expected a Plan, got {type(other).__name__} (see plan_from_dict)"
    with pytest.raises(recommender.PlanFileError) as info:
        engine.verify(attrs.evolve(plan, weeks=(attrs.evolve(week, sessions=(attrs.evolve(session, exercises=None),)), *plan.weeks[1:])),
                      profile)
    assert info.value.key_path == "weeks[0].sessions[0].exercises"
    with pytest.raises(recommender.PlanFileError) as info:
        engine.verify(attrs.evolve(plan, notices=None), profile)
    assert info.value.key_path == "notices"
    assert engine.verify(plan, profile) == []


@pytest.mark.parametrize(("change", "line"), [
    ({"rir": float("nan")}, "<plan>: weeks[0].sessions[0].exercises[0].rir: expected an integer, got float nan"),
    ({"load_pct": float("nan")}, "<plan>: weeks[0].sessions[0].exercises[0].load_pct: expected an integer, got float nan"),
    ({"target": "x"}, "<plan>: weeks[0].sessions[0].exercises[0].target: expected true or false, got string 'x'"),
])
def test_verify_never_calls_a_plan_clean_that_a_plan_file_could_not_hold(change: dict[str, object], line: str) -> None:
    """A NaN passes every comparison the checks make, so a plan built in code with one was called clean: every
    plan is now checked for exactly the values a plan file can hold, and one with a NaN is refused naming it."""
    import attrs

    engine = recommender.Engine(plugins=False)
    profile = recommender.profile_from_dict({**_BUILT, "conditions": ["hypertension"]})
    plan = engine.recommend(profile)
    week, session = plan.weeks[0], plan.weeks[0].sessions[0]
    bad = attrs.evolve(plan, weeks=(attrs.evolve(week, sessions=(
        attrs.evolve(session, exercises=(attrs.evolve(session.exercises[0], **change), *session.exercises[1:])), *week.sessions[1:])),
        *plan.weeks[1:]))
    with pytest.raises(recommender.PlanFileError) as info:
        engine.verify(bad, profile)
    assert info.value.line() == line
    with pytest.raises(recommender.PlanFileError) as info:
        engine.verify(attrs.evolve(plan, aerobic=attrs.evolve(plan.aerobic, minutes_max=-1)), profile)
    assert info.value.line() == "<plan>: aerobic.minutes_max: expected an integer from 0 to 10080, got -1"


def test_verify_checks_a_plan_built_with_iso_dates_as_its_loaded_twin() -> None:
    """A plan built in code with ISO date strings and lists, as JSON would carry them, is checked as the plan they
    stand for: clean when it is, with its violations when it is not."""
    import attrs

    engine = recommender.Engine(plugins=False)
    profile = recommender.profile_from_dict(dict(_BUILT))
    plan = engine.recommend(profile)
    week = plan.weeks[0]
    as_text = [attrs.evolve(s, date=s.date.isoformat()) for s in week.sessions]
    loose = attrs.evolve(plan, weeks=[attrs.evolve(week, sessions=as_text), *plan.weeks[1:]])
    assert engine.verify(loose, profile) == []
    moved = attrs.evolve(loose, weeks=[attrs.evolve(week, sessions=[attrs.evolve(as_text[0], date="2099-01-05"), *as_text[1:]]),
                                       *plan.weeks[1:]])
    assert any(v.rule == "plan.days" for v in engine.verify(moved, profile))


def test_one_rule_path_as_a_string_is_that_path(root: Path) -> None:
    """Engine(rules="folder/") reads that folder, not a file for each of its letters."""
    folder = root / "tests" / "data" / "rules"
    listed = [r.id for r in recommender.Engine(plugins=False, rules=[str(folder)]).rules.rules]
    assert len(listed) > len(recommender.Engine(plugins=False).rules.rules)
    for alone in (str(folder), folder):
        assert [r.id for r in recommender.Engine(plugins=False, rules=alone).rules.rules] == listed
    source = recommender.RuleSource("three.toml", '[[rule]]\nid = "my.three"\nset = { sessions_per_week = 3 }\nbecause = "b"\nsource = "s"\n')
    assert recommender.Engine(plugins=False, rules=source).rules.get("my.three") is not None


def test_today_as_a_datetime_plans_by_its_date() -> None:
    """today=datetime.now() plans as today=date.today() does: dates, never date-times, in the plan and its JSON."""
    engine = recommender.Engine(plugins=False)
    profile = recommender.profile_from_dict(dict(_BUILT))
    now = datetime.datetime(2026, 12, 2, 15, 30)
    plan = engine.recommend(profile, today=now)
    assert plan == engine.recommend(profile, today=now.date())
    assert recommender.plan_from_json(engine.render(plan, "json")) == plan
    assert engine.verify(plan, profile, today=now) == []


@pytest.mark.parametrize("today", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1), "2026-12-02"])
def test_today_outside_the_calendar_is_refused(today: object) -> None:
    """A today no plan could begin after is an InputError naming it, not an OverflowError or AttributeError."""
    engine = recommender.Engine(plugins=False)
    profile = recommender.profile_from_dict(dict(_BUILT))
    for call in (lambda: engine.recommend(profile, today=today), lambda: engine.verify(engine.recommend(profile), profile, today=today)):  # type: ignore[arg-type]
        with pytest.raises(recommender.InputError) as info:
            call()
        assert info.value.key_path == "today"
        assert info.value.line().startswith("today: expected a date from 2000-01-01 to 2999-12-31, got ")


def test_subclasses_of_date_and_str_are_taken_as_what_they_are() -> None:
    """A frozen test clock's date, another library's date or a framework's string subclass plans as the plain value."""
    class Day(datetime.date):
        pass

    class Text(str):
        pass

    engine = recommender.Engine(plugins=False)
    plain = recommender.profile_from_dict({**_BUILT, "start": "2027-01-04"})
    assert engine.recommend(_built(start=Day(2027, 1, 4))) == engine.recommend(plain)
    today = recommender.profile_from_dict(dict(_BUILT))
    assert engine.recommend(today, today=Day(2026, 12, 2)) == engine.recommend(today, today=datetime.date(2026, 12, 2))
    text = (Path(__file__).resolve().parent.parent / "examples" / "me.toml").read_text(encoding="utf-8")
    assert recommender.profile_from_toml(Text(text)) == recommender.profile_from_toml(text)
    # In plain data too: a date of another library and str subclasses for values.
    given = recommender.profile_from_dict({**_BUILT, "start": Day(2027, 1, 4), "experience": Text("beginner"), "days": [Text("mon"), "wed"]})
    assert given == recommender.profile_from_dict({**_BUILT, "start": "2027-01-04", "days": ["mon", "wed"]})
    assert type(given.start) is datetime.date and type(given.experience) is str and type(given.days[0]) is str
    plan = engine.recommend(plain)
    assert recommender.plan_from_json(Text(engine.render(plan, "json"))) == plan


def test_one_pack_alone_is_that_pack() -> None:
    """Engine(packs=my_pack) adds that pack, as Engine(packs=[my_pack]) does."""
    pack = recommender.ExercisePack(name="mine", exercises=(
        recommender.Exercise(id="mine-squat", name="My squat", areas=("legs",), pattern="squat"),))
    alone = recommender.Engine(plugins=False, packs=pack)
    assert [p.name for p in alone.packs] == [p.name for p in recommender.Engine(plugins=False, packs=[pack]).packs]
    assert "mine" in [p.name for p in alone.packs]


@pytest.mark.parametrize(("call", "error", "line"), [
    (lambda: recommender.load_profile("me\x00.toml"), "ProfileError", "me\\x00.toml: the path holds a NUL character"),
    (lambda: recommender.load_profile(None), "ProfileError", "<profile>: expected the profile as a path (str, bytes or os.PathLike), got NoneType"),
    (lambda: recommender.Engine(plugins=False, rules=["a\x00b"]), "RuleError", "a\\x00b: the path holds a NUL character"),
    (lambda: recommender.Engine(plugins=False, rules=[None]), "RuleError", "<rules>: expected the rules as a path (str, bytes or os.PathLike), got NoneType"),
    (lambda: recommender.Engine(plugins=False, rules=[recommender.RuleSource("x.toml", None)]), "RuleError",
     "x.toml: expected the rules as text (str), got NoneType"),
    (lambda: recommender.Engine(plugins=False, rules=[recommender.RuleSource("x.toml", b"[[rule]]")]), "RuleError",
     "x.toml: expected the rules as text (str), got bytes; decode it first (it is UTF-8)"),
    (lambda: recommender.Engine(plugins=False).why(None, recommender.load_profile(ROOT / "examples" / "me.toml")), "PackError",
     "rule: expected a rule id (text), got NoneType"),
    (lambda: recommender.Engine(plugins=False, plugin_paths=["a\x00b"]), "InputError", "a\\x00b: the path holds a NUL character"),
    (lambda: recommender.Engine(plugins=False, plugin_paths=[None]), "InputError",
     "<plugin_paths>: expected the plugin_paths as a path (str, bytes or os.PathLike), got NoneType"),
    (lambda: recommender.Engine(plugins=False, disable_plugins=[None]), "InputError", "disable_plugins: expected plugin names (text), got NoneType"),
], ids=["NUL in a profile path", "no profile path", "NUL in a rules path", "no rules path", "rules text None", "rules text bytes", "no rule id",
        "NUL in a plugin path", "no plugin path", "no plugin name"])
def test_loaders_given_the_wrong_thing_raise_the_package_s_own_errors(call: object, error: str, line: str) -> None:
    """An app passing None, bytes or a path with a NUL gets a RecommenderError naming what it passed, not a
    ValueError, TypeError or AttributeError from deep inside."""
    with pytest.raises(recommender.RecommenderError) as info:
        call()  # type: ignore[operator]
    assert type(info.value).__name__ == error
    assert info.value.line() == line


def test_a_profile_path_may_be_bytes_as_for_open() -> None:
    """A path as bytes (as open() takes it) reads the same profile."""
    assert recommender.load_profile(bytes(ROOT / "examples" / "me.toml")) == recommender.load_profile(ROOT / "examples" / "me.toml")


def test_none_means_none_for_the_engine_s_collections() -> None:
    """rules=None, packs=None and disable_plugins=None build the engine the defaults build."""
    plain = recommender.Engine(plugins=False)
    given_none = recommender.Engine(plugins=False, rules=None, packs=None, disable_plugins=None)
    assert given_none.rules.ids == plain.rules.ids and [p.name for p in given_none.packs] == [p.name for p in plain.packs]
