"""A rule-file hook that gives the TOML as bytes (read_bytes instead of read_text)."""

from __future__ import annotations

from recommender import RuleSource, hookimpl


@hookimpl
def recommender_rule_files() -> tuple[RuleSource, ...]:
    text = b'[[rule]]\nid = "test.bytes-rules"\nbecause = "A test rule."\nsource = "test"\nset = { warmup_minutes = 7 }\n'
    return (RuleSource("bytes-rules.toml", text),)  # type: ignore[arg-type]
