"""Health conditions, injuries and screening: each has a visible effect on a
real plan from the engine (built-in pack only), and screening answers that
mean exercise could be dangerous stop the engine with exit code 3."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from recommender import Engine
from recommender.errors import ScreeningRefusal
from recommender.plan import Plan, PlannedExercise
from recommender.profile import Profile, Screening

START = datetime.date(2026, 1, 5)

#: A bodyweight-only intermediate: the built-in pack's first choices for this
#: person include jumps, holds, push-ups on the hands and head-down moves, so
#: every exclusion below removes something that would otherwise be there.
BASE = Profile(
    age=40,
    experience="intermediate",
    goal="general_fitness",
    days=("mon", "thu"),
    session_minutes=60,
    weeks=12,
    start=START,
)

CLEARED = Screening(medical_clearance=True)

#: rule id -> (profile changes, the tags it must exclude)
CASES: dict[str, tuple[dict[str, object], tuple[str, ...]]] = {
    "injury.knee": ({"injuries": ("knee",)}, ("knee_loaded_flexion", "knee_impact")),
    "injury.lower-back": ({"injuries": ("lower_back",), "target_areas": ("core",)}, ("spine_axial_load", "spine_loaded_flexion", "spine_loaded_rotation")),
    "injury.shoulder": ({"injuries": ("shoulder",)}, ("shoulder_overhead", "shoulder_end_range")),
    "injury.wrist": ({"injuries": ("wrist",)}, ("wrist_loaded_extension", "grip_heavy")),
    "injury.hip": ({"injuries": ("hip",)}, ("hip_deep_flexion", "high_impact")),
    "injury.ankle": ({"injuries": ("ankle",)}, ("ankle_impact", "balance_single_leg", "high_impact")),
    "injury.neck": ({"injuries": ("neck",)}, ("neck_load", "head_down")),
    "condition.hypertension": ({"conditions": ("hypertension",)}, ("breath_hold", "head_down")),
    "condition.pregnancy": (
        {"conditions": ("pregnancy",), "screening": CLEARED},
        ("supine", "prone", "high_impact", "breath_hold", "head_down", "spine_loaded_flexion"),
    ),
    "condition.osteoporosis": ({"conditions": ("osteoporosis",)}, ("spine_loaded_flexion", "spine_loaded_rotation", "high_impact")),
    "condition.heart-disease": ({"conditions": ("heart_disease",), "screening": CLEARED}, ("breath_hold", "head_down")),
    "condition.older-adults": ({"age": 70}, ("high_impact",)),
}


def _tags(engine: Engine, plan: Plan) -> set[str]:
    return {t for w in plan.weeks for s in w.sessions for e in s.exercises for t in engine.catalog[(e.pack, e.id)].contraindications}


@pytest.fixture(scope="module", name="base_plan")
def _base_plan(engine: Engine) -> Plan:
    return engine.recommend(BASE)


@pytest.mark.parametrize("rule_id", list(CASES))
def test_exclusions_change_the_plan(engine: Engine, rule_id: str) -> None:
    """Without the injury or condition the plan has an excluded movement; with it, none, and the plan verifies."""
    changes, tags = CASES[rule_id]
    rule = engine.rules.get(rule_id)
    assert rule is not None and set(rule.exclude) == set(tags)
    before = engine.recommend(attrs.evolve(BASE, **{k: v for k, v in changes.items() if k == "target_areas"}))
    assert _tags(engine, before) & set(tags), "the comparison plan must contain something the rule excludes"
    profile = attrs.evolve(BASE, **changes)
    plan = engine.recommend(profile)
    assert not _tags(engine, plan) & set(tags)
    assert engine.verify(plan, profile) == []
    assert rule_id in plan.rules_fired


@pytest.mark.parametrize("rule_id", list(CASES))
def test_swaps_say_what_was_replaced_and_why(engine: Engine, rule_id: str) -> None:
    """An excluded first choice is listed as a swap naming the rule, with a replacement for the same area that is in the plan."""
    changes, tags = CASES[rule_id]
    plan = engine.recommend(attrs.evolve(BASE, **changes))
    mine = [s for s in plan.swaps if rule_id in s.because]
    assert mine, f"no swap names {rule_id}: {plan.swaps}"
    planned = {e.id: e for w in plan.weeks for s in w.sessions for e in s.exercises}
    for swap in mine:
        assert set(swap.tags) & set(tags)
        assert swap.excluded not in planned
        assert swap.replacement in planned
        assert swap.area in planned[swap.replacement].areas
        assert set(engine.catalog[("default", swap.excluded)].contraindications) & set(swap.tags)


@pytest.mark.parametrize("rule_id", list(CASES))
def test_notice_in_the_plan(engine: Engine, rule_id: str) -> None:
    """Each injury and condition adds its own notice, after the warning signs everyone gets."""
    changes, _ = CASES[rule_id]
    plan = engine.recommend(attrs.evolve(BASE, **changes))
    rules = [n.rule for n in plan.notices]
    assert rule_id in rules and "notice.stop-signs" in rules
    rule = engine.rules.get(rule_id)
    assert rule is not None and plan.notices[rules.index(rule_id)].text == rule.notice


def _all_exercises(plan: Plan) -> list[tuple[bool, PlannedExercise]]:
    return [(w.deload, e) for w in plan.weeks for s in w.sessions for e in s.exercises]


def _load_steps(plan: Plan) -> list[Fraction]:
    """Every week-to-week load rise of an exercise, in percent, deload weeks skipped."""
    last: dict[str, int] = {}
    rises: list[Fraction] = []
    for w in plan.weeks:
        if w.deload:
            continue
        for s in w.sessions:
            for e in s.exercises:
                if e.id in last and e.load_pct > last[e.id]:
                    rises.append(100 * (Fraction(e.load_pct, last[e.id]) - 1))
                last[e.id] = e.load_pct
    return rises


def test_hypertension_no_failure_moderate_loads_slow_steps(engine: Engine) -> None:
    """Hypertension: RIR 3 or more in every set, 8-12 reps even for a strength goal, 3% load steps, 10-minute warm-up."""
    strength = attrs.evolve(BASE, goal="strength", weeks=52)
    before = engine.recommend(strength)
    assert before.weeks[0].sessions[0].exercises[0].rep_range() == (5, 8)
    plan = engine.recommend(attrs.evolve(strength, conditions=("hypertension",)))
    exercises = [e for _, e in _all_exercises(plan)]
    assert all(e.rir >= 3 for e in exercises)
    assert {e.rep_range() for e in exercises} == {(8, 12)}
    assert all(s.warmup_minutes >= 10 for w in plan.weeks for s in w.sessions)
    rises = _load_steps(plan)
    assert rises and max(rises) <= 3
    assert max(_load_steps(before)) > 3, "without the condition the load steps are larger"


def test_heart_disease_needs_clearance_then_trains_gently(engine: Engine) -> None:
    """Heart disease: refused without clearance; once cleared, RIR 3+, 8-12 reps and a warning-level notice."""
    profile = attrs.evolve(BASE, conditions=("heart_disease",), experience="advanced", goal="strength")
    with pytest.raises(ScreeningRefusal) as info:
        engine.recommend(profile)
    assert info.value.rule_id == "screening.refuse-until-cleared"
    plan = engine.recommend(attrs.evolve(profile, screening=CLEARED))
    exercises = [e for _, e in _all_exercises(plan)]
    assert all(e.rir >= 3 for e in exercises)
    assert {e.rep_range() for e in exercises} == {(8, 12)}
    notice = next(n for n in plan.notices if n.rule == "condition.heart-disease")
    assert notice.level == "warning"


def test_pregnancy_needs_clearance_then_keeps_a_margin(engine: Engine) -> None:
    """Pregnancy: refused without clearance; once cleared, an advanced lifter keeps RIR 2 (not 1) and sees the warning signs."""
    profile = attrs.evolve(BASE, conditions=("pregnancy",), experience="advanced")
    with pytest.raises(ScreeningRefusal) as info:
        engine.recommend(profile)
    assert "clearance" in info.value.message
    assert engine.recommend(attrs.evolve(BASE, experience="advanced")).weeks[0].sessions[0].exercises[0].rir == 1
    plan = engine.recommend(attrs.evolve(profile, screening=CLEARED))
    assert all(e.rir >= 2 for _, e in _all_exercises(plan))
    notice = next(n for n in plan.notices if n.rule == "condition.pregnancy")
    assert notice.level == "warning" and "bleeding" in notice.text and "Pelvic-floor" in notice.text


def test_osteoporosis_margin_sets_and_spine(engine: Engine) -> None:
    """Osteoporosis: RIR 2+ for an advanced lifter, at most 3 sets, no loaded spinal bending or twisting, spine-extension advice."""
    profile = attrs.evolve(BASE, conditions=("osteoporosis",), experience="advanced", target_areas=("core",))
    plan = engine.recommend(profile)
    exercises = [e for _, e in _all_exercises(plan)]
    assert all(e.rir >= 2 and e.sets <= 3 for e in exercises)
    assert "volume.gentle-sets-cap" in plan.prescription["sets_per_exercise"].rules
    notice = next(n for n in plan.notices if n.rule == "condition.osteoporosis")
    assert "spine" in notice.text and "balance" in notice.text


def test_older_adults_lighter_dose(engine: Engine, base_plan: Plan) -> None:
    """Age 65+: 10-15 reps, 2 sets, RIR 2+, at least 60 s rest, 10-minute warm-up, at most 6 sets per area per session and 3% load steps."""
    profile = attrs.evolve(BASE, age=70, weeks=52)
    plan = engine.recommend(profile)
    exercises = [e for _, e in _all_exercises(plan)]
    assert {e.rep_range() for e in exercises} == {(10, 15)}
    assert all(e.sets <= 2 and e.rir >= 2 and e.rest_seconds >= 60 for e in exercises)
    assert all(s.warmup_minutes >= 10 for w in plan.weeks for s in w.sessions)
    assert plan.prescription["max_sets_per_area_session"].value == 6
    for w in plan.weeks:
        for s in w.sessions:
            per_area: dict[str, int] = {}
            for e in s.exercises:
                for a in e.areas:
                    per_area[a] = per_area.get(a, 0) + e.sets
            assert max(per_area.values()) <= 6
    assert max(_load_steps(plan)) <= 3
    assert base_plan.weeks[0].sessions[0].exercises[0].rep_range() == (8, 12)
    assert "balance" in next(n.text for n in plan.notices if n.rule == "condition.older-adults")


def test_conditions_combine_to_the_strictest(engine: Engine) -> None:
    """Several conditions and injuries together exclude the union of their tags and take the largest margin."""
    changes = {"age": 72, "conditions": ("hypertension", "osteoporosis"), "injuries": ("knee", "wrist", "shoulder")}
    profile = attrs.evolve(BASE, **changes)
    plan = engine.recommend(profile)
    excluded = {t for rid, (_, tags) in CASES.items() for t in tags if rid in plan.rules_fired}
    assert {"knee_loaded_flexion", "wrist_loaded_extension", "shoulder_overhead", "breath_hold", "spine_loaded_flexion", "high_impact"} <= excluded
    assert not _tags(engine, plan) & excluded
    assert all(e.rir >= 3 for _, e in _all_exercises(plan))
    assert engine.verify(plan, profile) == []


# -- screening -------------------------------------------------------------------------

NOTICE_ONLY = ("bone_joint_problem", "blood_pressure_medication", "other_reason")


@pytest.mark.parametrize("question", NOTICE_ONLY)
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "toml", "html"])
def test_any_yes_puts_the_critical_notice_first(engine: Engine, question: str, fmt: str) -> None:
    """A yes to any screening question puts the see-a-professional notice before everything else in every format."""
    profile = attrs.evolve(BASE, screening=Screening(**{question: True}))
    plan = engine.recommend(profile)
    assert plan.notices[0].rule == "screening.see-a-professional" and plan.notices[0].level == "critical"
    out = engine.render(plan, fmt, profile=profile)
    if fmt == "json":
        assert json.loads(out)["notices"][0]["rule"] == "screening.see-a-professional"
        return
    if fmt == "toml":
        import tomllib

        assert tomllib.loads(out)["notices"][0]["level"] == "critical"
        return
    first_words = "You answered yes to a screening question"
    at = out.index(first_words)
    assert at < out.index("Stop exercising") and at < out.index("Week 1")
    if fmt == "markdown":
        assert out[:at].rstrip().endswith("**Important:**")


def test_no_yes_no_critical_notice(engine: Engine, base_plan: Plan) -> None:
    """With every answer no, and with clearance alone, there is no see-a-professional notice."""
    assert "screening.see-a-professional" not in {n.rule for n in base_plan.notices}
    cleared = engine.recommend(attrs.evolve(BASE, screening=CLEARED))
    assert all(n.level != "critical" for n in cleared.notices)


def test_heart_condition_answer_needs_clearance_then_starts_moderate(engine: Engine) -> None:
    """A heart-condition yes is refused until cleared; once cleared, the plan has the critical notice, RIR 3 and a longer warm-up."""
    with pytest.raises(ScreeningRefusal) as info:
        engine.recommend(attrs.evolve(BASE, screening=Screening(heart_condition=True)))
    assert info.value.constraint == "screening"
    profile = attrs.evolve(BASE, screening=Screening(heart_condition=True, medical_clearance=True))
    plan = engine.recommend(profile)
    assert plan.notices[0].level == "critical"
    assert all(e.rir >= 3 for _, e in _all_exercises(plan))
    assert all(s.warmup_minutes >= 10 for w in plan.weeks for s in w.sessions)
    assert "screening.cleared-start-moderate" in plan.rules_fired


@pytest.mark.parametrize("question", ["chest_pain_activity", "chest_pain_rest", "dizziness", "back_red_flags"])
def test_clearance_does_not_override_current_symptoms(engine: Engine, question: str) -> None:
    """Symptoms right now are refused even with medical_clearance: the person should be assessed for them first."""
    with pytest.raises(ScreeningRefusal) as info:
        engine.recommend(attrs.evolve(BASE, screening=Screening(**{question: True, "medical_clearance": True})))
    assert info.value.constraint == "screening"
    assert info.value.rule_id in ("screening.refuse-symptoms", "screening.refuse-back-red-flags")


@pytest.mark.parametrize(
    "profile",
    [BASE, attrs.evolve(BASE, age=90, experience="beginner"), attrs.evolve(BASE, conditions=("pregnancy",), screening=CLEARED),
     attrs.evolve(BASE, injuries=("knee", "neck"), goal="fat_loss", target_areas=("glutes",))],
    ids=["adult", "ninety", "pregnant", "injured"],
)
def test_warning_signs_in_every_plan(engine: Engine, profile: Profile) -> None:
    """Every plan carries the stop-exercising warning signs at warning level."""
    plan = engine.recommend(profile)
    notice = next(n for n in plan.notices if n.rule == "notice.stop-signs")
    assert notice.level == "warning" and "chest" in notice.text and "dizziness" in notice.text


# -- the command line ---------------------------------------------------------------------

PROFILE = """\
age = 40
experience = "beginner"
goal = "general_fitness"
days = ["mon", "thu"]
session_minutes = 60
weeks = 4
start = 2026-01-05
"""


def _run(tmp_path: Path, extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "me.toml").write_text(PROFILE + extra, encoding="utf-8")
    env = {"RECOMMENDER_NO_PLUGINS": "1", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "recommender", "--profile", "me.toml"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(
    ("answers", "why"),
    [
        ("chest_pain_rest = true", "chest pain"),
        ("chest_pain_activity = true", "chest pain"),
        ("dizziness = true", "dizziness"),
        ("back_red_flags = true", "back pain"),
        ("heart_condition = true", "clearance"),
    ],
)
def test_cli_refuses_with_exit_3_and_says_why(tmp_path: Path, answers: str, why: str) -> None:
    """Screening answers that mean danger now give exit code 3, no plan, and one line saying why."""
    result = _run(tmp_path, f"\n[screening]\n{answers}\n")
    assert result.returncode == 3
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and why in lines[0] and "Traceback" not in result.stderr


def test_cli_refuses_pregnancy_without_clearance(tmp_path: Path) -> None:
    """Pregnancy without clearance gives exit code 3 and says how to record clearance."""
    result = _run(tmp_path, 'conditions = ["pregnancy"]\n')
    assert result.returncode == 3
    assert "medical_clearance = true" in result.stderr


def test_cli_plan_after_a_yes_starts_with_the_notice(tmp_path: Path) -> None:
    """A yes that does not refuse prints the plan with the critical notice as its first notice."""
    result = _run(tmp_path, "\n[screening]\nother_reason = true\n")
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stdout.splitlines() if line[:3] in ("!! ", "!  ", "-  ")]
    assert notices[0].startswith("!! You answered yes to a screening question")


def test_safety_doc_names_only_real_rules(engine: Engine) -> None:
    """Every rule id docs/safety.md names exists in the shipped rules, and every safety rule is named there."""
    import re

    text = (Path(__file__).resolve().parent.parent / "docs" / "safety.md").read_text(encoding="utf-8")
    prefixes = {r.id.split(".")[0] for r in engine.rules.rules}
    named = {m for m in re.findall(r"`([a-z]+\.[a-z0-9-]+)`", text) if m.split(".")[0] in prefixes}
    ids = {r.id for r in engine.rules.rules}
    assert named - ids == set()
    missing = {r.id for r in engine.rules.rules if r.safety} - named
    assert missing == set(), f"safety rules not described in docs/safety.md: {sorted(missing)}"


def test_user_rule_emptying_the_rep_range_is_a_rule_error() -> None:
    """A user rule putting reps_low above reps_high is reported as contradictory rules naming both, never as a plan."""
    from recommender.errors import RuleError
    from recommender.rules import RuleSource

    rule = RuleSource("mine.toml", '[[rule]]\nid = "mine.heavy"\nset = { reps_high = 6 }\nbecause = "heavier"\nsource = "me"\n')
    engine = Engine(rules=[rule], plugins=False)
    with pytest.raises(RuleError) as info:
        engine.recommend(BASE)
    general = engine.rules.get("volume.reps-general")
    assert general is not None
    assert info.value.problems == (
        f"{general.location()}: rule 'volume.reps-general': contradictory: reps_low = 8 is above reps_high = 6 from rule 'mine.heavy' (mine.toml:1)",
    )
