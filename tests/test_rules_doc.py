"""docs/rules.md stays true to the code: its fact and parameter tables match
the schema, and its rule examples load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recommender.facts import FACTS
from recommender.prescription import PARAMS
from recommender.rules import RuleSource, load_rule_sources, shipped_rule_sources

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
TEXT = DOC.read_text(encoding="utf-8")


def fact_table() -> str:
    """The fact table as docs/rules.md should show it."""
    kinds = {"int": "integer", "bool": "true/false", "enum": "one of", "set": "set of"}
    rows = ["| fact | type | values or bounds | meaning |", "|---|---|---|---|"]
    for f in FACTS.values():
        if f.kind == "int":
            shown = f"{f.min} to {f.max}"
        elif f.kind == "bool":
            shown = "true, false"
        else:
            shown = ", ".join(f"`{v}`" for v in f.values)
        rows.append(f"| `{f.name}` | {kinds[f.kind]} | {shown} | {f.doc} |")
    return "\n".join(rows)


def param_table() -> str:
    """The parameter table as docs/rules.md should show it."""
    rows = ["| parameter | type | range | meaning |", "|---|---|---|---|"]
    for p in PARAMS.values():
        shown = f"{p.min} to {p.max} {p.unit}".strip() if p.kind == "int" else "true, false"
        rows.append(f"| `{p.name}` | {'integer' if p.kind == 'int' else 'true/false'} | {shown} | {p.doc} |")
    return "\n".join(rows)


def test_doc_mentions_every_fact_and_parameter() -> None:
    """Every fact and every prescription parameter is named in docs/rules.md."""
    missing = [n for n in [*FACTS, *PARAMS] if f"`{n}`" not in TEXT]
    assert missing == []


@pytest.mark.parametrize("table", [fact_table, param_table], ids=["facts", "parameters"])
def test_doc_tables_match_the_code(table: object) -> None:
    """The generated fact and parameter tables in docs/rules.md are up to date (the message shows the current table)."""
    assert callable(table)
    expected = table()
    assert expected in TEXT, f"update docs/rules.md with:\n{expected}"


def rule_examples() -> list[str]:
    return [block for block in re.findall(r"```toml\n(.*?)```", TEXT, flags=re.S) if "[[rule]]" in block]


@pytest.mark.parametrize("example", rule_examples(), ids=lambda text: re.search(r'id = "([^"]+)"', text).group(1))  # type: ignore[union-attr]
def test_doc_rule_examples_load_over_the_shipped_rules(example: str) -> None:
    """Each complete rule example in docs/rules.md loads as a user file on top of the shipped rules."""
    rules = load_rule_sources([("shipped", shipped_rule_sources()), ("user", [RuleSource("example.toml", example)])])
    assert any(r.layer == "user" for r in rules.rules)


def test_doc_documents_every_operator_and_rule_key() -> None:
    """The operator table and the rule key table cover the whole language."""
    from recommender.conditions import OPERATORS
    from recommender.rules import RULE_KEYS

    assert [op for op in OPERATORS if f"`{op}`" not in TEXT] == []
    assert [key for key in RULE_KEYS if f"| `{key}` |" not in TEXT] == []
