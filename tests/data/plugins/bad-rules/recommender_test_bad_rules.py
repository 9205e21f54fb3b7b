"""Ships a rule file that does not load."""

from __future__ import annotations

from recommender import RuleSource, hookimpl

RULES = RuleSource("bad-rules.toml", """
[[rule]]
id = "test.bad-rules"
because = "A typo in the effect table."
source = "test"
sett = { sets_per_exercise = 2 }
""")


@hookimpl
def recommender_rule_files() -> tuple[RuleSource, ...]:
    return (RULES,)
