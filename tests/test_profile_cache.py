"""The command line remembers the last valid profile it read: reading the
same text again gives exactly the same profile without parsing it, and
anything else (an edit, a damaged entry, changed validating code) means
reading the file the full way, with the same errors as ever."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import patch

import attrs
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from test_properties import profiles

from recommender import cache as cache_module
from recommender import profile as profile_module
from recommender.cache import load
from recommender.errors import ProfileError
from recommender.profile import Profile, load_profile
from recommender.profile import _load_remembered as load_profile_remembered

ROOT = Path(__file__).resolve().parent.parent
ME = ROOT / "examples" / "me.toml"
ENTRY = "profile-last.marshal"


@pytest.fixture(name="parses")
def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources parsed the full way, in order."""
    seen: list[str] = []
    real = profile_module.profile_from_toml

    def counting(text: str, *, source: str = "<profile>") -> Profile:
        seen.append(source)
        return real(text, source=source)

    monkeypatch.setattr(profile_module, "profile_from_toml", counting)
    return seen


def _toml(profile: Profile) -> str:
    data = attrs.asdict(profile)
    if data["start"] is None:
        del data["start"]
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
    return tomli_w.dumps(data)


def _exact(profile: Profile) -> list[tuple[str, type, object]]:
    # Equality alone would not tell a list from a tuple inside a field.
    out = []
    for a in attrs.fields(Profile):
        value = getattr(profile, a.name)
        out.append((a.name, type(value), value))
        if isinstance(value, tuple):
            out.extend((f"{a.name}[{i}]", type(v), v) for i, v in enumerate(value))
    out.extend((f"screening.{k}", type(v), v) for k, v in attrs.asdict(profile.screening).items())
    return out


def test_the_second_read_comes_from_the_cache(cache: Path, tmp_path: Path, parses: list[str]) -> None:
    """Reading the same profile twice parses it once and gives an identical profile."""
    path = tmp_path / "me.toml"
    path.write_bytes(ME.read_bytes())
    first = load_profile_remembered(path)
    second = load_profile_remembered(path)
    assert parses == [str(path)]
    assert _exact(second) == _exact(first) == _exact(load_profile(ME))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_remembered_profiles_are_exactly_the_parsed_ones(profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """For any valid profile, the copy read back from the cache has the same values of the same types."""
    # A cache of the example's own: hypothesis may draw the same profile again.
    with tempfile.TemporaryDirectory(dir=tmp_path) as cache:
        monkeypatch.setenv("RECOMMENDER_CACHE_DIR", cache)
        monkeypatch.delenv("RECOMMENDER_NO_CACHE", raising=False)
        path = Path(cache) / "p.toml"
        path.write_text(_toml(profile), encoding="utf-8")
        with patch.object(profile_module, "profile_from_toml", wraps=profile_module.profile_from_toml) as parsing:
            parsed = load_profile_remembered(path)
            remembered = load_profile_remembered(path)
    assert parsing.call_count == 1
    assert parsed == profile
    assert _exact(remembered) == _exact(parsed)


def test_an_edited_profile_is_read_again(cache: Path, tmp_path: Path, parses: list[str]) -> None:
    """Changing one value in the file gives the new value, not the remembered one."""
    path = tmp_path / "me.toml"
    text = ME.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    age = load_profile_remembered(path).age
    path.write_text(text.replace(f"age = {age}", f"age = {age + 1}"), encoding="utf-8")
    assert load_profile_remembered(path).age == age + 1
    assert len(parses) == 2


def test_an_invalid_profile_is_reported_every_time(cache: Path, tmp_path: Path) -> None:
    """A profile that fails validation is never remembered, even right after a valid one with nearly the same text."""
    path = tmp_path / "me.toml"
    text = ME.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    load_profile_remembered(path)
    path.write_text(text.replace("age = ", "age = 1"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ProfileError, match="age"):
            load_profile_remembered(path)
    # The entry still holds the valid profile, which is read again when the file is restored.
    path.write_text(text, encoding="utf-8")
    assert load_profile_remembered(path) == load_profile(ME)


def test_file_errors_are_the_same_as_without_the_cache(cache: Path, tmp_path: Path) -> None:
    """A missing file, a folder or bad UTF-8 gives the line load_profile gives."""
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"age = \xff\n")
    for path in (tmp_path / "missing.toml", tmp_path, bad):
        with pytest.raises(ProfileError) as plain:
            load_profile(path)
        with pytest.raises(ProfileError) as remembered:
            load_profile_remembered(path)
        assert remembered.value.line() == plain.value.line()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong layout"])
def test_a_damaged_entry_is_ignored_and_replaced(cache: Path, tmp_path: Path, parses: list[str], damage: str) -> None:
    """An entry that cannot be read or does not fit the profile's fields means reading the file again."""
    path = tmp_path / "me.toml"
    path.write_bytes(ME.read_bytes())
    load_profile_remembered(path)
    entry = cache / ENTRY
    blob = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"not marshal data")
    elif damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    else:
        import marshal

        from recommender.cache import _checksum

        # A well-formed entry, checksum and all, whose fields do not fit.
        header, _, body = marshal.loads(blob)
        key, data = marshal.loads(body)
        data["no_such_field"] = 1
        body = marshal.dumps((key, data))
        entry.write_bytes(marshal.dumps((header, _checksum(body), body)))
    reference = load_profile(ME)
    assert load_profile_remembered(path) == reference
    assert load_profile_remembered(path) == reference
    assert parses.count(str(path)) == 2


@pytest.mark.parametrize("changed", ["profile.py", "converter.py", "limits.py", "vocabulary.py", os.path.join("cattrs", "__init__.py"),
                                     os.path.join("cattrs", "converters.py"), os.path.join("attr", "_make.py")])
def test_changed_validating_code_means_reading_again(cache: Path, tmp_path: Path, parses: list[str],
                                                     monkeypatch: pytest.MonkeyPatch, changed: str) -> None:
    """An upgrade of any of the package's validating modules, of cattrs or of attrs makes the entry stale."""
    path = tmp_path / "me.toml"
    path.write_bytes(ME.read_bytes())
    load_profile_remembered(path)
    load_profile_remembered(path)
    assert len(parses) == 1
    real = cache_module.file_stamp

    def touched(p: str) -> tuple[int, int] | None:
        found = real(p)
        return (found[0], found[1] + 1) if found and p.endswith(os.sep + changed) else found

    monkeypatch.setattr(cache_module, "file_stamp", touched)
    load_profile_remembered(path)
    assert len(parses) == 2


def test_another_python_means_reading_again(cache: Path, tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A patch release of Python (tomllib's fixes come with it) makes the entry stale."""
    path = tmp_path / "me.toml"
    path.write_bytes(ME.read_bytes())
    load_profile_remembered(path)
    monkeypatch.setattr(sys, "version", sys.version + " (patched)")
    load_profile_remembered(path)
    assert len(parses) == 2


def _command(cache: Path, report: str, extra_env: dict[str, str] | None = None) -> list[Any]:
    """Run ``recommend --profile examples/me.toml`` in a new process with
    ``cache``; return its exit code, its output and the value of ``report``
    (an expression evaluated after the run)."""
    code = (
        "import contextlib, io, json, sys\n"
        "from recommender.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['--profile', {str(ME)!r}, '--no-plugins'])\n"
        f"print(json.dumps([code, out.getvalue(), {report}]))\n"
    )
    env = {**os.environ, "RECOMMENDER_CACHE_DIR": str(cache), **(extra_env or {})}
    env.pop("RECOMMENDER_NO_CACHE", None)
    result: list[Any] = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout)
    return result


def test_a_cattrs_found_elsewhere_is_not_trusted(tmp_path: Path) -> None:
    """A process that would import another copy of cattrs (another environment sharing the cache) reads the
    profile the full way, with that cattrs."""
    import shutil

    import cattrs

    shadow = tmp_path / "shadow"
    shutil.copytree(Path(cattrs.__file__).parent, shadow / "cattrs")
    loaded = "getattr(sys.modules.get('cattrs'), '__file__', None)"
    cache = tmp_path / "cache"
    assert _command(cache, loaded)[2] == cattrs.__file__
    assert _command(cache, loaded)[2] is None
    assert _command(cache, loaded, {"PYTHONPATH": str(shadow)})[2] == str(shadow / "cattrs" / "__init__.py")


def test_a_file_stamp_changes_with_the_file(tmp_path: Path) -> None:
    """A rewritten file of the same size, or one of another size, has another stamp."""
    path = tmp_path / "module.py"
    path.write_text("x = 1\n", encoding="utf-8")
    before = cache_module.file_stamp(str(path))
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + 1_000_000))
    touched = cache_module.file_stamp(str(path))
    path.write_text("x = 12\n", encoding="utf-8")
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    resized = cache_module.file_stamp(str(path))
    assert len({before, touched, resized}) == 3
    assert cache_module.file_stamp(str(tmp_path / "missing.py")) is None
    assert cache_module.file_stamp("bad\0path") is None


def test_the_validating_modules_are_the_ones_reading_a_profile_runs() -> None:
    """The modules stamped are exactly the package's modules a cold read of a profile loads, less the error
    classes and the shared value methods, which cannot change what is accepted."""
    code = (
        "import json, sys\n"
        "import recommender.profile as p\n"
        f"p.profile_from_toml(open({str(ME)!r}, encoding='utf-8').read())\n"
        "print(json.dumps(sorted(m.split('.', 1)[1] for m in sys.modules if m.startswith('recommender.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout)) - {"errors", "values"}
    assert loaded == set(profile_module._VALIDATED_BY)


def test_the_entry_is_readable_by_its_owner_only(cache: Path, tmp_path: Path) -> None:
    """The remembered profile holds health answers: its file is private to the user."""
    load_profile_remembered(ME)
    for entry in cache.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0, entry.name
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0


def test_one_entry_holds_only_the_last_profile(cache: Path, tmp_path: Path) -> None:
    """Reading other profiles replaces the entry: the cache never holds more than one person's answers."""
    for i in range(3):
        path = tmp_path / f"p{i}.toml"
        path.write_text(ME.read_text(encoding="utf-8").replace("age = ", f"# {i}\nage = "), encoding="utf-8")
        load_profile_remembered(path)
    assert [p.name for p in cache.iterdir() if p.name.startswith("profile")] == [ENTRY]
    stored = load("profile", "last", (path.read_text(encoding="utf-8"), profile_module._validation_stamp()))
    assert stored is not None


def test_switched_off_remembers_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]) -> None:
    """RECOMMENDER_NO_CACHE=1 reads the file the full way every time and writes nothing."""
    monkeypatch.setenv("RECOMMENDER_NO_CACHE", "1")
    load_profile_remembered(ME)
    load_profile_remembered(ME)
    assert len(parses) == 2
    assert not cache.exists()


def test_a_repeated_run_does_not_import_the_validating_code(tmp_path: Path) -> None:
    """The command's second run on the same profile prints the same bytes without importing cattrs or tomllib."""
    imported = "sorted(m for m in ('cattrs', 'tomllib') if m in sys.modules)"
    first, second = (_command(tmp_path / "cache", imported) for _ in range(2))
    assert first[0] == second[0] == 0
    assert second[1] == first[1]
    assert first[2] == ["cattrs", "tomllib"]
    assert second[2] == []


def test_batch_runs_do_not_remember_profiles(cache: Path, tmp_path: Path) -> None:
    """A batch reads many people's profiles once each: none of them is kept in the cache."""
    from recommender.cli import main

    folder = tmp_path / "profiles"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.toml").write_text(ME.read_text(encoding="utf-8").replace("age = ", f"# {i}\nage = "), encoding="utf-8")
    assert main(["batch", str(folder), "--out", str(tmp_path / "plans"), "--no-plugins"]) == 0
    assert len(list((tmp_path / "plans").iterdir())) == 3
    assert not any(p.name.startswith("profile") for p in cache.iterdir())
