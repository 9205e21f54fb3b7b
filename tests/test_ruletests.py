"""Rule tests ([[test]] blocks): what they check, how they fail, how
malformed blocks are reported, and the `recommend rules test` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from recommender import Engine
from recommender.errors import RuleError
from recommender.rules import RuleSet, RuleSource, load_rule_sources, shipped_rule_sources
from recommender.ruletests import Report, collect_tests, run_tests

ROOT = Path(__file__).resolve().parent.parent

RULE = """[[rule]]
id = "coach.three"
when = { fact = "experience", eq = "advanced" }
set = { sessions_per_week = 3 }
because = "b"
source = "s"
"""
BASE = """
[test_base]
age = 30
experience = "advanced"
goal = "strength"
days = ["mon", "wed", "fri"]
session_minutes = 60
"""


def ruleset(text: str = RULE) -> RuleSet:
    return load_rule_sources([("shipped", shipped_rule_sources()), ("user", [RuleSource("mine.toml", text)])])


def report(tests: str, rules: str = RULE) -> Report:
    """Run ``tests`` written below ``rules`` in one file, mine.toml."""
    text = rules + BASE + tests
    return run_tests(ruleset(text), [RuleSource("mine.toml", text)])


def failures(tests: str, rules: str = RULE) -> list[str]:
    return [line for r in report(tests, rules).results for line in r.lines()]


def lint(tests: str, rules: str = RULE) -> list[str]:
    text = rules + BASE + tests
    _, problems = collect_tests([RuleSource("mine.toml", text)], ruleset(text))
    return problems


def test_passing_tests_and_full_coverage() -> None:
    """Tests that hold pass, and a rule fired by one counts as covered."""
    rep = report('[[test]]\nname = "three"\nexpect = { fired = ["coach.three"], values = { sessions_per_week = 3 } }\n')
    assert (rep.passed, rep.failed, rep.ok) == (1, 0, True)
    assert rep.lines() == ["1 passed, 0 failed", "coverage: 1 of 1 rules fired by a test"]


def test_failed_value_names_the_deciding_rule() -> None:
    """A wrong expected value fails at the test's line, naming the rule that decided the value."""
    assert failures('[[test]]\nname = "two"\ngiven = { experience = "intermediate" }\nexpect = { values = { sessions_per_week = 3 } }\n') == [
        "mine.toml:14: test 'two': values.sessions_per_week: expected 3, got 2 (decided by frequency.two-sessions, rules/frequency.toml:3)"
    ]


def test_rule_that_should_fire_but_does_not_gives_the_failing_condition() -> None:
    """An expected rule that does not fire is reported with the first condition that failed."""
    assert failures('[[test]]\nname = "t"\ngiven = { experience = "beginner" }\nexpect = { fired = ["coach.three"] }\n') == [
        "mine.toml:14: test 't': expected rule coach.three to fire; it did not: experience == \"advanced\" is false (experience = \"beginner\")"
    ]


def test_rule_that_should_not_fire_but_does() -> None:
    """not_fired fails when the rule fires, saying why it fired."""
    assert failures('[[test]]\nname = "t"\nexpect = { not_fired = ["coach.three"] }\n') == [
        "mine.toml:14: test 't': expected rule coach.three not to fire; it fired: experience == \"advanced\" is true (experience = \"advanced\")"
    ]


def test_true_is_not_one() -> None:
    """An integer expectation is not met by true, nor a true/false one by 1."""
    with pytest.raises(RuleError) as info:
        report('[[test]]\nname = "t"\nexpect = { values = { exercise_order = 1 } }\n')
    assert info.value.problems == ("mine.toml:16: test 't': expect.values.exercise_order: expected true or false, got 1",)


def test_missing_exclusion_and_refusal_expectations() -> None:
    """excluded and refused expectations fail with what was missing."""
    assert failures('[[test]]\nname = "t"\nexpect = { excluded = ["knee_impact"], refused = true }\n') == [
        "mine.toml:14: test 't': excluded: expected 'knee_impact' to be excluded; no fired rule excludes it",
        "mine.toml:14: test 't': expected a refusal; the rules gave a plan",
    ]


def test_unexpected_refusal_is_reported() -> None:
    """refused = false fails on a refusal, quoting the refusing rule."""
    (line,) = failures('[[test]]\nname = "t"\ngiven = { screening = { dizziness = true } }\nexpect = { refused = false }\n')
    assert line.startswith("mine.toml:14: test 't': expected no refusal; rule screening.refuse-symptoms refused: chest pain or dizziness")


def test_missing_profile_key_is_an_error_unless_expected(tmp_path: Path) -> None:
    """Without test_base, a given that lacks a required key fails loudly; expecting the error makes it pass."""
    text = RULE + (
        '\n[[test]]\nname = "no age"\ngiven = { experience = "advanced", goal = "strength", days = ["mon"], session_minutes = 30 }\n'
        'expect = { fired = ["coach.three"] }\n'
        '\n[[test]]\nname = "no age, expected"\ngiven = { experience = "advanced", goal = "strength", days = ["mon"], session_minutes = 30 }\n'
        'expect = { error = "age: required key missing" }\n'
    )
    rep = run_tests(ruleset(text), [RuleSource("mine.toml", text)])
    assert [r.ok for r in rep.results] == [False, True]
    assert rep.results[0].lines() == ["mine.toml:8: test 'no age': unexpected error: mine.toml:8: age: required key missing"]


def test_expected_error_that_does_not_happen() -> None:
    """An expected error that never comes fails the test."""
    assert failures('[[test]]\nname = "t"\nexpect = { error = "age" }\n') == [
        "mine.toml:14: test 't': expected an error containing 'age'; the rules gave a plan"
    ]


def test_expected_error_matches_a_refusal_message() -> None:
    """error also matches the text of a refusal."""
    rep = report('[[test]]\nname = "t"\ngiven = { screening = { back_red_flags = true } }\nexpect = { error = "urgent medical assessment" }\n')
    assert rep.failed == 0


def test_expected_error_with_other_text_fails() -> None:
    """An error whose text differs from the expected piece fails, quoting the real message."""
    assert failures('[[test]]\nname = "t"\ngiven = { age = 12 }\nexpect = { error = "too young" }\n') == [
        "mine.toml:14: test 't': expected an error containing 'too young', got: "
        "mine.toml:14: age: expected an integer from 18 to 100 (plans are for adults), got 12"
    ]


def test_given_merges_over_test_base_key_by_key() -> None:
    """given replaces test_base keys, and tables such as screening merge key by key."""
    text = RULE + BASE.replace("session_minutes = 60", "session_minutes = 60\nscreening = { medical_clearance = true }") + (
        '[[test]]\nname = "t"\ngiven = { conditions = ["pregnancy"], screening = { bone_joint_problem = true } }\nexpect = { refused = false }\n'
    )
    tests, problems = collect_tests([RuleSource("mine.toml", text)], ruleset(text))
    assert problems == []
    assert tests[0].given["screening"] == {"medical_clearance": True, "bone_joint_problem": True}
    assert run_tests(ruleset(text), [RuleSource("mine.toml", text)]).failed == 0


def test_uncovered_rules_are_listed() -> None:
    """A rule no test fires is listed on the coverage line with its file:line, and the report is not ok."""
    rules = RULE + '\n[[rule]]\nid = "coach.old"\nwhen = { fact = "age", gte = 70 }\nnotice = "n"\nbecause = "b"\nsource = "s"\n'
    rep = report('[[test]]\nname = "t"\nexpect = { fired = ["coach.three"] }\n', rules)
    assert rep.failed == 0 and not rep.ok
    assert rep.coverage() == "coverage: 1 of 2 rules fired by a test; no test fires: coach.old (mine.toml:8)"


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('name = "t"\nexpcet = { fired = [] }', "mine.toml:16: test 't': unknown key 'expcet'; did you mean 'expect'?"),
        ('name = "t"\nexpect = { fierd = ["coach.three"] }', "mine.toml:16: test 't': unknown key 'expect.fierd'; did you mean 'fired'?"),
        ('name = "t"\nexpect = { fired = ["coach.thre"] }', "mine.toml:16: test 't': expect.fired: unknown rule 'coach.thre'; did you mean 'coach.three'?"),
        ('name = "t"\nexpect = { values = { sessions_per_wk = 3 } }', "mine.toml:16: test 't': expect.values.sessions_per_wk: unknown parameter; did you mean 'sessions_per_week'?"),
        ('name = "t"\nexpect = { values = { rir = "2" } }', "mine.toml:16: test 't': expect.values.rir: expected an integer, got str '2'"),
        ('name = "t"\nexpect = { excluded = ["kne_impact"] }', "mine.toml:16: test 't': expect.excluded: unknown contraindication tag 'kne_impact'; did you mean 'knee_impact'?"),
        ('name = "t"\nexpect = { refused = "yes" }', "mine.toml:16: test 't': expect.refused: expected true or false, got 'yes'"),
        ('name = "t"\nexpect = {}', "mine.toml:16: test 't': 'expect' must be a table with at least one of fired, not_fired, values, excluded, refused, error"),
        ('name = "t"', "mine.toml:14: test 't': 'expect' is required"),
        ('expect = { refused = false }', "mine.toml:14: test[0]: 'name' is required and must be a non-empty string"),
        ('name = "t"\ngiven = ["age"]\nexpect = { refused = false }', "mine.toml:16: test 't': 'given' must be a table of profile keys"),
    ],
    ids=["key", "expect-key", "rule-id", "param", "value-type", "tag", "refused", "empty-expect", "no-expect", "no-name", "given"],
)
def test_malformed_test_blocks_are_lint_errors(block: str, message: str) -> None:
    """Each mistake in a [[test]] block is one lint line with file:line and a did-you-mean where it helps."""
    assert lint(f"[[test]]\n{block}\n") == [message]


def test_duplicate_test_names() -> None:
    """Two tests with one name in a file are an error pointing at the first."""
    block = '[[test]]\nname = "t"\nexpect = { refused = false }\n'
    assert lint(block + "\n" + block) == ["mine.toml:18: test 't': duplicate test name; first used on line 14"]


def test_run_tests_raises_with_every_lint_problem() -> None:
    """run_tests refuses to run malformed blocks and lists them all."""
    with pytest.raises(RuleError) as info:
        report('[[test]]\nname = "a"\nexpect = { fierd = [] }\n\n[[test]]\nname = "b"\nexpect = { values = { rir = true } }\n')
    assert info.value.problems == (
        "mine.toml:16: test 'a': unknown key 'expect.fierd'; did you mean 'fired'?",
        "mine.toml:20: test 'b': expect.values.rir: expected an integer, got bool True",
    )


def test_coverage_counts_only_the_tested_files_rules_when_a_name_matches_a_shipped_file() -> None:
    """A house folder named rules/ may hold an effort.toml: the shipped rules/effort.toml is not tested with it."""
    src = RuleSource("rules/effort.toml", RULE + BASE + '[[test]]\nname = "t"\nexpect = { fired = ["coach.three"] }\n')
    rep = run_tests(load_rule_sources([("shipped", shipped_rule_sources()), ("user", [src])]), [src])
    assert (rep.ok, rep.coverage()) == (True, "coverage: 1 of 1 rules fired by a test")


KNEE = """[[rule]]
id = "clinic.knee"
replaces = "injury.knee"
safety = true
when = { fact = "injuries", contains = "knee" }
exclude = ["knee_loaded_flexion", "knee_impact", "high_impact"]
notice = "Knee: skip all jumping for now."
because = "b"
source = "s"
"""


def test_a_replaced_rule_in_a_test_is_named_with_its_replacement() -> None:
    """The shipped tests run over a house rule replacing injury.knee: a test expecting it to fire fails naming the
    replacement, one expecting it not to fire holds; neither calls it unknown."""
    rules = load_rule_sources([("shipped", shipped_rule_sources()), ("user", [RuleSource("knee.toml", KNEE)])])
    text = BASE + (
        '[[test]]\nname = "knee"\ngiven = { injuries = ["knee"] }\nexpect = { fired = ["injury.knee"] }\n'
        '[[test]]\nname = "no knee"\nexpect = { not_fired = ["injury.knee"] }\n'
    )
    rep = run_tests(rules, [RuleSource("tests.toml", text)])
    assert [line for r in rep.results for line in r.lines()] == [
        "tests.toml:8: test 'knee': expected rule injury.knee to fire; it is replaced by clinic.knee (knee.toml:1)"
    ]


def test_a_replaced_id_defined_again_is_that_rule() -> None:
    """A house rule may give a replaced rule's id to a new rule: tests, why and the rule set then name the new
    rule, not the replacement of the old one."""
    again = KNEE + '\n[[rule]]\nid = "injury.knee"\nwhen = { fact = "injuries", contains = "knee" }\nnotice = "See a physio."\nbecause = "b"\nsource = "s"\n'
    rules = load_rule_sources([("shipped", shipped_rule_sources()), ("user", [RuleSource("knee.toml", again)])])
    assert rules.replaced_by("injury.knee") is None and rules.get("injury.knee") is not None
    text = BASE + '[[test]]\nname = "knee"\ngiven = { injuries = ["knee"] }\nexpect = { fired = ["injury.knee", "clinic.knee"] }\n'
    rep = run_tests(rules, [RuleSource("tests.toml", text)])
    assert (rep.passed, rep.failed) == (1, 0)


def test_run_tests_accepts_an_engine() -> None:
    """run_tests takes an Engine as well as a RuleSet."""
    path = ROOT / "tests" / "data" / "rules" / "no-overhead.toml"
    rep = run_tests(Engine(plugins=False, rules=[path]), [RuleSource(str(path), path.read_text())])
    assert (rep.passed, rep.failed, len(rep.uncovered)) == (1, 0, 0)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    return subprocess.run([sys.executable, "-m", "recommender", "rules", "test", *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False)


def test_cli_failure_exit_code_and_lines(tmp_path: Path) -> None:
    """`recommend rules test FILE` prints each failure with file:line, the summary and coverage, and exits 1."""
    path = tmp_path / "mine.toml"
    path.write_text(RULE + BASE + '[[test]]\nname = "wrong"\nexpect = { values = { sessions_per_week = 4 } }\n')
    r = cli(str(path))
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        f"{path}:14: test 'wrong': values.sessions_per_week: expected 4, got 3 (decided by coach.three, {path}:1)",
        "0 passed, 1 failed",
        "coverage: 1 of 1 rules fired by a test",
    ]


def test_cli_uncovered_rule_fails(tmp_path: Path) -> None:
    """A tested file whose rule no test fires exits 1 even when every test passes."""
    path = tmp_path / "mine.toml"
    path.write_text(RULE + BASE + '[[test]]\nname = "t"\ngiven = { experience = "beginner" }\nexpect = { not_fired = ["coach.three"] }\n')
    r = cli(str(path))
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["1 passed, 0 failed", f"coverage: 0 of 1 rules fired by a test; no test fires: coach.three ({path}:1)"]


def test_cli_malformed_block_exits_2(tmp_path: Path) -> None:
    """A malformed test block is bad input: exit 2, one error line, no traceback."""
    path = tmp_path / "mine.toml"
    path.write_text(RULE + BASE + '[[test]]\nname = "t"\nexpect = { fierd = [] }\n')
    r = cli(str(path))
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"recommend: error: {path}:16: test 't': unknown key 'expect.fierd'; did you mean 'fired'?\n"


def test_cli_file_without_tests(tmp_path: Path) -> None:
    """A rule file without tests says so and exits 1."""
    path = tmp_path / "mine.toml"
    path.write_text(RULE)
    r = cli(str(path))
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["no [[test]] blocks in the tested files", f"coverage: 0 of 1 rules fired by a test; no test fires: coach.three ({path}:1)"]


def test_cli_shipped_file_by_path_is_tested_in_place() -> None:
    """Naming a shipped rule file tests it in the shipped layer, not as a duplicate user file."""
    r = cli("rules/injuries.toml")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1] == "coverage: 7 of 7 rules fired by a test"


def test_cli_extra_rules_are_loaded_under_the_tested_file(tmp_path: Path) -> None:
    """--rules adds rule files the tested file's tests can rely on."""
    rules = tmp_path / "extra.toml"
    rules.write_text(RULE)
    tests = tmp_path / "tests.toml"
    tests.write_text(BASE + '[[test]]\nname = "t"\nexpect = { fired = ["coach.three"], values = { sessions_per_week = 3 } }\n')
    r = cli(str(tests), "--rules", str(rules))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == ["1 passed, 0 failed", "coverage: 0 of 0 rules fired by a test"]
