"""The parse cache of the shipped rules only ever saves time: a stale,
corrupt or unwritable cache changes nothing a user can see."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recommender import Engine, RuleError, RuleSource, load_profile
from recommender.rules import load_rule_sources

ROOT = Path(__file__).resolve().parent.parent


def _summary(engine: Engine) -> list[tuple[object, ...]]:
    return [(r.id, r.file, r.line, dict(r.set), dict(r.cap), dict(r.floor), r.exclude, r.notice, r.refuse) for r in engine.rules.rules]


def test_cached_rules_equal_parsed_rules(cache: Path) -> None:
    """The second engine, reading the shipped rules from the cache, has exactly the rules and plan of the first."""
    first = Engine(plugins=False)
    assert [p.name for p in cache.iterdir()] == ["rules-layer-shipped.marshal"]
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
    assert not cache.exists() or not any(cache.iterdir())


def _rule(rule_id: str, body: str) -> str:
    return f'[[rule]]\nid = "{rule_id}"\nbecause = "b"\nsource = "s"\n{body}\n'


def test_files_that_conflict_together_are_never_cached(cache: Path) -> None:
    """Two files that each pass but contradict each other are refused every time, even after one of them was cached alone."""
    low = RuleSource("rules/low.toml", _rule("x.low", "cap = { sets_per_exercise = 3 }"))
    high = RuleSource("rules/high.toml", _rule("x.high", "floor = { sets_per_exercise = 4 }"))
    load_rule_sources([("shipped", [low])])
    for _ in range(2):
        with pytest.raises(RuleError, match="contradictory: cap sets_per_exercise = 3 is below floor 4"):
            load_rule_sources([("shipped", [low, high])])


def test_a_removed_file_is_not_read_from_the_cache(cache: Path) -> None:
    """After a shipped file goes away, its rules go with it, though the cache still held them."""
    one = RuleSource("rules/one.toml", _rule("x.one", "set = { warmup_minutes = 5 }"))
    two = RuleSource("rules/two.toml", _rule("x.two", "floor = { rest_seconds = 90 }"))
    assert [r.id for r in load_rule_sources([("shipped", [one, two])]).rules] == ["x.one", "x.two"]
    assert [r.id for r in load_rule_sources([("shipped", [one, two])]).rules] == ["x.one", "x.two"]
    assert [r.id for r in load_rule_sources([("shipped", [one])]).rules] == ["x.one"]


def test_user_rules_are_checked_against_cached_shipped_rules(cache: Path, tmp_path: Path) -> None:
    """With the shipped rules read from the cache, a user rule that contradicts one of them is still refused."""
    Engine(plugins=False)
    mine = tmp_path / "mine.toml"
    mine.write_text(_rule("mine.rest", "cap = { min_rest_hours = 24 }"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"mine\.rest.*contradictory: cap min_rest_hours = 24 is below floor"):
        Engine(plugins=False, rules=[mine])


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


def test_an_engine_without_shipped_rules_keeps_the_entry(cache: Path) -> None:
    """An engine built without the shipped rules does not replace the cached shipped layer."""
    Engine(plugins=False)
    entry = cache / "rules-layer-shipped.marshal"
    stored = entry.read_bytes()
    Engine(plugins=False, shipped_rules=False)
    assert entry.read_bytes() == stored


def _entry(cache: Path) -> Path:
    Engine(plugins=False)
    return cache / "rules-layer-shipped.marshal"


def _used(cache: Path) -> bool:
    """Whether the next engine takes its shipped rules from the entry."""
    from recommender import rules

    key = rules._layer_key(rules.shipped_rule_sources())
    from recommender.cache import load

    return load(rules._LAYER_CACHE, "shipped", key) is not None


def test_entries_are_created_for_their_owner_only(cache: Path) -> None:
    """The folder and its entries are private to the user (an entry may hold a profile)."""
    import stat

    entry = _entry(cache)
    assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0
    assert _used(cache)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are POSIX")
@pytest.mark.parametrize("change", ["group-writable entry", "world-writable folder", "someone else's entry", "link", "pipe"])
def test_an_entry_anyone_else_could_have_written_is_not_used(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             change: str) -> None:
    """Only a regular file owned by the user, in a folder of theirs, writable by no one else, is read; a link or a
    pipe in its place is ignored (and a pipe does not make the command wait)."""
    entry = _entry(cache)
    assert _used(cache)
    if change == "group-writable entry":
        entry.chmod(0o620)
    elif change == "world-writable folder":
        cache.chmod(0o777)
    elif change == "someone else's entry":
        # The folder stays the user's; only the entry's owner differs.
        real = os.fstat

        def fstat(fd: int) -> os.stat_result:
            st = real(fd)
            return os.stat_result((*st[:4], st.st_uid + 1, *st[5:]))

        monkeypatch.setattr(os, "fstat", fstat)
    elif change == "link":
        target = tmp_path / "elsewhere.marshal"
        entry.rename(target)
        entry.symlink_to(target)
    else:
        entry.unlink()
        os.mkfifo(entry)
    assert not _used(cache)
    assert _summary(Engine(plugins=False)) == _summary(Engine(plugins=False, shipped_rules=True))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open descriptors in /proc")
def test_a_folder_in_an_entrys_place_is_ignored_without_leaking(cache: Path) -> None:
    """Reading a folder where an entry should be returns nothing and leaves no descriptor open."""
    from recommender.cache import load

    entry = _entry(cache)
    entry.unlink()
    entry.mkdir()
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        assert load("rules-layer", "shipped", "text") is None
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_a_folder_others_can_write_gets_no_entries(cache: Path) -> None:
    """Entries are not written where they would never be read back."""
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    Engine(plugins=False)
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize(("value", "on"), [("", False), ("0", False), ("false", False), ("No", False), (" off ", False),
                                           ("1", True), ("yes", True), ("true", True)])
def test_switches_read_false_no_and_off_as_off(monkeypatch: pytest.MonkeyPatch, value: str, on: bool) -> None:
    """RECOMMENDER_NO_CACHE=false does not turn the cache off, as with the other switches."""
    from recommender.cache import cache_dir, env_flag

    monkeypatch.setenv("RECOMMENDER_NO_CACHE", value)
    assert env_flag("RECOMMENDER_NO_CACHE") is on
    assert (cache_dir() is None) is on


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As the XDG spec says: a relative XDG_CACHE_HOME would put the cache (a person's last profile) in whatever
    folder the command runs in, so the default under the home folder is used."""
    from recommender.cache import cache_dir

    monkeypatch.delenv("RECOMMENDER_NO_CACHE", raising=False)
    monkeypatch.delenv("RECOMMENDER_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relx")
    assert cache_dir() == str(tmp_path / ".cache" / "recommender")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == str(tmp_path / "xdg" / "recommender")


def test_entries_of_one_kind_are_bounded_and_the_newest_kept(cache: Path) -> None:
    """The plugins of each sys.path are one entry, and `python -m recommender` run in a new folder makes a new
    sys.path: the oldest entries of a kind beyond the bound are removed, never the one just written, nor another kind's."""
    from recommender.cache import MOST_PER_KIND, load, store

    store("rules-layer", "shipped", "text", 1)
    for n in range(MOST_PER_KIND + 5):
        store("plugins", f"path{n:02d}", "text", n)
        # Written in order: their modification times say so even on a coarse clock.
        stamp = 1_700_000_000 + n
        os.utime(cache / f"plugins-path{n:02d}.marshal", (stamp, stamp))
    names = sorted(p.name for p in cache.iterdir())
    assert len([n for n in names if n.startswith("plugins-")]) == MOST_PER_KIND
    assert load("plugins", f"path{MOST_PER_KIND + 4:02d}", "text") == MOST_PER_KIND + 4
    assert load("plugins", "path04", "text") is None and load("plugins", "path05", "text") == 5
    assert load("rules-layer", "shipped", "text") == 1
    store("plugins", f"path{MOST_PER_KIND + 4:02d}", "text", "again")  # replacing an entry removes none
    assert len([p for p in cache.iterdir() if p.name.startswith("plugins-")]) == MOST_PER_KIND


def test_an_entry_read_is_kept_as_recently_used(cache: Path) -> None:
    """An entry still read, though not written for days (the plugins of the usual sys.path), counts as recent, so
    entries written since for other folders never push it out."""
    from recommender.cache import MOST_PER_KIND, load, store

    store("plugins", "usual", "text", "usual")
    usual = cache / "plugins-usual.marshal"
    os.utime(usual, (1_600_000_000, 1_600_000_000))
    assert load("plugins", "usual", "text") == "usual"
    for n in range(MOST_PER_KIND + 3):
        store("plugins", f"other{n:02d}", "text", n)
        os.utime(cache / f"plugins-other{n:02d}.marshal", (1_700_000_000 + n, 1_700_000_000 + n))
    assert load("plugins", "usual", "text") == "usual"


def test_an_entry_with_any_byte_changed_is_not_used(cache: Path) -> None:
    """A byte changed anywhere in an entry (a disk error, a stray write) is never read as some other value: every
    position of a small entry, and the whole shipped-rules entry in steps, are tried.  Where the stored value is
    (all but the first few bytes) every change makes the entry ignored; before it, a change may also leave the
    meaning as it was (a flag marshal ignores)."""
    import marshal

    from recommender import cache as cache_module

    text, value = ("age = 42\n",), {"rules": ("knee_loaded_flexion", 3), "ok": True}
    cache_module.store("test", "entry", text, value)
    entry = cache / "test-entry.marshal"
    good = entry.read_bytes()
    stored_from = len(good) - len(marshal.dumps((text, value)))
    assert cache_module.load("test", "entry", text) == value
    for i in range(len(good)):
        for change in (0x01, 0x80):
            damaged = bytearray(good)
            damaged[i] ^= change
            entry.write_bytes(bytes(damaged))
            got = cache_module.load("test", "entry", text)
            assert got is None if i >= stored_from else got in (None, value), (i, change)
    from recommender.rules import _LAYER_CACHE, _layer_key, shipped_rule_sources

    Engine(plugins=False)
    key = _layer_key(shipped_rule_sources())
    assert cache_module.load(_LAYER_CACHE, "shipped", key) is not None
    rules = cache / "rules-layer-shipped.marshal"
    good = rules.read_bytes()
    for i in range(0, len(good), max(1, len(good) // 400)):
        damaged = bytearray(good)
        damaged[i] ^= 0x20
        rules.write_bytes(bytes(damaged))
        assert cache_module.load(_LAYER_CACHE, "shipped", key) is None, i


def test_a_damaged_rules_entry_never_drops_an_exclusion(cache: Path) -> None:
    """One letter changed in a cached contraindication tag would have let a knee-injured person get wall sits, and
    `recommend check` (reading the same cache) pass the plan: the entry is ignored and the rules read again."""
    import re

    profile = load_profile(ROOT / "examples" / "me.toml")
    reference = Engine(plugins=False)
    expected = reference.render(reference.recommend(profile), "json")
    entry = cache / "rules-layer-shipped.marshal"
    good = entry.read_bytes()
    spots = [m.start() for m in re.finditer(b"knee_loaded_flexion", good)]
    assert spots
    for spot in spots:
        damaged = bytearray(good)
        damaged[spot + 18] = ord("N")
        entry.write_bytes(bytes(damaged))
        engine = Engine(plugins=False)
        assert _summary(engine) == _summary(reference)
        assert engine.render(engine.recommend(profile), "json") == expected


def test_a_damaged_length_that_asks_for_gigabytes_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed byte in the envelope's length field can make marshal ask for gigabytes; where memory runs out
    (MemoryError), the entry is ignored like any other damaged one."""
    import marshal

    from recommender import cache as cache_module

    cache_module.store("test", "entry", ("t",), {"v": 1})

    def out_of_memory(data: bytes) -> object:
        raise MemoryError

    monkeypatch.setattr(marshal, "loads", out_of_memory)
    assert cache_module.load("test", "entry", ("t",)) is None
