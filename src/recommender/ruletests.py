"""Rule tests: ``[[test]]`` blocks kept in the rule files they test.

A test gives a (partial) profile and what the rules must make of it::

    [test_base]                  # optional: merged under every test's ``given``
    age = 40
    experience = "beginner"
    goal = "general_fitness"
    days = ["mon", "thu"]
    session_minutes = 45

    [[test]]
    name = "a knee injury leaves out loaded knee bends"
    given = { injuries = ["knee"] }
    expect = { fired = ["injury.knee"], excluded = ["knee_loaded_flexion"] }

``expect`` may hold ``fired`` and ``not_fired`` (rule ids), ``values``
(prescription parameters), ``excluded`` (contraindication tags), ``refused``
(true or false) and ``error`` (a piece of the expected profile error, rule
error or refusal message).  A test fails on any error it does not expect, so
a missing profile key is never silently skipped.

``recommend rules test [PATHS]`` runs them and reports coverage: the rules in
the tested files that no test fires.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .errors import ProfileError, RuleError
from .facts import facts_from_profile
from .prescription import PARAMS, Prescription
from .profile import profile_from_dict
from .rules import (
    Rule,
    RuleSet,
    RuleSource,
    _Lines,
    load_rule_sources,
    parse_rule_source,
    read_rule_path,
    shipped_rule_sources,
    shipped_rules_dir,
)
from .values import value_eq, value_hash, value_repr
from .vocabulary import CONTRAINDICATIONS

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["Expect", "Report", "RuleTest", "RuleTestResult", "collect_tests", "run_cli", "run_test", "run_tests"]

_TEST_KEYS = ("name", "given", "expect")
_EXPECT_KEYS = ("fired", "not_fired", "values", "excluded", "refused", "error")


@attrs.frozen
class Expect:
    """What a test expects; empty fields are not checked."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()
    values: Mapping[str, int | bool] = attrs.field(factory=dict)
    excluded: tuple[str, ...] = ()
    refused: bool | None = None
    error: str | None = None


@attrs.frozen
class RuleTest:
    """One ``[[test]]`` block, its ``given`` already merged over ``[test_base]``."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    file: str
    line: int
    name: str
    given: Mapping[str, Any]
    expect: Expect

    def location(self) -> str:
        return f"{self.file}:{self.line}"


@attrs.frozen
class RuleTestResult:
    """The outcome of one test: no failures means it passed."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    test: RuleTest
    failures: tuple[str, ...]
    fired: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self) -> list[str]:
        """One line per failure, each starting with ``file:line``."""
        return [f"{self.test.location()}: test {self.test.name!r}: {f}" for f in self.failures]


@attrs.frozen
class Report:
    """Every test's result and the tested rules that no test fires."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    results: tuple[RuleTestResult, ...]
    tested_rules: tuple[Rule, ...]
    uncovered: tuple[Rule, ...]

    @property
    def passed(self) -> int:
        return sum(r.ok for r in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def ok(self) -> bool:
        """True when every test passed and every tested rule is fired by one."""
        return self.failed == 0 and not self.uncovered and bool(self.results)

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"

    def coverage(self) -> str:
        total = len(self.tested_rules)
        line = f"coverage: {total - len(self.uncovered)} of {total} rules fired by a test"
        if self.uncovered:
            line += "; no test fires: " + ", ".join(f"{r.id} ({r.location()})" for r in self.uncovered)
        return line

    def lines(self) -> list[str]:
        """The failures, the summary and the coverage line."""
        out = [line for r in self.results for line in r.lines()]
        return [*out, self.summary(), self.coverage()]


# -- collecting --------------------------------------------------------------

def _hint(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _base_line(text: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        bare = line.split("#", 1)[0].replace(" ", "")
        if bare == "[test_base]" or bare.startswith("test_base="):
            return n
    return 1


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``; tables (such as ``screening``) merge key by key."""
    out = dict(base)
    for key, value in over.items():
        prev = out.get(key)
        out[key] = _merge(prev, value) if isinstance(prev, dict) and isinstance(value, dict) else value
    return out


def _ids(key: str, value: Any, rules: RuleSet, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: expect.{key}: expected an array of rule ids")
        return ()
    for rid in value:
        # A replaced rule is known: the test is checked, and fails if it wants it to fire.
        if rules.get(rid) is None and rules.replaced_by(rid) is None:
            problems.append(f"{where}: expect.{key}: unknown rule {rid!r}{rules.missing_hint(rid)}")
    return tuple(value)


def _expect(data: Any, rules: RuleSet, label: str, pos: Callable[[str], str], problems: list[str]) -> Expect:
    where = f"{pos('expect')}: {label}"
    if not isinstance(data, dict) or not data:
        problems.append(f"{where}: 'expect' must be a table with at least one of {', '.join(_EXPECT_KEYS)}")
        return Expect()
    for key in data:
        if key not in _EXPECT_KEYS:
            problems.append(f"{pos('expect.' + key)}: {label}: unknown key 'expect.{key}'{_hint(key, _EXPECT_KEYS)}")
    fired = _ids("fired", data.get("fired", []), rules, f"{pos('expect.fired')}: {label}", problems)
    not_fired = _ids("not_fired", data.get("not_fired", []), rules, f"{pos('expect.not_fired')}: {label}", problems)
    for rid in set(fired) & set(not_fired):
        problems.append(f"{pos('expect.not_fired')}: {label}: rule {rid!r} is in both 'fired' and 'not_fired'")
    values: dict[str, int | bool] = {}
    raw_values = data.get("values", {})
    if not isinstance(raw_values, dict):
        problems.append(f"{pos('expect.values')}: {label}: expect.values: expected a table of parameters")
        raw_values = {}
    for name, value in raw_values.items():
        at = f"{pos('expect.values.' + name)}: {label}: expect.values.{name}"
        spec = PARAMS.get(name)
        if spec is None:
            problems.append(f"{at}: unknown parameter{_hint(name, PARAMS)}")
        elif spec.kind == "bool" and type(value) is not bool:
            problems.append(f"{at}: expected true or false, got {value!r}")
        elif spec.kind == "int" and type(value) is not int:
            problems.append(f"{at}: expected an integer, got {type(value).__name__} {value!r}")
        else:
            values[name] = value
    excluded = data.get("excluded", [])
    if not isinstance(excluded, list) or not all(isinstance(t, str) for t in excluded):
        problems.append(f"{pos('expect.excluded')}: {label}: expect.excluded: expected an array of contraindication tags")
        excluded = []
    for tag in excluded:
        if tag not in CONTRAINDICATIONS:
            problems.append(f"{pos('expect.excluded')}: {label}: expect.excluded: unknown contraindication tag {tag!r}{_hint(tag, CONTRAINDICATIONS)}")
    refused = data.get("refused")
    if refused is not None and type(refused) is not bool:
        problems.append(f"{pos('expect.refused')}: {label}: expect.refused: expected true or false, got {refused!r}")
        refused = None
    error = data.get("error")
    if error is not None and (not isinstance(error, str) or not error.strip()):
        problems.append(f"{pos('expect.error')}: {label}: expect.error: expected a non-empty piece of the error message")
        error = None
    return Expect(fired, not_fired, values, tuple(excluded), refused, error)


def _file_tests(src: RuleSource, data: Mapping[str, Any], rules: RuleSet, problems: list[str]) -> list[RuleTest]:
    base = data.get("test_base", {})
    if not isinstance(base, dict):
        problems.append(f"{src.name}:{_base_line(src.text)}: 'test_base' must be a table of profile keys")
        base = {}
    raw = data.get("test", [])
    if not isinstance(raw, list):
        problems.append(f"{src.name}:1: 'test' must be an array of tables ([[test]])")
        return []
    lines = _Lines(src.text, "test")
    out: list[RuleTest] = []
    names: dict[str, int] = {}
    for index, block in enumerate(raw):
        start = lines.rule(index)

        def pos(path: str, index: int = index) -> str:
            return f"{src.name}:{lines.key(index, path)}"

        if not isinstance(block, dict):
            problems.append(f"{src.name}:{start}: test[{index}]: expected a table")
            continue
        name = block.get("name")
        label = f"test {name!r}" if isinstance(name, str) and name.strip() else f"test[{index}]"
        before = len(problems)
        for key in block:
            if key not in _TEST_KEYS:
                problems.append(f"{pos(key)}: {label}: unknown key {key!r}{_hint(key, _TEST_KEYS)}")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{src.name}:{start}: {label}: 'name' is required and must be a non-empty string")
        elif name in names:
            problems.append(f"{src.name}:{start}: {label}: duplicate test name; first used on line {names[name]}")
        else:
            names[name] = start
        given = block.get("given", {})
        if not isinstance(given, dict):
            problems.append(f"{pos('given')}: {label}: 'given' must be a table of profile keys")
            given = {}
        if "expect" not in block and set(block) <= set(_TEST_KEYS):
            # With an unknown key, that key is most likely the misspelt expect.
            problems.append(f"{src.name}:{start}: {label}: 'expect' is required")
        expect = _expect(block.get("expect"), rules, label, pos, problems) if "expect" in block else Expect()
        if len(problems) == before:
            out.append(RuleTest(src.name, start, str(name), _merge(base, given), expect))
    return out


def collect_tests(sources: Iterable[RuleSource], rules: RuleSet) -> tuple[list[RuleTest], list[str]]:
    """The tests in ``sources`` and every problem found in their blocks
    (``file:line: test 'name': message``); rule ids are checked against
    ``rules``."""
    tests, problems, _ = _collect(sources, rules)
    return tests, problems


def _collect(sources: Iterable[RuleSource], rules: RuleSet) -> tuple[list[RuleTest], list[str], set[tuple[str, str]]]:
    """:func:`collect_tests`, and the (file, rule id) of every rule the sources define."""
    tests: list[RuleTest] = []
    problems: list[str] = []
    defined: set[tuple[str, str]] = set()
    for src in sources:
        ignored: list[str] = []  # rule problems are the loader's to report
        parsed, data = parse_rule_source(src, "user", ignored)
        defined.update((src.name, r.id) for r in parsed)
        if not data and ignored:
            problems.extend(ignored)
            continue
        tests.extend(_file_tests(src, data, rules, problems))
    return tests, problems, defined


# -- running -----------------------------------------------------------------

def _error_lines(exc: ProfileError | RuleError) -> list[str]:
    if isinstance(exc, RuleError):
        return list(exc.problems)
    extra = getattr(exc, "problems", ())
    return [exc.line(), *(f"{p.key_path}: {p.message}" for p in extra)]


def _same(a: object, b: object) -> bool:
    # True == 1 in Python; a test expecting 1 must not pass on true.
    return type(a) is type(b) and a == b


def _check(test: RuleTest, rules: RuleSet, facts: Mapping[str, Any], rx: Prescription) -> list[str]:
    exp = test.expect
    out: list[str] = []
    fired = {r.id for r in rx.fired}
    for rid in exp.fired:
        by = rules.replaced_by(rid)
        if by is not None:
            out.append(f"expected rule {rid} to fire; it is replaced by {by.id} ({by.location()})")
        elif rid not in fired:
            out.append(f"expected rule {rid} to fire; it did not: {rules.why(rid, facts)[1]}")
    for rid in exp.not_fired:
        if rid in fired:
            out.append(f"expected rule {rid} not to fire; it fired: {rules.why(rid, facts)[1]}")
    for name, want in exp.values.items():
        pv = rx.values.get(name)
        if pv is None:
            out.append(f"values.{name}: expected {want!r}, but no rule set it")
        elif not _same(pv.value, want):
            ref = pv.decided_by
            out.append(f"values.{name}: expected {want!r}, got {pv.value!r} (decided by {ref.id}, {ref.location()})")
    for tag in exp.excluded:
        if tag not in rx.excluded:
            out.append(f"excluded: expected {tag!r} to be excluded; no fired rule excludes it")
    if exp.refused is True and not rx.refusals:
        out.append("expected a refusal; the rules gave a plan")
    if exp.refused is False and rx.refusals:
        ref, reason = rx.refusals[0]
        out.append(f"expected no refusal; rule {ref.id} refused: {reason}")
    return out


def run_test(test: RuleTest, rules: RuleSet) -> RuleTestResult:
    """Run one test against ``rules``."""
    exp = test.expect
    facts: Mapping[str, Any] | None = None
    try:
        profile = profile_from_dict(test.given, source=test.location())
        facts = facts_from_profile(profile)
        rx = rules.prescribe(facts)
    except (ProfileError, RuleError) as exc:
        fired = tuple(r.id for r in rules.fire(facts)) if facts is not None else ()
        messages = _error_lines(exc)
        if exp.error is None:
            return RuleTestResult(test, (f"unexpected error: {messages[0]}",), fired)
        if not any(exp.error in m for m in messages):
            return RuleTestResult(test, (f"expected an error containing {exp.error!r}, got: {messages[0]}",), fired)
        others = exp.fired or exp.not_fired or exp.values or exp.excluded or exp.refused is not None
        note = ("the other expectations cannot be checked: the rules gave no prescription",) if others else ()
        return RuleTestResult(test, note, fired)
    failures = _check(test, rules, facts, rx)
    if exp.error is not None:
        reasons = [reason for _, reason in rx.refusals]
        if not reasons:
            failures.insert(0, f"expected an error containing {exp.error!r}; the rules gave a plan")
        elif not any(exp.error in r for r in reasons):
            failures.insert(0, f"expected an error containing {exp.error!r}, got the refusal: {reasons[0]}")
    return RuleTestResult(test, tuple(failures), tuple(r.id for r in rx.fired))


def run_tests(engine_or_ruleset: Engine | RuleSet, sources: Sequence[RuleSource]) -> Report:
    """Run the tests in ``sources`` against the engine's (or the given) rules.

    Coverage counts the rules of ``sources`` that are active in the rule set.
    Raises :class:`RuleError` listing every malformed test block.
    """
    rules = engine_or_ruleset if isinstance(engine_or_ruleset, RuleSet) else engine_or_ruleset.rules
    tests, problems, defined = _collect(sources, rules)
    if problems:
        raise RuleError(problems)
    results = tuple(run_test(t, rules) for t in tests)
    # By file and id, not file alone: a house folder named rules/ may hold
    # an effort.toml, which is not the shipped rules/effort.toml.
    tested = tuple(r for r in rules.rules if (r.file, r.id) in defined)
    covered = {rid for res in results for rid in res.fired}
    return Report(results, tested, tuple(r for r in tested if r.id not in covered))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def run_cli(paths: list[str], extra_rules: list[str]) -> int:
    """``recommend rules test [PATHS]``: run the tests in PATHS (default: the
    shipped rules) on top of the shipped rules, with ``--rules`` files added
    to the user layer.  Prints one line per failure, a summary and a coverage
    line; returns 1 when a test fails or a tested rule is fired by no test."""
    shipped = shipped_rule_sources()
    folder = shipped_rules_dir()
    by_file = {Path(s.name).name: s for s in shipped}
    tested: list[RuleSource] = []
    user: list[RuleSource] = []
    if not paths:
        tested = list(shipped)
    read: set[str] = set()  # each file once, however often it is named
    for p in paths:
        for src in read_rule_path(Path(p)):
            real = os.path.realpath(src.name)
            if real in read:
                continue
            read.add(real)
            if _inside(Path(src.name), folder) and Path(src.name).name in by_file:
                # A shipped file named by path: test it where it already loads.
                tested.append(by_file[Path(src.name).name])
            else:
                tested.append(src)
                user.append(src)
    for p in extra_rules:
        for src in read_rule_path(Path(p)):
            real = os.path.realpath(src.name)
            if real not in read:
                read.add(real)
                user.append(src)
    rules = load_rule_sources([("shipped", shipped), ("user", user)])
    report = run_tests(rules, list(dict.fromkeys(tested)))
    if not report.results:
        print("no [[test]] blocks in the tested files")
        print(report.coverage())
        return 1
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
