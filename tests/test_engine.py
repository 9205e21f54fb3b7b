"""End-to-end planning with the built-in pack: every example builds a plan
that follows the guidance and passes the verifier."""

from __future__ import annotations

import datetime
import itertools
import json
import re
from pathlib import Path

import attrs
import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender import Engine, NoSafePlanError, Plan, load_profile, plan_from_dict, plan_to_dict, profile_from_dict
from recommender.vocabulary import AREAS

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.toml"))


@pytest.fixture(params=EXAMPLES, ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> Path:
    return request.param  # type: ignore[no-any-return]


def test_examples_plan_and_verify(engine: Engine, example: Path) -> None:
    """Every example profile gets a plan that the verifier finds clean."""
    profile = load_profile(example)
    plan = engine.recommend(profile)
    assert len(plan.weeks) == profile.weeks
    assert engine.verify(plan, profile) == []


def test_two_sessions_on_the_persons_days_48_hours_apart(engine: Engine, root: Path) -> None:
    """The shipped rules give two sessions a week on the person's days with at least 48 hours between them."""
    profile = load_profile(root / "examples" / "me.toml")
    plan = engine.recommend(profile)
    dates = [s.date for w in plan.weeks for s in w.sessions]
    assert all(len(w.sessions) == 2 for w in plan.weeks)
    assert all(s.day in profile.days for w in plan.weeks for s in w.sessions)
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(dates))
    assert plan.weeks[0].sessions[0].date == datetime.date(2026, 12, 7)


def test_target_areas_first_every_session_with_more_sets(engine: Engine, root: Path) -> None:
    """Target areas open every session and get more weekly sets than any other area."""
    profile = load_profile(root / "examples" / "me.toml")
    plan = engine.recommend(profile)
    week = plan.weeks[0]
    sets = dict.fromkeys(AREAS, 0)
    for s in week.sessions:
        flags = [e.target for e in s.exercises]
        assert flags == sorted(flags, reverse=True), "target work comes first"
        trained = {a for e in s.exercises for a in e.areas}
        assert {"legs", "back"} <= trained
        for e in s.exercises:
            for a in e.areas:
                sets[a] += e.sets
    assert all(sets[a] > 0 for a in AREAS), "every major area is trained each week"
    lowest_target = min(sets["legs"], sets["back"])
    assert all(sets[a] < lowest_target for a in AREAS if a not in ("legs", "back"))


def test_knee_injury_excludes_loaded_knee_bends(engine: Engine, root: Path) -> None:
    """With a knee injury no planned exercise carries a knee contraindication, and swaps say why."""
    profile = load_profile(root / "examples" / "me.toml")
    plan = engine.recommend(profile)
    for w in plan.weeks:
        for s in w.sessions:
            for e in s.exercises:
                tags = engine.catalog[(e.pack, e.id)].contraindications
                assert not {"knee_loaded_flexion", "knee_impact"} & set(tags)
    assert plan.swaps and all(sw.because == ("injury.knee",) for sw in plan.swaps)


def test_effort_near_fatigue_never_failure(engine: Engine, root: Path) -> None:
    """Working sets end 1-3 reps short of failure; beginners keep at least 2."""
    profile = load_profile(root / "examples" / "me.toml")
    plan = engine.recommend(profile)
    rirs = {e.rir for w in plan.weeks if not w.deload for s in w.sessions for e in s.exercises}
    assert rirs == {2}


def test_notices_and_no_wrong_claims(engine: Engine, root: Path) -> None:
    """Every plan has the stop signs and the no-spot-reduction notice, and never the article's energy figures."""
    profile = load_profile(root / "examples" / "me.toml")
    plan = engine.recommend(profile)
    rules = [n.rule for n in plan.notices]
    assert "notice.stop-signs" in rules
    assert "notice.no-spot-reduction" in rules
    text = engine.render(plan, "text") + engine.render(plan, "json")
    for wrong in ("38 kcal", "338", "380 kcal", "per pound", "per lb"):
        assert wrong not in text


def test_aerobic_recommendation(engine: Engine, root: Path) -> None:
    """The plan recommends 150-300 aerobic minutes; fat loss aims above 250."""
    plan = engine.recommend(load_profile(root / "examples" / "me.toml"))
    assert (plan.aerobic.minutes_min, plan.aerobic.minutes_max) == (150, 300)
    assert plan.aerobic.minutes_target >= 250


def test_deload_and_gradual_progression(engine: Engine, root: Path) -> None:
    """Week 5 is a lighter deload week and weekly volume never jumps more than 10%."""
    plan = engine.recommend(load_profile(root / "examples" / "older-hypertension.toml"))
    assert [w.number for w in plan.weeks if w.deload] == [5, 10]

    def volume(w: object) -> float:
        return sum(sum(e.target_reps) * e.load_pct / 100 for s in w.sessions for e in s.exercises)  # type: ignore[attr-defined]

    working = [volume(w) for w in plan.weeks if not w.deload]
    assert all(b <= a * 1.10 + 1e-9 for a, b in itertools.pairwise(working))


def test_json_contract_fields(engine: Engine, root: Path) -> None:
    """The plan JSON has the documented public fields."""
    plan = engine.recommend(load_profile(root / "examples" / "me.toml"))
    data = json.loads(engine.render(plan, "json"))
    assert data["schema_version"] == 1
    session = data["weeks"][0]["sessions"][0]
    assert {"day", "date", "kind", "minutes", "exercises"} <= session.keys()
    ex = session["exercises"][0]
    assert {"id", "name", "pack", "areas", "sets", "reps", "rir", "rest_seconds", "target", "because"} <= ex.keys()
    assert isinstance(ex["reps"], list) and len(ex["reps"]) == 2
    assert {"aerobic", "notices", "rules_fired"} <= data.keys()
    assert {"rule", "text"} <= data["notices"][0].keys()


def test_plan_round_trips_through_json(engine: Engine, example: Path) -> None:
    """A plan read back from its JSON equals the original."""
    plan = engine.recommend(load_profile(example))
    again = plan_from_dict(json.loads(json.dumps(plan_to_dict(plan))))
    assert again == plan


def test_plan_from_json_reads_the_json_format_and_names_its_source(engine: Engine, example: Path) -> None:
    """plan_from_json reads what the json format writes; its errors name the source and say what the text is."""
    from recommender import PlanFileError, plan_from_json

    profile = load_profile(example)
    plan = engine.recommend(profile)
    assert plan_from_json(engine.render(plan, "json"), source="upload.json") == plan
    with pytest.raises(PlanFileError) as info:
        plan_from_json(engine.render(plan, "markdown"), source="upload.json")
    assert info.value.line() == "upload.json: is a plan in the markdown format; a plan is checked from its JSON (--format json)"
    with pytest.raises(PlanFileError) as info:
        plan_from_json(example.read_text(encoding="utf-8"), source="upload.json")
    assert info.value.line().startswith("upload.json: is a profile, not a plan")
    with pytest.raises(PlanFileError) as info:
        plan_from_json("a = " + "[" * 20000 + "]" * 20000, source="deep.json")
    assert info.value.line().startswith("deep.json: ")


def test_plan_from_json_given_bytes_says_to_decode(engine: Engine, root: Path) -> None:
    """An app's request body passed undecoded is a PlanFileError naming the source, not a TypeError."""
    from recommender import PlanFileError, plan_from_json

    text = engine.render(engine.recommend(load_profile(root / "examples" / "me.toml")), "json")
    with pytest.raises(PlanFileError) as info:
        plan_from_json(text.encode(), source="upload.json")  # type: ignore[arg-type]
    assert info.value.line() == "upload.json: expected the plan as text (str), got bytes; decode it first (it is UTF-8)"


@settings(max_examples=300, deadline=None)
@hypothesis.example(weeks=52, sets=1, reps=[8, 8], rir=2, increase=50, step=20, deload_every=12, deload_pct=100)  # the steepest
@given(
    weeks=st.integers(1, 52), sets=st.integers(1, 6), reps=st.tuples(st.integers(1, 30), st.integers(1, 30)).map(sorted),
    rir=st.integers(0, 6), increase=st.integers(0, 50), step=st.integers(0, 20), deload_every=st.integers(2, 12),
    deload_pct=st.integers(20, 100),
)
def test_every_progression_the_rules_allow_fits_the_plan_file_bounds(weeks: int, sets: int, reps: list[int], rir: int, increase: int,
                                                                     step: int, deload_every: int, deload_pct: int) -> None:
    """Whatever values rules give within their ranges (an engine without the
    shipped safety caps may step the load up 20% a week for a year), the
    plan's numbers stay inside what a plan file may hold, so every plan the
    engine writes can be read back and checked."""
    from recommender.limits import PLAN_INT_BOUNDS
    from recommender.prescription import PARAMS
    from recommender.progression import progress

    # The ranges drawn from above are the rules' own.
    assert (PARAMS["load_step_pct"].max, PARAMS["sets_per_exercise"].max, PARAMS["reps_high"].max, PARAMS["rir"].max) == (20, 6, 30, 6)
    for s in progress(weeks=weeks, sets=sets, reps_low=reps[0], reps_high=reps[1], rir=rir, max_increase_pct=increase,
                      load_step_pct=step, deload_every=deload_every, deload_sets_pct=deload_pct):
        for field, value in (("load_pct", s.load_pct), ("sets", s.sets), ("rir", s.rir), *(("target_reps", r) for r in s.target_reps)):
            lo, hi = PLAN_INT_BOUNDS[f"PlannedExercise.{field}"]
            assert lo <= value <= hi, (field, value)


def test_same_input_same_bytes(root: Path) -> None:
    """Two engines give byte-identical output for the same profile."""
    profile = load_profile(root / "examples" / "me.toml")
    a, b = Engine(plugins=False), Engine(plugins=False)
    assert a.render(a.recommend(profile), "json") == b.render(b.recommend(profile), "json")


def test_no_safe_plan_names_constraint(engine: Engine, root: Path) -> None:
    """Two sessions cannot be 48 hours apart on back-to-back days: the error says so and what would help."""
    profile = attrs.evolve(load_profile(root / "examples" / "me.toml"), days=("mon", "tue"))
    with pytest.raises(NoSafePlanError) as info:
        engine.recommend(profile)
    assert info.value.constraint == "min_rest_hours"
    assert info.value.exit_code == 3
    assert "offer days such as" in str(info.value)


@pytest.mark.parametrize(("targets", "minutes"), [((), 15), (("legs",), 15), (("legs", "back"), 25)])
def test_too_short_sessions_suggest_only_what_would_help(engine: Engine, root: Path, targets: tuple[str, ...], minutes: int) -> None:
    """Sessions too short for every area: the suggestion names the least minutes that work, and dropping the
    last-named target area only when that plans at the minutes given."""
    profile = attrs.evolve(load_profile(root / "examples" / "me.toml"), session_minutes=minutes, target_areas=targets, days=("mon", "wed", "fri"))
    with pytest.raises(NoSafePlanError) as info:
        engine.recommend(profile)
    assert info.value.constraint == "session_minutes"
    assert str(info.value).startswith(f"no safe plan: session_minutes: {minutes} minutes per session is too short to train ")
    suggestion = info.value.suggestion or ""
    assert suggestion.startswith("allow at least ")
    dropped = attrs.evolve(profile, target_areas=targets[:-1])
    try:
        engine.recommend(dropped)
        helps = bool(targets)
    except NoSafePlanError:
        helps = False
    assert suggestion.endswith(f", or drop the target area {targets[-1]}" if helps else " minutes per session")
    assert helps == (targets == ("legs", "back"))
    # The least length that works, to the minute: it plans, one minute less does not.
    least = int(suggestion.split()[3])
    assert engine.verify(engine.recommend(attrs.evolve(profile, session_minutes=least)), attrs.evolve(profile, session_minutes=least)) == []
    with pytest.raises(NoSafePlanError):
        engine.recommend(attrs.evolve(profile, session_minutes=least - 1))


def test_engines_are_independent(root: Path) -> None:
    """Two engines with different rules in one process do not affect each other."""
    from recommender import RuleSource

    three = RuleSource("three.toml", '[[rule]]\nid = "my.three"\nset = { sessions_per_week = 3 }\nbecause = "b"\nsource = "s"\n')
    custom, plain = Engine(plugins=False, rules=[three]), Engine(plugins=False)
    profile = attrs.evolve(load_profile(root / "examples" / "me.toml"), days=("mon", "wed", "fri"))
    assert len(custom.recommend(profile).weeks[0].sessions) == 3
    assert len(plain.recommend(profile).weeks[0].sessions) == 2


def test_plan_is_frozen(engine: Engine, root: Path) -> None:
    """Plans are immutable values, their prescription too: hashable, equal to their copies, and read back from
    JSON as the same value."""
    import copy
    import pickle

    from recommender import plan_from_json

    plan: Plan = engine.recommend(load_profile(root / "examples" / "me.toml"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.weeks = ()  # type: ignore[misc]
    for change in (lambda: plan.prescription.clear(), lambda: plan.prescription.update(rir=None),
                   lambda: plan.prescription.__setitem__("rir", None), lambda: plan.prescription.pop("rir")):
        with pytest.raises(TypeError, match="cannot be changed"):
            change()
    assert plan.prescription["rir"].value >= 1
    again = plan_from_json(engine.render(plan, "json"))
    assert again == plan and hash(again) == hash(plan) and {plan: 1}[again] == 1
    assert pickle.loads(pickle.dumps(plan)) == plan == copy.deepcopy(plan)
    editable = dict(plan.prescription)
    editable.pop("rir")
    assert "rir" in plan.prescription


def test_holds_are_prescribed_in_seconds(engine: Engine, root: Path) -> None:
    """A plank or wall sit gets a time range, not a rep count, in every format."""
    profile = load_profile(root / "examples" / "bodyweight.toml")
    plan = engine.recommend(profile)
    holds = [e for s in plan.weeks[0].sessions for e in s.exercises if e.unit == "seconds"]
    assert holds, "the bodyweight example includes a hold"
    assert all(e.reps == (24, 36) and e.rep_range() == (8, 12) for e in holds)
    assert f"{holds[0].sets} x 24-36 s" in engine.render(plan, "text")


@pytest.mark.parametrize("weeks", [12, 24])
def test_a_holds_progression_note_speaks_of_seconds(engine: Engine, root: Path, weeks: int) -> None:
    """A hold's weekly note asks for seconds of holding (24 s to start), never for reps or a load lifted 8 times;
    exercises done in reps keep their rep notes, and the text plan gives the rep note first."""
    profile = attrs.evolve(load_profile(root / "examples" / "bodyweight.toml"), weeks=weeks)
    plan = engine.recommend(profile)
    exercises = [e for w in plan.weeks for s in w.sessions for e in s.exercises]
    held = {e.progression for e in exercises if e.unit == "seconds"}
    counted = {e.progression for e in exercises if e.unit == "reps"}
    assert "week 1: pick a load you can hold for 24 seconds with the reserve shown" in held
    assert "week 1: pick a load you can lift 8 times with the reps in reserve shown" in counted
    assert not any(re.search(r"\breps?\b|\blift\b|\btimes\b", note) for note in held)
    assert any("seconds longer" in note for note in held)
    assert not any("second" in note or "hold" in note for note in counted)
    if weeks == 24:
        assert "add about 5% load and return to 24-second holds" in held, "a long plan reaches a load step"
    text = engine.render(plan, "text")
    assert text.index("progression: week 1: pick a load you can lift") < text.index("progression: week 1: pick a load you can hold")


def test_the_densest_plan_the_rules_allow_is_a_plan_file_check_reads(tmp_path: Path, root: Path) -> None:
    """Rules that pack sessions full (one set, short rest, three hours) give
    sessions of at most MAX_EXERCISES_PER_SESSION exercises, and a year of
    them is a JSON file `recommend check` reads back and finds clean (over
    1 MB for 12 weeks); the file limit leaves room for a year of seven such
    sessions a week."""
    from recommender import RuleSource
    from recommender.limits import MAX_EXERCISES_PER_SESSION, MAX_PLAN_FILE_BYTES, MAX_PLAN_WEEKS, MAX_SESSIONS_PER_WEEK
    from recommender.plan import load_plan

    dense = RuleSource("dense.toml", '[[rule]]\nid = "user.dense"\nset = { sets_per_exercise = 1, rest_seconds = 30, '
                       'max_sets_per_area_session = 30, max_sets_per_area_week = 60, session_minutes = 180, warmup_minutes = 0, '
                       'sessions_per_week = 3 }\nbecause = "b"\nsource = "s"\n')
    engine = Engine(plugins=False, rules=[dense])
    profile = attrs.evolve(load_profile(root / "examples" / "me.toml"), age=30, experience="advanced", goal="strength", target_areas=(),
                           equipment=("dumbbells", "barbell", "bench", "cable", "machines", "kettlebell", "pull_up_bar", "resistance_band"),
                           injuries=(), conditions=(), days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"), session_minutes=180,
                           weeks=12)
    plan = engine.recommend(profile)
    counts = [len(s.exercises) for w in plan.weeks for s in w.sessions]
    assert max(counts) == MAX_EXERCISES_PER_SESSION
    path = tmp_path / "plan.json"
    path.write_text(engine.render(plan, "json"), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    assert load_plan(path) == plan
    assert engine.verify(load_plan(path), profile) == []
    per_exercise = path.stat().st_size / sum(counts)
    assert per_exercise * MAX_PLAN_WEEKS * MAX_SESSIONS_PER_WEEK * MAX_EXERCISES_PER_SESSION * 1.5 < MAX_PLAN_FILE_BYTES


def test_more_sessions_than_any_week_can_rest_between_says_so() -> None:
    """Four sessions 48 hours apart fit no week: the message says the rules must ask for fewer, not that fewer
    sessions cannot be spaced (three can)."""
    from recommender.errors import NoSafePlanError
    from recommender.schedule import choose_days

    with pytest.raises(NoSafePlanError) as caught:
        choose_days(("mon", "wed", "fri", "sat"), 4, 48, datetime.date(2026, 12, 7))
    assert caught.value.suggestion == "no week holds 4 sessions 2 days apart (at most 3): the rules must ask for fewer sessions"
    assert len(choose_days(("mon", "wed", "fri", "sat"), 3, 48, datetime.date(2026, 12, 7))) == 3


def test_a_hold_takes_as_long_as_its_longest_prescribed_hold() -> None:
    """Holds are prescribed in seconds (30-45 s for an older adult): each set is timed, and the session's length
    counted, at the longest hold, not at the pack's shorter set time."""
    engine = Engine(plugins=False)
    profile = profile_from_dict({"age": 70, "experience": "beginner", "goal": "general_fitness", "days": ["mon", "thu"],
                                 "session_minutes": 60, "target_areas": ["core"]})
    plan = engine.recommend(profile)
    held = [e for w in plan.weeks for s in w.sessions for e in s.exercises if e.unit == "seconds"]
    assert held, "the plan should hold something"
    assert all(e.seconds_per_set >= max(e.target_reps) for e in held)
    # At least one hold lasts longer than its pack's set time, and is timed so.
    assert any(e.seconds_per_set > engine.catalog[(e.pack, e.id)].seconds_per_set for e in held)


def test_filling_a_session_never_costs_the_target_areas_their_lead() -> None:
    """Extra work that also trains another area can make it catch up with a target area: the week is then kept as it
    was before filling, rather than refused."""
    profile = profile_from_dict({"age": 40, "experience": "intermediate", "goal": "general_fitness", "target_areas": ["glutes", "arms"],
                                 "days": ["mon", "thu"], "session_minutes": 40, "start": datetime.date(2026, 12, 7)})
    engine = Engine(plugins=False)
    plan = engine.recommend(profile)
    assert engine.verify(plan, profile) == []


def test_an_application_pack_reusing_an_exercise_id_is_refused() -> None:
    """An app's pack whose exercise id another pack already uses is a PackError naming both, when the engine is
    built, not a false "the planner produced a plan its verifier rejects" later."""
    from recommender import Exercise, ExercisePack, PackError

    pack = ExercisePack(name="mine", exercises=(Exercise(id="chair-squat", name="Box squat to a high box", areas=("legs",)),))
    with pytest.raises(PackError) as caught:
        Engine(plugins=False, packs=[pack])
    assert caught.value.line() == "packs[mine].exercises[0].id: pack 'mine': exercise id 'chair-squat' is already used by pack 'default'"
    assert [p.name for p in Engine(plugins=False, packs=[pack], default_pack=False).packs] == ["mine"]


@pytest.mark.parametrize(("equipment", "band"), [((), True), (("resistance_band",), False)])
def test_every_exercise_excluded_suggests_a_band_only_to_who_has_none(equipment: tuple[str, ...], band: bool) -> None:
    """When an injury leaves no exercise for an area, the suggestion offers a resistance band only to a person
    who does not list one."""
    from recommender import Exercise, ExercisePack

    pack = ExercisePack(name="tiny", exercises=(
        Exercise(id="t-squat", name="T squat", areas=("legs",)), Exercise(id="t-row", name="T row", areas=("back",)),
        Exercise(id="t-push", name="T push", areas=("chest",)), Exercise(id="t-press", name="T press", areas=("shoulders",)),
        Exercise(id="t-curl", name="T curl", areas=("arms",)), Exercise(id="t-bridge", name="T bridge", areas=("glutes",)),
        Exercise(id="t-plank", name="T plank", areas=("core",), contraindications=("wrist_loaded_extension",)),
    ))
    engine = Engine(plugins=False, packs=[pack], default_pack=False)
    profile = profile_from_dict({"age": 40, "experience": "beginner", "goal": "general_fitness", "days": ["mon", "thu"],
                                 "session_minutes": 60, "injuries": ["wrist"], "equipment": list(equipment)})
    with pytest.raises(NoSafePlanError) as caught:
        engine.recommend(profile)
    assert caught.value.constraint == "exercises for core"
    assert ("resistance band" in (caught.value.suggestion or "")) is band


def test_explain_names_the_fact_an_effect_takes_its_value_from(engine: Engine, root: Path) -> None:
    """session_minutes is capped at the person's own minutes: its explanation says it read that fact."""
    line = next(x for x in engine.explain(load_profile(root / "examples" / "me.toml")) if x.startswith("session_minutes = "))
    assert line.endswith("read session_minutes=45]"), line


def test_short_sessions_try_the_quickest_exercises_before_giving_up() -> None:
    """30 minutes is too short for the best-ranked exercise of every area, but not for the quickest: the plan is
    built from those rather than refused."""
    profile = profile_from_dict({"age": 40, "experience": "intermediate", "goal": "general_fitness", "days": ["mon", "thu"],
                                 "session_minutes": 30, "start": datetime.date(2026, 12, 7)})
    engine = Engine(plugins=False)
    plan = engine.recommend(profile)
    assert engine.verify(plan, profile) == [] and max(s.minutes for w in plan.weeks for s in w.sessions) <= 30
