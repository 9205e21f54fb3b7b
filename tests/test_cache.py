"""The parse cache of the shipped rules only ever saves time: a stale,
corrupt or unwritable cache changes nothing a user can see."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender import Engine, RuleError, RuleSource, load_profile
from recommender.rules import load_rule_sources, shipped_rule_sources

ROOT = Path(__file__).resolve().parent.parent


def _summary(engine: Engine) -> list[tuple[object, ...]]:
    return [(r.id, r.file, r.line, dict(r.set), dict(r.cap), dict(r.floor), r.exclude, r.notice, r.refuse) for r in engine.rules.rules]


@pytest.fixture(name="cache")
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(folder))
    monkeypatch.delenv("RECOMMENDER_NO_CACHE", raising=False)
    return folder


def test_cached_rules_equal_parsed_rules(cache: Path) -> None:
    """The second engine, reading the shipped rules from the cache, has exactly the rules and plan of the first."""
    first = Engine(plugins=False)
    assert sorted(p.name for p in cache.iterdir()) == sorted(f"rules-{Path(s.name).name}.marshal" for s in shipped_rule_sources())
    second = Engine(plugins=False)
    assert _summary(first) == _summary(second)
    profile = load_profile(ROOT / "examples" / "me.toml")
    assert first.render(first.recommend(profile), "json") == second.render(second.recommend(profile), "json")


def test_corrupt_entries_are_ignored_and_replaced(cache: Path) -> None:
    """Garbage or truncated cache files are ignored: the rules are parsed again and the entry rewritten."""
    reference = _summary(Engine(plugins=False))
    entries = sorted(cache.iterdir())
    for i, entry in enumerate(entries):
        entry.write_bytes(b"not marshal data" if i % 2 else entry.read_bytes()[: len(entry.read_bytes()) // 2])
    assert _summary(Engine(plugins=False)) == reference
    assert _summary(Engine(plugins=False)) == reference


def test_an_entry_for_other_text_is_not_used(cache: Path) -> None:
    """An entry made from different text (an edited rule file) is never used for the new text."""
    source = RuleSource("rules/volume.toml", '[[rule]]\nid = "x.one"\nbecause = "b"\nsource = "s"\nset = { warmup_minutes = 5 }\n')
    edited = RuleSource("rules/volume.toml", source.text.replace("warmup_minutes = 5", "warmup_minutes = 7"))
    assert load_rule_sources([("shipped", [source])]).rules[0].set == {"warmup_minutes": 5}
    assert load_rule_sources([("shipped", [edited])]).rules[0].set == {"warmup_minutes": 7}


def test_bad_text_is_never_cached(cache: Path) -> None:
    """A rule file that fails to parse is reported every time and leaves no entry."""
    bad = RuleSource("rules/bad.toml", "[[rule]\nid = 1\n")
    for _ in range(2):
        with pytest.raises(RuleError, match="invalid TOML"):
            load_rule_sources([("shipped", [bad])])
    assert not (cache / "rules-bad.toml.marshal").exists()


def test_only_shipped_rules_are_cached(cache: Path, tmp_path: Path) -> None:
    """User rule files are parsed every time and never written to the cache."""
    mine = tmp_path / "mine.toml"
    mine.write_text('[[rule]]\nid = "mine.warm-up"\nbecause = "b"\nsource = "s"\nfloor = { warmup_minutes = 10 }\n', encoding="utf-8")
    Engine(plugins=False, rules=[mine])
    assert not any("mine" in p.name for p in cache.iterdir())


def test_switched_off_writes_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RECOMMENDER_NO_CACHE=1 turns the cache off."""
    monkeypatch.setenv("RECOMMENDER_NO_CACHE", "1")
    Engine(plugins=False)
    assert not cache.exists()


def test_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be created costs only the time it would have saved."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("RECOMMENDER_NO_CACHE", raising=False)
    assert len(Engine(plugins=False).rules) == len(Engine(plugins=False, shipped_rules=True).rules) > 0
