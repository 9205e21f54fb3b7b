"""Progression over a year: reps first, then load, never faster than the
rules allow, with deload weeks on schedule, checked directly on 52-week plans."""

from __future__ import annotations

import datetime
import itertools
from fractions import Fraction

import pytest

from recommender import Engine
from recommender.plan import Plan
from recommender.profile import Profile, Screening
from recommender.progression import progress
from recommender.rules import RuleSource

START = datetime.date(2026, 1, 5)

PROFILES = {
    "beginner": Profile(age=30, experience="beginner", goal="general_fitness", days=("mon", "wed", "fri"), session_minutes=45,
                        equipment=("dumbbells",), weeks=52, start=START),
    "strength": Profile(age=35, experience="intermediate", goal="strength", days=("tue", "fri"), session_minutes=90,
                        target_areas=("legs", "back"), equipment=("barbell", "bench", "dumbbells"), weeks=52, start=START),
    "advanced": Profile(age=28, experience="advanced", goal="fat_loss", days=("mon", "thu", "sat"), session_minutes=75,
                        target_areas=("glutes",), equipment=("machines", "cable", "dumbbells"), weeks=52, start=START),
    "older": Profile(age=78, experience="beginner", goal="general_fitness", days=("mon", "thu"), session_minutes=60,
                     equipment=("resistance_band",), injuries=("knee",), weeks=52, start=START),
    "hypertension": Profile(age=55, experience="intermediate", goal="strength", days=("mon", "wed", "fri"), session_minutes=60,
                            conditions=("hypertension",), equipment=("dumbbells",), weeks=52, start=START),
    "pregnant": Profile(age=31, experience="intermediate", goal="general_fitness", days=("tue", "sat"), session_minutes=50,
                        conditions=("pregnancy",), screening=Screening(medical_clearance=True), weeks=52, start=START),
}


def _volume(plan: Plan, number: int) -> Fraction:
    return sum((Fraction(sum(e.rep_targets()) * e.load_pct, 100) for s in plan.weeks[number - 1].sessions for e in s.exercises), Fraction(0))


def _series(plan: Plan) -> dict[tuple[int, int], list[tuple[int, bool, tuple[int, ...], int, int]]]:
    """Each exercise slot's (week, deload, target reps, load, rir) over the plan."""
    out: dict[tuple[int, int], list[tuple[int, bool, tuple[int, ...], int, int]]] = {}
    for w in plan.weeks:
        for si, s in enumerate(w.sessions):
            for ei, e in enumerate(s.exercises):
                out.setdefault((si, ei), []).append((w.number, w.deload, e.rep_targets(), e.load_pct, e.rir))
    return out


@pytest.fixture(scope="module", params=list(PROFILES), name="case")
def _case(request: pytest.FixtureRequest, engine: Engine) -> tuple[Profile, Plan, dict[str, int]]:
    profile = PROFILES[request.param]
    plan = engine.recommend(profile)
    rx = {k: int(v.value) for k, v in plan.prescription.items()}
    return profile, plan, rx


def test_year_long_plan_passes_the_verifier(engine: Engine, case: tuple[Profile, Plan, dict[str, int]]) -> None:
    """A 52-week plan has 52 weeks and no violation of any rule."""
    profile, plan, _ = case
    assert len(plan.weeks) == 52
    assert engine.verify(plan, profile) == []


def test_deload_weeks_on_schedule(case: tuple[Profile, Plan, dict[str, int]]) -> None:
    """Exactly every Nth week is a deload, with fewer sets, a lighter load and two more reps in reserve."""
    _, plan, rx = case
    every = rx["deload_every_weeks"]
    assert [w.number for w in plan.weeks if w.deload] == list(range(every, 53, every))
    for w in plan.weeks:
        if not w.deload:
            continue
        before = plan.weeks[w.number - 2]
        for s, s0 in zip(w.sessions, before.sessions, strict=True):
            for e, e0 in zip(s.exercises, s0.exercises, strict=True):
                assert e.sets < e0.sets or e0.sets == 1
                assert e.load_pct < e0.load_pct
                assert e.rir == e0.rir + 2
        assert _volume(plan, w.number) < _volume(plan, w.number - 1)


def test_volume_never_grows_faster_than_the_cap(case: tuple[Profile, Plan, dict[str, int]]) -> None:
    """Between consecutive training weeks, weekly volume grows by at most max_weekly_increase_pct."""
    _, plan, rx = case
    training = [w.number for w in plan.weeks if not w.deload]
    limit = 1 + Fraction(rx["max_weekly_increase_pct"], 100)
    growth = [_volume(plan, b) / _volume(plan, a) for a, b in itertools.pairwise(training)]
    assert max(growth) <= limit
    assert max(growth) > 1, "the plan does progress"


def test_reps_first_then_load(case: tuple[Profile, Plan, dict[str, int]]) -> None:
    """Load rises only after every set reached the top of the range, then reps restart at the bottom; otherwise at most one rep is added."""
    _, plan, rx = case
    low, high, step = rx["reps_low"], rx["reps_high"], rx["load_step_pct"]
    rises = 0
    for series in _series(plan).values():
        training = [x for x in series if not x[1]]
        for (_, _, reps0, load0, _), (_, _, reps1, load1, _) in itertools.pairwise(training):
            if load1 != load0:
                rises += 1
                assert load1 > load0 and load1 * 100 <= load0 * (100 + step)
                assert set(reps0) == {high}
                assert set(reps1) == {low}
            else:
                assert all(b >= a for a, b in zip(reps0, reps1, strict=True))
                assert sum(reps1) - sum(reps0) in (0, 1)
    assert rises > 0, "a year is long enough to reach a load step"


def test_user_cap_on_weekly_growth_is_obeyed(engine: Engine) -> None:
    """A user rule lowering the weekly growth cap to 5% slows the whole year down accordingly."""
    rule = RuleSource("slow.toml", '[[rule]]\nid = "user.slow"\ncap = { max_weekly_increase_pct = 5 }\nbecause = "slower"\nsource = "own choice"\n')
    slow = Engine(plugins=False, rules=[rule])
    profile = PROFILES["strength"]
    plan = slow.recommend(profile)
    assert slow.verify(plan, profile) == []
    training = [w.number for w in plan.weeks if not w.deload]
    assert max(_volume(plan, b) / _volume(plan, a) for a, b in itertools.pairwise(training)) <= Fraction(105, 100)
    fast = engine.recommend(profile)
    assert _volume(plan, 52) < _volume(fast, 52)


def test_gentle_load_steps_for_at_risk_groups(case: tuple[Profile, Plan, dict[str, int]]) -> None:
    """Older adults and people with a condition step load by 3%, everyone else by 5%."""
    profile, plan, rx = case
    at_risk = profile.age >= 65 or bool(profile.conditions)
    assert rx["load_step_pct"] == (3 if at_risk else 5)
    assert plan.prescription["load_step_pct"].rule == ("progression.gentle-load-step" if at_risk else "progression.load-step")


@pytest.mark.parametrize(("sets", "low", "high", "cap", "step"), [(3, 8, 12, 10, 5), (2, 10, 15, 10, 3), (3, 5, 8, 10, 10), (4, 6, 6, 10, 5), (4, 8, 12, 5, 10)])
def test_progress_function_within_caps(sets: int, low: int, high: int, cap: int, step: int) -> None:
    """progress() never lets volume grow more than the cap or load more than min(step, cap) between training weeks."""
    steps = progress(weeks=52, sets=sets, reps_low=low, reps_high=high, rir=2, max_increase_pct=cap,
                     load_step_pct=step, deload_every=5, deload_sets_pct=50)
    training = [s for s in steps if not s.deload]
    for a, b in itertools.pairwise(training):
        assert sum(b.target_reps) * b.load_pct * 100 <= sum(a.target_reps) * a.load_pct * (100 + cap)
        assert b.load_pct * 100 <= a.load_pct * (100 + min(step, cap))
        assert all(low <= r <= high for r in b.target_reps) and len(b.target_reps) == b.sets == sets
    assert training[-1].load_pct > 100


def test_dose_is_held_when_one_rep_would_break_the_cap() -> None:
    """With 3 sets of 5 a single rep is 6.7% more volume; under a 5% cap the dose is held rather than the cap broken."""
    steps = progress(weeks=12, sets=3, reps_low=5, reps_high=8, rir=2, max_increase_pct=5,
                     load_step_pct=5, deload_every=5, deload_sets_pct=50)
    training = [s for s in steps if not s.deload]
    assert {(s.target_reps, s.load_pct) for s in training} == {((5, 5, 5), 100)}
    assert training[-1].note == "repeat last week's sets and reps"


def test_engine_plan_weeks_use_the_same_dose_in_every_session(case: tuple[Profile, Plan, dict[str, int]]) -> None:
    """Within a week every exercise has the same sets, reps, load and RIR, so the week's step is unambiguous."""
    _, plan, _ = case
    for w in plan.weeks:
        doses = {(e.sets, e.rep_targets(), e.load_pct, e.rir) for s in w.sessions for e in s.exercises}
        assert len(doses) == 1
