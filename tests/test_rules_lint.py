"""Load-time lint of rule files: every mistake is reported at once, each as
one line with its file:line and the exact message below."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.errors import RuleError
from recommender.rules import RuleSource, load_rule_sources, read_rule_path, shipped_rule_sources

ROOT = Path(__file__).resolve().parent.parent
R = 'because = "b"\nsource = "s"\n'

#: A safety rule in a lower layer, for the replacement tests.
BASE = f"""[[rule]]
id = "base.safe"
safety = true
when = {{ fact = "age", gte = 60 }}
set = {{ exercise_order = true }}
cap = {{ sets_per_exercise = 3, session_minutes = {{ fact = "session_minutes" }} }}
floor = {{ rir = 2 }}
exclude = ["high_impact", "head_down"]
notice = "careful"
notice_level = "warning"
refuse = "no"
{R}"""
SAME = """safety = true
when = { fact = "age", gte = 60 }
set = { exercise_order = true }
cap = { sets_per_exercise = 3, session_minutes = { fact = "session_minutes" } }
floor = { rir = 2 }
exclude = ["high_impact", "head_down"]
notice = "careful"
notice_level = "warning"
refuse = "no"
"""


def problems(text: str, *, below: str | None = None, below_layer: str = "shipped", layer: str = "user") -> list[str]:
    """Every problem found when ``text`` (named mine.toml) loads over ``below``."""
    layers = [(below_layer, [RuleSource("base.toml", below)])] if below is not None else []
    with pytest.raises(RuleError) as info:
        load_rule_sources([*layers, (layer, [RuleSource("mine.toml", text)])])
    return list(info.value.problems)


def rule(body: str, rid: str = "mine.a") -> str:
    return f'[[rule]]\nid = "{rid}"\n{body}\n{R}'


def test_duplicate_id_in_one_file() -> None:
    """Two rules with one id in a file: the second is reported with where the first is."""
    text = rule('notice = "n"') + "\n" + rule('notice = "m"')
    assert problems(text) == ["mine.toml:7: rule 'mine.a': duplicate id; first defined at mine.toml:1"]


def test_duplicate_id_across_files_of_one_layer() -> None:
    """Two files of one layer defining one id are a duplicate, named with both places."""
    with pytest.raises(RuleError) as info:
        load_rule_sources([("user", [RuleSource("one.toml", rule('notice = "n"')), RuleSource("two.toml", "\n" + rule('notice = "n"'))])])
    assert info.value.problems == ("two.toml:2: rule 'mine.a': duplicate id; first defined at one.toml:1",)


def test_same_id_in_a_later_layer_needs_replaces() -> None:
    """Reusing a lower layer's id without `replaces` is an error that says how to override."""
    assert problems(rule('notice = "mine"', rid="base.a"), below=rule('notice = "n"', rid="base.a")) == [
        "mine.toml:1: rule 'base.a': id already defined at base.toml:1 (shipped layer); to change it, give the new rule another id and set replaces = 'base.a'"
    ]


def test_a_copy_of_a_shipped_file_is_one_line_naming_it() -> None:
    """A user file identical to a shipped one (``--rules rules`` in a
    checkout) is one problem saying it is a copy, not one per id it redefines."""
    base = rule('notice = "n"', rid="base.a") + "\n" + rule('notice = "m"', rid="base.b")
    assert problems(base, below=base) == [
        "mine.toml: is a copy of the shipped rule file base.toml, which is always loaded; "
        "give only rules of your own (a changed rule needs a new id and replaces = its old id)"
    ]
    # A changed copy is read as rules, and its reused ids are named.
    changed = problems(base.replace('"m"', '"changed"'), below=base)
    assert len(changed) == 2 and all("id already defined at base.toml" in p for p in changed)


def test_unknown_fact_suggests_the_closest() -> None:
    """A misspelt fact is a load error with a did-you-mean, not a rule that silently never fires."""
    assert problems(rule('when = { fact = "agee", gte = 65 }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.fact: unknown fact 'agee'; did you mean 'age'?"
    ]


def test_fact_names_are_never_looked_up_as_attributes() -> None:
    """A fact name such as __class__ is just an unknown fact: no attribute lookup by user-supplied names."""
    assert problems(rule('when = { fact = "__class__", eq = "x" }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.fact: unknown fact '__class__'"
    ]


def test_unknown_enum_value_lists_the_allowed_values() -> None:
    """An enum value outside the schema is an error listing the allowed values."""
    assert problems(rule('when = { fact = "experience", eq = "expert" }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.eq: unknown value 'expert' for fact 'experience'; expected one of beginner, intermediate, advanced"
    ]


def test_unknown_set_member_inside_a_list() -> None:
    """A wrong member of a list operand is reported at the line of its item."""
    text = rule(
        'when = { any = [\n  { fact = "age", gte = 65 },\n  { fact = "conditions", contains_any = ["hypertension", "pregnant"] },\n] }\nnotice = "n"'
    )
    assert problems(text) == [
        "mine.toml:5: rule 'mine.a': when.any[1].contains_any: unknown value 'pregnant' for fact 'conditions'; "
        "expected one of hypertension, pregnancy, osteoporosis, heart_disease"
    ]


def test_type_mismatch_is_a_load_error() -> None:
    """`age >= "old"` is rejected at load: the fact is an integer."""
    assert problems(rule('when = { fact = "age", gte = "old" }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.gte: fact 'age' is int: expected an integer, got str 'old'"
    ]


def test_bool_fact_compared_with_a_number() -> None:
    """A yes/no fact compared with 1 is a type mismatch, not a truthy match."""
    assert problems(rule('when = { fact = "screening.dizziness", eq = 1 }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.eq: fact 'screening.dizziness' is bool: expected true or false, got int 1"
    ]


@pytest.mark.parametrize(
    ("combinator", "message"),
    [("all", "empty 'all'; it would always match"), ("any", "empty 'any'; it would never match")],
)
def test_empty_all_and_any(combinator: str, message: str) -> None:
    """An empty `all` or `any` is an error saying what it would do."""
    assert problems(rule(f'when = {{ {combinator} = [] }}\nnotice = "n"')) == [f"mine.toml:3: rule 'mine.a': when.{combinator}: {message}"]


def test_unknown_operator() -> None:
    """An operator outside the closed set is named, with the set."""
    assert problems(rule('when = { fact = "age", greater = 65 }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.greater: unknown operator 'greater'; "
        "expected one of eq, ne, lt, lte, gt, gte, in, not_in, contains, contains_any, contains_all, empty"
    ]


def test_operator_that_does_not_fit_the_fact() -> None:
    """Ordering operators do not apply to enum facts."""
    assert problems(rule('when = { fact = "goal", gte = "strength" }\nnotice = "n"')) == [
        "mine.toml:3: rule 'mine.a': when.gte: operator 'gte' does not apply to enum fact 'goal'"
    ]


def test_cap_below_floor_within_a_rule() -> None:
    """A rule whose cap is below its own floor is contradictory."""
    assert problems(rule("cap = { rir = 1 }\nfloor = { rir = 3 }")) == ["mine.toml:3: rule 'mine.a': contradictory: cap rir = 1 is below floor 3"]


def test_cap_below_floor_across_rules() -> None:
    """A cap below another rule's floor, when both can fire together, names both rules."""
    text = rule('when = { fact = "age", gte = 50 }\ncap = { warmup_minutes = 4 }') + "\n" + rule("floor = { warmup_minutes = 10 }", rid="mine.b")
    assert problems(text) == [
        "mine.toml:1: rule 'mine.a': contradictory: cap warmup_minutes = 4 is below floor 10 from rule 'mine.b' (mine.toml:8)"
    ]


def test_cap_below_floor_is_fine_when_the_rules_never_fire_together() -> None:
    """A low cap and a high floor whose conditions exclude each other load cleanly."""
    text = rule('when = { fact = "age", gte = 50 }\ncap = { warmup_minutes = 4 }') + "\n" + rule(
        'when = { fact = "age", lt = 50 }\nfloor = { warmup_minutes = 10 }', rid="mine.b"
    )
    assert len(load_rule_sources([("user", [RuleSource("mine.toml", text)])])) == 2


def test_two_sets_in_one_layer_conflict() -> None:
    """Two rules of one layer that can fire together and set different values are an error naming both."""
    text = rule("set = { rir = 2 }") + "\n" + rule('when = { fact = "age", gte = 30 }\nset = { rir = 3 }', rid="mine.b")
    assert problems(text) == ["mine.toml:7: rule 'mine.b': sets rir = 3 but rule 'mine.a' (mine.toml:1) sets 2 in the same layer"]


def test_replaces_an_id_that_does_not_exist() -> None:
    """`replaces` must name a rule of an earlier layer; a near miss is suggested."""
    assert problems(rule('replaces = "base.saf"\nnotice = "n"'), below=BASE) == [
        "mine.toml:1: rule 'mine.a': replaces 'base.saf', which no earlier layer defines; did you mean 'base.safe'?"
    ]


LOOSENINGS = [
    ('when = { fact = "age", gte = 60 }', 'when = { fact = "age", gte = 70 }', "changes its 'when' (a safety rule must keep firing when it did)"),
    ("sets_per_exercise = 3, ", "sets_per_exercise = 4, ", "raises cap sets_per_exercise from 3 to 4"),
    ("sets_per_exercise = 3, ", "", "drops cap sets_per_exercise = 3"),
    ('session_minutes = { fact = "session_minutes" }', "session_minutes = 60", "raises cap session_minutes from the fact session_minutes to 60"),
    ("floor = { rir = 2 }", "floor = { rir = 1 }", "lowers floor rir from 2 to 1"),
    ("floor = { rir = 2 }", "", "drops floor rir = 2"),
    ("set = { exercise_order = true }", "set = { exercise_order = false }", "changes set exercise_order from true to false"),
    ("set = { exercise_order = true }", "", "drops set exercise_order = true"),
    ('exclude = ["high_impact", "head_down"]', 'exclude = ["high_impact"]', "stops excluding head_down"),
    ('refuse = "no"', "", "drops its refusal"),
    ('notice = "careful"\nnotice_level = "warning"', "", "drops its notice"),
    ('notice_level = "warning"', 'notice_level = "info"', "lowers its notice from warning to info"),
    ('notice_level = "warning"', "", "lowers its notice from warning to info"),
    ("safety = true", "safety = false", "is not marked safety = true"),
]


@pytest.mark.parametrize(("old", "new", "how"), LOOSENINGS, ids=[h for _, _, h in LOOSENINGS])
def test_user_layer_cannot_loosen_a_safety_rule(old: str, new: str, how: str) -> None:
    """Each way of loosening a safety rule through `replaces` is an error saying how."""
    text = rule('replaces = "base.safe"\n' + SAME.replace(old, new, 1))
    assert problems(text, below=BASE) == [f"mine.toml:1: rule 'mine.a': would loosen safety rule 'base.safe' (base.toml:1): {how}"]


def test_plugin_layer_cannot_loosen_a_safety_rule_either() -> None:
    """The plugin layer is held to the same rule as the user layer."""
    text = rule('replaces = "base.safe"\n' + SAME.replace("floor = { rir = 2 }", "floor = { rir = 1 }"))
    assert problems(text, below=BASE, layer="plugin") == [
        "mine.toml:1: rule 'mine.a': would loosen safety rule 'base.safe' (base.toml:1): lowers floor rir from 2 to 1"
    ]


def test_a_shipped_safety_rule_cannot_be_loosened() -> None:
    """Replacing the shipped never-to-failure rule with a lower floor is refused, naming its file:line."""
    shipped = load_rule_sources([("shipped", shipped_rule_sources())]).get("effort.never-to-failure")
    assert shipped is not None
    text = rule('replaces = "effort.never-to-failure"\nsafety = true\nfloor = { rir = 0 }')
    with pytest.raises(RuleError) as info:
        load_rule_sources([("shipped", shipped_rule_sources()), ("user", [RuleSource("mine.toml", text)])])
    assert info.value.problems == (
        f"mine.toml:1: rule 'mine.a': would loosen safety rule 'effort.never-to-failure' ({shipped.location()}): lowers floor rir from 1 to 0",
    )


def test_tightening_a_safety_rule_is_allowed() -> None:
    """A replacement that fires more often, caps lower and excludes more loads, and the old rule is gone."""
    tighter = SAME.replace('when = { fact = "age", gte = 60 }\n', "").replace("sets_per_exercise = 3", "sets_per_exercise = 2")
    tighter = tighter.replace('"head_down"]', '"head_down", "supine"]')
    rules = load_rule_sources([("shipped", [RuleSource("base.toml", BASE)]), ("user", [RuleSource("mine.toml", rule('replaces = "base.safe"\n' + tighter))])])
    assert [r.id for r in rules.rules] == ["mine.a"]
    new = rules.get("mine.a")
    assert new is not None and new.when is None and new.cap["sets_per_exercise"] == 2


def test_higher_layer_set_cannot_override_a_safety_set() -> None:
    """A later layer's `set` over a safety rule's `set` is refused: safety values are tightened with cap or floor."""
    text = rule('when = { fact = "age", gte = 70 }\nset = { exercise_order = false }')
    assert problems(text, below=BASE, layer="plugin") == [
        "mine.toml:1: rule 'mine.a': would loosen safety rule 'base.safe' (base.toml:1): "
        "sets exercise_order = false over its true; tighten a safety value with cap or floor"
    ]


@pytest.mark.parametrize(
    "when",
    ['{ fact = "age", lt = 18 }', '{ all = [ { fact = "age", lt = 30 }, { fact = "age", gt = 40 } ] }',
     '{ all = [ { fact = "goal", eq = "strength" }, { not = { fact = "goal", in = ["strength", "fat_loss"] } } ] }',
     '{ fact = "equipment", empty = true }', '{ not = { fact = "equipment", contains = "bodyweight" } }',
     '{ fact = "days", empty = true }', '{ not = { fact = "days", empty = false } }'],
    ids=["outside-bounds", "contradictory-range", "contradictory-not", "no-equipment", "no-bodyweight", "no-days", "not-some-days"],
)
def test_rule_that_can_never_fire(when: str) -> None:
    """A condition no valid profile meets is an error, not dead weight."""
    assert problems(rule(f'when = {when}\nnotice = "n"')) == ["mine.toml:3: rule 'mine.a': can never fire: no valid profile meets its 'when'"]


def test_unknown_parameter_suggests_the_closest() -> None:
    """A misspelt prescription parameter is named with a did-you-mean, and nothing else is reported."""
    assert problems(rule("set = { sessions_per_wek = 3 }")) == [
        "mine.toml:3: rule 'mine.a': set.sessions_per_wek: unknown parameter; did you mean 'sessions_per_week'?"
    ]


def test_parameter_out_of_bounds() -> None:
    """A value outside the parameter's range names the range and unit."""
    assert problems(rule("cap = { rir = 9 }")) == ["mine.toml:3: rule 'mine.a': cap.rir: expected 0 to 6 reps, got 9"]


def test_true_false_parameter_in_a_cap() -> None:
    """A true/false parameter can only be set, not capped."""
    assert problems(rule("cap = { exercise_order = true }")) == [
        "mine.toml:3: rule 'mine.a': cap.exercise_order: 'exercise_order' is true/false; only 'set' applies"
    ]


def test_unknown_contraindication_tag() -> None:
    """An exclusion tag outside the vocabulary is named with a did-you-mean."""
    assert problems(rule('exclude = ["shoulder_overhed"]')) == [
        "mine.toml:3: rule 'mine.a': unknown contraindication tag 'shoulder_overhed'; did you mean 'shoulder_overhead'?"
    ]


def test_unknown_key_in_a_rule_suggests_the_closest() -> None:
    """A misspelt rule key is reported at its own line with a did-you-mean."""
    assert problems(rule('notice = "n"\nbecuase = "x"')) == ["mine.toml:4: rule 'mine.a': unknown key 'becuase'; did you mean 'because'?"]


def test_unknown_top_level_key() -> None:
    """A misspelt [[rule]] header is caught rather than loading nothing."""
    assert problems('[[rules]]\nid = "a"\n') == ["mine.toml:1: unknown top-level key 'rules'; did you mean 'rule'?"]


def test_required_fields_and_id_shape() -> None:
    """A rule without because and source, and with a malformed id, gets one line per problem."""
    assert problems('[[rule]]\nid = "My Rule"\ncap = { rir = 3 }\n') == [
        "mine.toml:1: rule 'My Rule': 'id' must be a lower-case slug like 'rest.48-hours'",
        "mine.toml:1: rule 'My Rule': 'because' is required and must be a non-empty string",
        "mine.toml:1: rule 'My Rule': 'source' is required and must be a non-empty string",
    ]


def test_rule_without_effect() -> None:
    """A rule that changes nothing is an error."""
    assert problems(rule("")) == ["mine.toml:1: rule 'mine.a': has no effect (set, cap, floor, exclude, notice or refuse)"]


def test_invalid_toml_names_line_and_column() -> None:
    """A TOML syntax error is one line with the position."""
    assert problems('[[rule]]\nid = "a"\nwhen = { fact = "age" gte = 65 }\n') == ["mine.toml: invalid TOML: unclosed inline table (at line 3, column 23)"]


def test_file_larger_than_one_megabyte_is_refused() -> None:
    """Rule text over 1 MB is refused before parsing."""
    assert problems("# " + "x" * 1_000_001) == ["mine.toml: file is larger than 1,000,000 bytes"]


def test_large_file_on_disk_is_refused_cleanly(tmp_path: Path) -> None:
    """A 1 MB rule file on disk is refused by the reader and by the CLI: exit 2, one line, no traceback."""
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 1_000_001)
    with pytest.raises(RuleError) as info:
        read_rule_path(big)
    assert info.value.problems == (f"{big}: file is larger than 1,000,000 bytes",)
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    r = subprocess.run([sys.executable, "-m", "recommender", "--profile", "examples/me.toml", "--rules", str(big)],
                       capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"recommend: error: {big}: file is larger than 1,000,000 bytes\n")


def test_deeply_nested_file_is_refused() -> None:
    """Arrays nested 40 deep are refused before the parser recurses."""
    assert problems("x = " + "[" * 40 + "]" * 40 + "\n") == ["mine.toml: nested deeper than 32 levels"]


def test_deeply_nested_condition_is_refused() -> None:
    """A condition nested beyond 16 levels is refused at its line."""
    when = "{ not = " * 20 + '{ fact = "age", gte = 65 }' + " }" * 20
    (only,) = problems(rule(f'notice = "n"\nwhen = {when}'))
    assert only.startswith("mine.toml:4: rule 'mine.a': when.not.not.")
    assert only.endswith(": conditions nested deeper than 16 levels")


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    """One load reports every mistake in the file, in order, each at its own line."""
    text = (
        rule('when = { fact = "agee", gte = 65 }\nnotice = "n"')  # lines 1-6
        + "\n"
        + rule('exclude = ["shoulder_overhed"]\nbecuase = "x"', rid="mine.b")  # lines 8-13
        + "\n"
        + rule("set = { rir = 9 }", rid="mine.a")  # lines 15-19
    )
    assert problems(text) == [
        "mine.toml:3: rule 'mine.a': when.fact: unknown fact 'agee'; did you mean 'age'?",
        "mine.toml:11: rule 'mine.b': unknown key 'becuase'; did you mean 'because'?",
        "mine.toml:10: rule 'mine.b': unknown contraindication tag 'shoulder_overhed'; did you mean 'shoulder_overhead'?",
        "mine.toml:17: rule 'mine.a': set.rir: expected 0 to 6 reps, got 9",
    ]


def test_problems_in_several_files_are_reported_together() -> None:
    """Mistakes in two files of one load are all reported, each with its own file name."""
    with pytest.raises(RuleError) as info:
        load_rule_sources([("user", [RuleSource("one.toml", rule('exclude = ["kne"]')), RuleSource("two.toml", rule("cap = { rirr = 2 }"))])])
    assert info.value.problems == (
        "one.toml:3: rule 'mine.a': unknown contraindication tag 'kne'",
        "two.toml:3: rule 'mine.a': cap.rirr: unknown parameter; did you mean 'rir'?",
    )


def test_positions_follow_sub_tables() -> None:
    """Rules written with [rule.when] sub-tables report the line inside the sub-table."""
    text = f'[[rule]]\nid = "mine.a"\nnotice = "n"\n{R}[rule.when]\nall = [\n  {{ fact = "age", gte = 65 }},\n  {{ fact = "goal", eq = "fatloss" }},\n]\n'
    assert problems(text) == [
        "mine.toml:9: rule 'mine.a': when.all[1].eq: unknown value 'fatloss' for fact 'goal'; expected one of fat_loss, strength, general_fitness"
    ]


def test_positions_follow_arrays_of_sub_tables() -> None:
    """Items written as [[rule.when.all]] tables are told apart: the line is inside the item with the mistake."""
    text = (
        f'[[rule]]\nid = "mine.a"\nnotice = "n"\n{R}'
        '[[rule.when.all]]\nfact = "age"\ngte = 65\n[[rule.when.all]]\nfact = "goal"\ngte = 65\n'
    )
    assert problems(text) == ["mine.toml:11: rule 'mine.a': when.all[1].gte: operator 'gte' does not apply to enum fact 'goal'"]


def test_unknown_top_level_keys_are_named_at_their_line_and_a_profile_in_one_line() -> None:
    """Each unknown top-level key is reported at its own line; a profile given as a rule file is one line saying so."""
    assert problems("# notes\n\nfoo = 1\n[bar]\nx = 1\n") == [
        "mine.toml:3: unknown top-level key 'foo'; expected [[rule]] or [[test]] tables, or a [test_base] table",
        "mine.toml:4: unknown top-level key 'bar'; expected [[rule]] or [[test]] tables, or a [test_base] table",
    ]
    profile = 'age = 40\nexperience = "beginner"\ngoal = "strength"\ndays = ["mon"]\nsession_minutes = 45\n'
    assert problems(profile) == ["mine.toml: is a profile, not a rule file (give it with --profile; --rules takes rule files)"]


def test_effect_fact_that_is_not_a_name() -> None:
    """An effect's fact given as an array or a table is a lint error, not a crash."""
    assert problems(rule('cap = { session_minutes = { fact = ["session_minutes"] } }')) == [
        "mine.toml:3: rule 'mine.a': cap.session_minutes: expected an integer fact for 'session_minutes', got ['session_minutes']"
    ]


def test_effect_fact_outside_the_parameter_range() -> None:
    """A fact whose values can fall outside the parameter's range is refused: 45 sessions a week, or a
    42-minute warm-up, would otherwise reach the planner."""
    assert problems(rule('set = { warmup_minutes = { fact = "age" } }\ncap = { sessions_per_week = { fact = "session_minutes" } }')) == [
        "mine.toml:3: rule 'mine.a': set.warmup_minutes: fact 'age' is 18 to 100; expected a fact within 0 to 30 minutes",
        "mine.toml:4: rule 'mine.a': cap.sessions_per_week: fact 'session_minutes' is 15 to 180; expected a fact within 1 to 7 sessions",
    ]


def test_effect_fact_within_the_parameter_range_when_the_rule_fires_loads() -> None:
    """A fact the rule's own condition narrows into the parameter's range loads (weeks 4 to 12, for a deload every
    2 to 12 weeks); one still outside it is refused with the range the condition leaves."""
    fits = rule('when = { all = [ { fact = "weeks", gte = 4 }, { fact = "weeks", lte = 12 } ] }\ncap = { deload_every_weeks = { fact = "weeks" } }')
    assert load_rule_sources([("user", [RuleSource("mine.toml", fits)])]).get("mine.a") is not None
    assert problems(rule('when = { fact = "weeks", gte = 4 }\ncap = { deload_every_weeks = { fact = "weeks" } }')) == [
        "mine.toml:4: rule 'mine.a': cap.deload_every_weeks: fact 'weeks' is 4 to 52 when the rule fires; expected a fact within 2 to 12 weeks"
    ]


def test_effect_fact_within_the_parameter_range_loads() -> None:
    """A fact that always fits the parameter, as the shipped session-length cap uses, loads."""
    text = rule('cap = { session_minutes = { fact = "session_minutes" }, sessions_per_week = { fact = "days_available" } }')
    rules = load_rule_sources([("user", [RuleSource("mine.toml", text)])])
    assert rules.get("mine.a") is not None



@pytest.mark.parametrize(("old", "line"), [('notice = "careful"', 10), ('refuse = "no"', 12)], ids=["notice", "refuse"])
def test_blank_notice_or_refusal_is_refused(old: str, line: int) -> None:
    """A notice or refusal of only spaces shows the person nothing; as a replacement it would empty a safety notice."""
    key = old.split()[0]
    text = rule('replaces = "base.safe"\n' + SAME.replace(old, f'{key} = "  "'))
    assert problems(text, below=BASE) == [f"mine.toml:{line}: rule 'mine.a': '{key}' must be a non-empty string"]


def test_notice_level_without_a_notice_is_refused() -> None:
    """A level with no notice to show is a notice left out by mistake: named, not ignored."""
    assert problems(rule('cap = { rir = 3 }\nnotice_level = "critical"')) == [
        "mine.toml:4: rule 'mine.a': 'notice_level' is set but the rule has no 'notice' to show at that level"
    ]
