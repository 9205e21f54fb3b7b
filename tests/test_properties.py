"""Property-based evidence for the safety promise: for random valid profiles
and random exercise packs, the engine either returns a plan the verifier finds
clean or refuses with an error naming the constraint, never anything else, and
the same input always gives the same bytes.

``benchmarks/safety_sample.py`` runs the same property over 10,000+ profiles.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import hypothesis.strategies as st
from hypothesis import HealthCheck, event, given, settings

from recommender import Engine
from recommender.errors import NoSafePlanError, RuleError, ScreeningRefusal
from recommender.exercises import Exercise, ExercisePack
from recommender.prescription import PARAMS
from recommender.profile import Profile, Screening
from recommender.rules import RuleSource
from recommender.vocabulary import (
    AREAS,
    CONDITIONS,
    CONTRAINDICATIONS,
    DAYS,
    EQUIPMENT,
    GOALS,
    INJURIES,
    LEVELS,
    MECHANICS,
    MUSCLES,
    PATTERNS,
    SCREENING_QUESTIONS,
)

SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = datetime.date(2026, 3, 4)


def _subset(values: Sequence[str], max_size: int | None = None) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=max_size or len(values)).map(tuple)


# Most people answer no to every question; the mix keeps refusals from
# crowding out the plans the properties are about.
_rare_yes = st.sampled_from((False, False, False, False, False, True))
screenings = st.one_of(
    st.just(Screening()),
    st.just(Screening(medical_clearance=True)),
    st.builds(Screening, **{q: _rare_yes for q in SCREENING_QUESTIONS}, medical_clearance=st.booleans()),
)

profiles = st.builds(
    Profile,
    age=st.integers(18, 100),
    experience=st.sampled_from(LEVELS),
    goal=st.sampled_from(GOALS),
    days=st.lists(st.sampled_from(DAYS), unique=True, min_size=1).map(tuple),
    session_minutes=st.integers(15, 180),
    target_areas=_subset(AREAS),
    equipment=_subset(EQUIPMENT),
    injuries=_subset(INJURIES),
    conditions=st.one_of(st.just(()), _subset(CONDITIONS)),
    weeks=st.integers(1, 52),
    start=st.one_of(st.none(), st.dates(datetime.date(2025, 1, 1), datetime.date(2030, 12, 31))),
    screening=screenings,
)


@st.composite
def exercises(draw: st.DrawFn, index: int) -> Exercise:
    """A valid exercise in the shared vocabulary; ids are unique by index."""
    areas = draw(st.one_of(st.just(AREAS), st.lists(st.sampled_from(AREAS), unique=True, min_size=1, max_size=4).map(tuple)))
    return Exercise(
        id=f"ex-{index}",
        name=draw(st.sampled_from(["Press", "Row", "Squat", "Hinge", "Carry", "Plank", f"Move {index}"])),
        areas=areas,
        muscles=draw(_subset(MUSCLES, 3)),
        equipment=draw(st.one_of(st.just(()), _subset(EQUIPMENT, 2))),
        level=draw(st.sampled_from(LEVELS)),
        pattern=draw(st.sampled_from(PATTERNS)),
        mechanic=draw(st.sampled_from(MECHANICS)),
        contraindications=draw(st.one_of(st.just(()), _subset(tuple(CONTRAINDICATIONS), 3))),
        seconds_per_set=draw(st.one_of(st.integers(5, 600), st.sampled_from([20, 30, 40, 60]))),
    )


@st.composite
def packs(draw: st.DrawFn) -> ExercisePack:
    """A pack of 1-6 random exercises."""
    n = draw(st.integers(1, 6))
    return ExercisePack(name="random", exercises=tuple(draw(exercises(i)) for i in range(n)))


def _plan_or_named_refusal(engine: Engine, profile: Profile) -> str:
    """The property itself; returns how the engine answered."""
    try:
        plan = engine.recommend(profile, today=TODAY)
    except ScreeningRefusal as exc:
        assert isinstance(exc.constraint, str) and exc.constraint == "screening"
        assert exc.rule_id and exc.message
        return "refused"
    except NoSafePlanError as exc:
        assert isinstance(exc.constraint, str) and exc.constraint.strip()
        assert exc.suggestion.strip(), "a no-plan error says what would help"
        assert exc.constraint in exc.line()
        # This suggestion is only used when the planner made a plan its own verifier rejects.
        assert "report this profile" not in exc.suggestion, exc.line()
        return "no-plan"
    violations = engine.verify(plan, profile, today=TODAY)
    assert violations == [], [v.line() for v in violations]
    assert len(plan.weeks) == profile.weeks
    return "plan"


@SETTINGS
@given(profile=profiles)
def test_builtin_pack_plan_is_clean_or_refusal_names_the_constraint(engine: Engine, profile: Profile) -> None:
    """With the built-in pack, every profile gets a verified plan or a named refusal."""
    event(_plan_or_named_refusal(engine, profile))


@SETTINGS
@given(profile=profiles, pack=packs(), with_builtin=st.booleans())
def test_small_random_pack_plan_is_clean_or_refusal_names_the_constraint(profile: Profile, pack: ExercisePack, with_builtin: bool) -> None:
    """With only a few random exercises, alone or next to the built-in pack, the engine never returns an unsafe plan."""
    engine = Engine(packs=[pack], default_pack=with_builtin, plugins=False)
    event(_plan_or_named_refusal(engine, profile))


@st.composite
def user_rules(draw: st.DrawFn) -> RuleSource:
    """A user rule that sets, caps or floors one to three prescription parameters at any allowed value."""
    effect = draw(st.sampled_from(["set", "cap", "floor"]))
    allowed = sorted(n for n, spec in PARAMS.items() if effect == "set" or spec.kind == "int")
    names = draw(st.lists(st.sampled_from(allowed), unique=True, min_size=1, max_size=3))
    values = []
    for name in names:
        spec = PARAMS[name]
        value = draw(st.booleans()) if spec.kind == "bool" else draw(st.integers(spec.min, spec.max))
        values.append(f"{name} = {str(value).lower()}")
    body = ", ".join(values)
    return RuleSource("mine.toml", f'[[rule]]\nid = "mine.values"\n{effect} = {{ {body} }}\nbecause = "my choice"\nsource = "me"\n')


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, rule=user_rules())
def test_user_rules_never_lead_to_an_unsafe_plan(profile: Profile, rule: RuleSource) -> None:
    """Whatever a user rule sets, caps or floors, the answer is a clean plan, a named refusal, or a rule error naming the rules."""
    try:
        engine = Engine(rules=[rule], plugins=False)
        event(_plan_or_named_refusal(engine, profile))
    except RuleError as exc:
        assert exc.problems and all("rule " in line for line in exc.problems)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, pack=st.one_of(st.none(), packs()))
def test_same_input_same_bytes(engine: Engine, profile: Profile, pack: ExercisePack | None) -> None:
    """Two engines given the same profile and packs produce byte-identical JSON (or the same error)."""

    def answer(e: Engine) -> str:
        try:
            return e.render(e.recommend(profile, today=TODAY), "json")
        except NoSafePlanError as exc:
            return f"{type(exc).__name__}: {exc.line()}"

    if pack is None:
        first, second = answer(engine), answer(Engine(plugins=False))
    else:
        first = answer(Engine(packs=[pack], default_pack=False, plugins=False))
        second = answer(Engine(packs=[pack], default_pack=False, plugins=False))
    assert first == second
