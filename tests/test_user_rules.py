"""A user's own rule file changes the plan and its explanation, through the
command line (run as a subprocess) and through the Python API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recommender import Engine, load_profile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "rules"
THREE = "tests/data/rules/three-sessions-advanced.toml"
NO_OVERHEAD = "tests/data/rules/no-overhead.toml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    return subprocess.run([sys.executable, "-m", "recommender", *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False)


def flat(text: str) -> str:
    """Text output wraps long lines; compare on single spaces."""
    return " ".join(text.split())


@pytest.fixture(name="advanced")
def _advanced(tmp_path: Path) -> Path:
    """An advanced lifter whose days allow three sessions 48 hours apart."""
    path = tmp_path / "advanced.toml"
    path.write_text(
        'age = 29\nexperience = "advanced"\ngoal = "strength"\ntarget_areas = ["back", "chest"]\n'
        'equipment = ["barbell", "dumbbells", "bench", "pull_up_bar"]\n'
        'days = ["mon", "wed", "fri", "sat"]\nsession_minutes = 75\nweeks = 4\nstart = 2026-12-07\n'
    )
    return path


def plan_json(*args: str) -> dict[str, Any]:
    r = run(*args, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert isinstance(data, dict)
    return data


def test_user_rule_gives_advanced_lifters_three_sessions(advanced: Path) -> None:
    """--rules three-sessions-advanced.toml turns the shipped two sessions into three, every week."""
    before = plan_json("--profile", str(advanced))
    after = plan_json("--profile", str(advanced), "--rules", THREE)
    assert [len(w["sessions"]) for w in before["weeks"]] == [2, 2, 2, 2]
    assert [len(w["sessions"]) for w in after["weeks"]] == [3, 3, 3, 3]
    assert after["prescription"]["sessions_per_week"]["rule"] == "coach.three-sessions-advanced"
    assert "coach.three-sessions-advanced" in after["rules_fired"]


def test_user_rule_leaves_other_people_alone() -> None:
    """The three-session rule does not fire for a beginner, whose plan keeps two sessions."""
    plan = plan_json("--profile", "examples/me.toml", "--rules", THREE)
    assert plan["prescription"]["sessions_per_week"] == {
        "value": 2, "rule": "frequency.two-sessions", "rules": ["frequency.two-sessions"],
    }


def test_explain_shows_the_user_rule_with_file_line_and_layer(advanced: Path) -> None:
    """--explain names the user rule, its file:line and the user layer, and the fact it read."""
    r = run("--profile", str(advanced), "--rules", THREE, "--explain")
    assert r.returncode == 0, r.stderr
    assert (
        "sessions_per_week = 3: Advanced lifters recover well enough for three full-body sessions a week. "
        f"[coach.three-sessions-advanced, {THREE}:5, user; read experience=advanced]"
    ) in flat(r.stdout)


def test_no_overhead_rule_removes_overhead_work(advanced: Path) -> None:
    """--rules no-overhead.toml leaves out every overhead exercise and the explanation says which rule did."""
    catalog = Engine(plugins=False).catalog

    def overhead(plan: dict[str, Any]) -> list[str]:
        return [
            e["id"] for w in plan["weeks"] for s in w["sessions"] for e in s["exercises"]
            if "shoulder_overhead" in catalog[(e["pack"], e["id"])].contraindications
        ]

    assert overhead(plan_json("--profile", str(advanced))), "the profile's usual plan has overhead work"
    assert overhead(plan_json("--profile", str(advanced), "--rules", NO_OVERHEAD)) == []
    r = run("--profile", str(advanced), "--rules", NO_OVERHEAD, "--explain")
    assert f"excluded shoulder_overhead: gym.no-overhead ({NO_OVERHEAD}:3, user)" in flat(r.stdout)


def test_two_user_files_combine(advanced: Path) -> None:
    """--rules is repeatable: both user rules apply to one plan."""
    plan = plan_json("--profile", str(advanced), "--rules", THREE, "--rules", NO_OVERHEAD)
    assert {"coach.three-sessions-advanced", "gym.no-overhead"} <= set(plan["rules_fired"])


def test_a_rule_file_given_twice_is_read_once(advanced: Path) -> None:
    """The same --rules path twice (say, from a shell alias and the command
    line), in any spelling, is one file, not a duplicate-id error."""
    once = plan_json("--profile", str(advanced), "--rules", THREE)
    twice = plan_json("--profile", str(advanced), "--rules", THREE, "--rules", os.path.join(os.path.dirname(THREE), ".", os.path.basename(THREE)))
    assert twice == once


def test_rules_folder_loads_every_file(advanced: Path) -> None:
    """--rules accepts a folder and loads every *.toml in it."""
    plan = plan_json("--profile", str(advanced), "--rules", "tests/data/rules")
    assert {"coach.three-sessions-advanced", "gym.no-overhead"} <= set(plan["rules_fired"])


def test_why_says_a_user_rule_fires(advanced: Path) -> None:
    """`recommend why` says the user rule fires, where it is and which fact decided."""
    r = run("why", "coach.three-sessions-advanced", "--profile", str(advanced), "--rules", THREE)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        f"rule coach.three-sessions-advanced ({THREE}:5, user layer) fires: "
        "experience == \"advanced\" is true (experience = \"advanced\")\n"
    )


def test_why_names_the_first_failing_condition() -> None:
    """`recommend why` on a rule that does not fire names the first condition that failed."""
    r = run("why", "volume.three-sets", "--profile", "examples/me.toml")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "rule volume.three-sets (rules/volume.toml:3, shipped layer) does not fire: "
        "experience != \"beginner\" is false (experience = \"beginner\")\n"
    )


def test_why_unknown_rule_suggests_the_closest_id() -> None:
    """`recommend why` with a misspelt id exits 2 with one line suggesting the right id."""
    r = run("why", "injury.kne", "--profile", "examples/me.toml")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.strip().splitlines() == ["recommend: error: rule: no rule with id 'injury.kne'; did you mean 'injury.knee'?"]


def test_rules_list_shows_user_rules_with_layer_and_location() -> None:
    """`recommend rules list` lists shipped rules and the user's, with layer, safety flag and file:line."""
    r = run("rules", "list", "--rules", THREE)
    assert r.returncode == 0, r.stderr
    assert "injury.knee  [shipped, safety]  rules/injuries.toml:4" in r.stdout
    assert f"coach.three-sessions-advanced  [user, -]  {THREE}:5" in r.stdout
    assert "    because: Advanced lifters recover well enough for three full-body sessions a week." in r.stdout


def test_rules_show_prints_one_rule_in_full() -> None:
    """`recommend rules show ID` prints the rule's place, condition, effects, reason and source."""
    r = run("rules", "show", "coach.three-sessions-advanced", "--rules", THREE)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[:4] == [
        "coach.three-sessions-advanced",
        f"  where:   {THREE}:5 (user layer)",
        "  when:    experience == \"advanced\"",
        "  set:     sessions_per_week = 3",
    ]


def test_rules_show_unknown_id_suggests_the_closest() -> None:
    """`recommend rules show` with a misspelt id exits 2 with one line suggesting the right id."""
    r = run("rules", "show", "injury.kne")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "recommend: error: RULE_ID: no rule with id 'injury.kne'; did you mean 'injury.knee'?\n"


def test_why_and_show_of_a_replaced_rule_name_its_replacement(tmp_path: Path) -> None:
    """Asking about a shipped rule a house rule replaces names the replacement, not a look-alike id."""
    knee = tmp_path / "knee.toml"
    knee.write_text(
        '[[rule]]\nid = "clinic.knee"\nreplaces = "injury.knee"\nsafety = true\nwhen = { fact = "injuries", contains = "knee" }\n'
        'exclude = ["knee_loaded_flexion", "knee_impact", "high_impact"]\nnotice = "Knee: skip all jumping for now."\n'
        'because = "b"\nsource = "s"\n'
    )
    why = run("why", "injury.knee", "--profile", "examples/me.toml", "--rules", str(knee))
    show = run("rules", "show", "injury.knee", "--rules", str(knee))
    assert (why.returncode, show.returncode) == (2, 2)
    assert why.stderr == f"recommend: error: rule: no rule with id 'injury.knee'; it is replaced by 'clinic.knee' ({knee}:1)\n"
    assert show.stderr == f"recommend: error: RULE_ID: no rule with id 'injury.knee'; it is replaced by 'clinic.knee' ({knee}:1)\n"


def test_rules_test_runs_a_user_folder() -> None:
    """`recommend rules test FOLDER` runs the folder's tests and reports full coverage."""
    r = run("rules", "test", "tests/data/rules")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == ["3 passed, 0 failed", "coverage: 2 of 2 rules fired by a test"]


def test_rules_test_default_runs_the_shipped_tests() -> None:
    """`recommend rules test` with no paths runs the shipped rules' tests and every rule is covered."""
    r = run("rules", "test")
    assert r.returncode == 0, r.stdout + r.stderr
    summary, coverage = r.stdout.splitlines()
    assert summary.endswith(" passed, 0 failed")
    total = Engine(plugins=False, rules=[]).rules
    assert coverage == f"coverage: {len(total)} of {len(total)} rules fired by a test"


def test_broken_user_rule_file_lists_every_problem(tmp_path: Path) -> None:
    """A user rule file with several mistakes fails with exit 2 and one line per mistake, no traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[rule]]\nid = "mine.a"\nwhen = { fact = "agee", gte = 65 }\nnotice = "n"\nbecause = "b"\nsource = "s"\n\n'
        '[[rule]]\nid = "mine.b"\nexclude = ["shoulder_overhed"]\nbecause = "b"\nsource = "s"\n'
    )
    r = run("--profile", "examples/me.toml", "--rules", str(bad))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"recommend: error: {bad}:3: rule 'mine.a': when.fact: unknown fact 'agee'; did you mean 'age'?",
        f"recommend: error: {bad}:10: rule 'mine.b': unknown contraindication tag 'shoulder_overhed'; did you mean 'shoulder_overhead'?",
    ]


def test_python_api_engine_with_user_rules(advanced: Path) -> None:
    """Engine(rules=[path]) adds the user's rule: prescription, plan and explanation all show it."""
    engine = Engine(plugins=False, rules=[DATA / "three-sessions-advanced.toml"])
    profile = load_profile(advanced)
    rx = engine.prescribe(profile)
    assert rx["sessions_per_week"] == 3
    ref = rx.values["sessions_per_week"].decided_by
    assert (ref.id, ref.layer, ref.line, ref.facts) == ("coach.three-sessions-advanced", "user", 5, {"experience": "advanced"})
    plan = engine.recommend(profile)
    assert all(len(w.sessions) == 3 for w in plan.weeks)
    assert any(line.startswith("sessions_per_week = 3: ") and "user" in line for line in engine.explain(profile))


def test_python_api_user_rules_from_a_folder_and_shipped_untouched() -> None:
    """Engine(rules=[folder]) loads every file; an engine without them keeps the shipped behaviour."""
    with_rules = Engine(plugins=False, rules=[DATA])
    plain = Engine(plugins=False)
    assert with_rules.rules.get("gym.no-overhead") is not None
    assert plain.rules.get("gym.no-overhead") is None
    profile = load_profile(ROOT / "examples" / "bodyweight.toml")
    assert "shoulder_overhead" in with_rules.prescribe(profile).excluded
    assert "shoulder_overhead" not in plain.prescribe(profile).excluded


def test_rules_folder_without_rule_files_is_an_error(tmp_path: Path) -> None:
    """Pointing --rules at a folder with no *.toml files fails instead of silently planning without them."""
    (tmp_path / "notes.txt").write_text("not rules")
    r = subprocess.run(
        [sys.executable, "-m", "recommender", "--profile", "examples/me.toml", "--rules", str(tmp_path)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}, check=False,
    )
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {tmp_path}: no *.toml rule files in this folder\n"


def test_a_rule_file_named_twice_is_read_once(tmp_path: Path) -> None:
    """A file given on its own and in its folder (or by two spellings) is read once, not refused as a duplicate."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "warm.toml").write_text('[[rule]]\nid = "mine.warm"\nfloor = { warmup_minutes = 12 }\nbecause = "b"\nsource = "s"\n', encoding="utf-8")
    engine = Engine(plugins=False, rules=[folder, folder / "warm.toml", str(folder) + "/./warm.toml"])
    assert [r.id for r in engine.rules.rules if r.layer == "user"] == ["mine.warm"]


def test_stopping_further_from_fatigue_replaces_the_near_fatigue_rule(tmp_path: Path) -> None:
    """As docs/rules.md says: a floor of 4 reps in reserve meets near-fatigue's cap of 3 and is refused naming both;
    replacing that (non-safety) rule with a cap of 4 gives plans at 4 reps in reserve."""
    from recommender import RuleError, RuleSource

    floor = '[[rule]]\nid = "house.floor"\nfloor = { rir = 4 }\nbecause = "b"\nsource = "s"\n'
    with pytest.raises(RuleError) as caught:
        Engine(plugins=False, rules=[RuleSource("house.toml", floor)]).recommend(load_profile(ROOT / "examples" / "me.toml"))
    assert "effort.near-fatigue" in str(caught.value)
    replaced = '[[rule]]\nid = "house.easier"\nreplaces = "effort.near-fatigue"\ncap = { rir = 4 }\nbecause = "b"\nsource = "s"\n\n' + floor
    engine = Engine(plugins=False, rules=[RuleSource("house.toml", replaced)])
    profile = load_profile(ROOT / "examples" / "me.toml")
    plan = engine.recommend(profile)
    assert {e.rir for w in plan.weeks if not w.deload for s in w.sessions for e in s.exercises} == {4}


def test_a_group_name_lists_its_rules() -> None:
    """`rules show injury` or `why screening` names every rule of that group, not one near spelling."""
    from recommender import PackError

    engine = Engine(plugins=False)
    hint = engine.rules.missing_hint("injury")
    assert hint.startswith("; the 'injury' rules are injury.knee, ") and "injury.neck" in hint
    with pytest.raises(PackError, match=r"no rule with id 'screening'; the 'screening' rules are screening\."):
        engine.why("screening", load_profile(ROOT / "examples" / "me.toml"))
    assert engine.rules.missing_hint("injury.kne") == "; did you mean 'injury.knee'?"
