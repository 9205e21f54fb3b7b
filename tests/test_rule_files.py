"""The [[test]] blocks in the shipped rule files, one pytest item each, and
the promise that every shipped rule is fired by at least one of them."""

from __future__ import annotations

import pytest

from recommender.rules import load_rule_sources, shipped_rule_sources
from recommender.ruletests import RuleTest, collect_tests, run_test, run_tests

SOURCES = shipped_rule_sources()
RULES = load_rule_sources([("shipped", SOURCES)])
TESTS, PROBLEMS = collect_tests(SOURCES, RULES)


def test_shipped_test_blocks_are_well_formed() -> None:
    """Every [[test]] block in the shipped rule files parses without a lint error."""
    assert PROBLEMS == []


@pytest.mark.parametrize("case", TESTS, ids=[f"{t.file.removeprefix('rules/')}:{t.line}" for t in TESTS])
def test_shipped_rule_test(case: RuleTest) -> None:
    """One shipped [[test]] block gives what it expects."""
    result = run_test(case, RULES)
    assert result.failures == (), "\n".join(result.lines())


def test_every_shipped_rule_is_fired_by_a_test() -> None:
    """Coverage is complete: no shipped rule goes untested."""
    report = run_tests(RULES, SOURCES)
    assert [f"{r.id} ({r.location()})" for r in report.uncovered] == []
    assert report.failed == 0


def test_every_conditional_shipped_rule_is_shown_not_to_fire() -> None:
    """Every shipped rule with a 'when' is named in some test's not_fired, so its condition is tested both ways."""
    shown = {rid for t in TESTS for rid in t.expect.not_fired}
    assert [r.id for r in RULES.rules if r.when is not None and r.id not in shown] == []


def test_shipped_refusals_are_tested() -> None:
    """Every shipped rule that refuses a plan is tested with an expected refusal."""
    refusing = {r.id for r in RULES.rules if r.refuse}
    tested = {rid for t in TESTS if t.expect.refused or t.expect.error for rid in t.expect.fired}
    assert refusing and refusing <= tested
