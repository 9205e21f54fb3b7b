"""The bad-input corpus: every file in tests/data/bad/ fails through the CLI
with exit code 2 and exactly the first line of stderr recorded in
tests/data/bad/expected.toml, naming the file, with no traceback unless
``--debug`` asks for one."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from recommender import load_profile
from recommender.cli import main
from recommender.errors import PlanFileError, ProfileError, RuleError
from recommender.limits import MAX_FILE_BYTES, MAX_PLAN_FILE_BYTES, MAX_RULE_FILES, MAX_RULES_PER_FILE
from recommender.plan import load_plan
from recommender.rules import load_rule_sources, read_rule_path

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
ME = str(ROOT / "examples" / "me.toml")
KINDS = ("profile", "rules", "plan")
MANIFEST = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))

FILE_CASES = [(kind, f"{kind}/{name}", line) for kind in KINDS for name, line in MANIFEST[kind].items()]
GENERATED_CASES = [(rel.split("/")[0], rel, spec["make"], spec["stderr"]) for rel, spec in MANIFEST["generated"].items()]

_RULE = """\
[[rule]]
id = "my.rule-{n}"
when = {{ fact = "age", gte = {age} }}
notice = "Rule {n}."
because = "Generated to test the limits."
source = "tests"
"""


def _args(kind: str, rel: str, *extra: str) -> list[str]:
    if kind == "profile":
        return ["--no-plugins", "--profile", rel, *extra]
    if kind == "rules":
        return ["--no-plugins", "--profile", ME, "--rules", rel, *extra]
    return ["check", rel, "--no-plugins", "--profile", ME, *extra]


def _oversize(path: Path) -> None:
    # Valid content padded with blanks to one byte over the limit (plan
    # files have a larger one: a year of full sessions is several MB).
    head = b"age = 42\n#" if path.suffix == ".toml" else b'{"weeks": []}'
    limit = MAX_FILE_BYTES if path.suffix == ".toml" else MAX_PLAN_FILE_BYTES
    path.write_bytes(head + b" " * (limit + 1 - len(head)))


def _directory(path: Path) -> None:
    path.mkdir()


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling_link(path: Path) -> None:
    path.symlink_to("moved-away.toml")


def _too_many_rules(path: Path) -> None:
    path.write_text("\n".join(_RULE.format(n=n, age=18 + n % 50) for n in range(MAX_RULES_PER_FILE + 1)), encoding="utf-8")


def _too_many_rule_files(path: Path) -> None:
    path.mkdir()
    for n in range(MAX_RULE_FILES + 1):
        (path / f"r{n:03d}.toml").write_text(_RULE.format(n=n, age=18 + n % 50), encoding="utf-8")


def _link_outside(path: Path) -> None:
    path.mkdir()
    outside = path.parent / "outside.toml"
    outside.write_text(_RULE.format(n=1, age=30), encoding="utf-8")
    (path / "mine.toml").symlink_to(outside)


def _link_loop_in_folder(path: Path) -> None:
    path.mkdir()
    (path / "loop.toml").symlink_to("loop.toml")


MAKERS: dict[str, Callable[[Path], None]] = {
    "oversize": _oversize,
    "directory": _directory,
    "missing": lambda path: None,
    "symlink-loop": _symlink_loop,
    "dangling-link": _dangling_link,
    "too-many-rules": _too_many_rules,
    "too-many-rule-files": _too_many_rule_files,
    "link-outside-folder": _link_outside,
    "link-loop-in-folder": _link_loop_in_folder,
}


@pytest.fixture(autouse=True)
def _no_plugin_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RECOMMENDER_STRICT_PLUGINS", "RECOMMENDER_DISABLE_PLUGINS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def test_corpus_is_large_and_listed_completely() -> None:
    """Every corpus file has an expected line, every line has its file, and there are at least 120 cases."""
    on_disk = {f"{kind}/{p.name}" for kind in KINDS for p in (BAD / kind).iterdir()}
    listed = {rel for _, rel, _ in FILE_CASES}
    assert on_disk == listed
    assert len(FILE_CASES) + len(GENERATED_CASES) >= 120
    assert all(kind in KINDS and make in MAKERS for kind, _, make, _ in GENERATED_CASES)


@pytest.mark.parametrize(("kind", "rel", "expected"), FILE_CASES, ids=[rel for _, rel, _ in FILE_CASES])
def test_bad_file_exits_2_with_the_expected_line(
    kind: str, rel: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file fails with exit code 2, exactly the recorded first line naming the file, and no traceback."""
    monkeypatch.chdir(BAD)
    code, err = _run(_args(kind, rel), capsys)
    assert (code, err.splitlines()[0]) == (2, expected)
    assert expected.startswith("recommend: error: ")
    assert rel.split("/")[0] + "/" in expected
    assert "Traceback" not in err


@pytest.mark.parametrize(("kind", "rel", "make", "expected"), GENERATED_CASES, ids=[rel for _, rel, _, _ in GENERATED_CASES])
def test_generated_bad_input_exits_2_with_the_expected_line(
    kind: str, rel: str, make: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs too big (or too odd) to commit are made at test time and fail with the recorded line."""
    (tmp_path / kind).mkdir()
    MAKERS[make](tmp_path / rel)
    monkeypatch.chdir(tmp_path)
    code, err = _run(_args(kind, rel), capsys)
    assert (code, err.splitlines()[0]) == (2, expected)
    assert "Traceback" not in err


@pytest.mark.parametrize(("kind", "rel", "expected"), FILE_CASES[::7], ids=[rel for _, rel, _ in FILE_CASES[::7]])
def test_debug_shows_the_traceback(
    kind: str, rel: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --debug the same failure prints its traceback as well as the one-line message."""
    monkeypatch.chdir(BAD)
    code, err = _run(_args(kind, rel, "--debug"), capsys)
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert expected in err.splitlines()


@pytest.mark.parametrize(
    "rel",
    [
        "profile/binary-random.toml",
        "profile/encoding-utf16-le-bom.toml",
        "profile/unknown-key-typo.toml",
        "rules/when-unknown-fact.toml",
        "plan/missing-exercise-sets.json",
        "plan/deep-nesting-5000.json",
    ],
)
def test_real_process_exits_2_with_one_line(rel: str) -> None:
    """Through a real process: exit code 2, the recorded line on stderr, nothing on stdout, no traceback."""
    kind, name = rel.split("/")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") or k == "RECOMMENDER_CACHE_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "recommender", *_args(kind, rel)], cwd=BAD, capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [MANIFEST[kind][name]]
    assert done.stdout == ""


def test_real_process_debug_prints_traceback() -> None:
    """--debug in a real process prints the traceback, still exits 2 and ends with the one-line message."""
    rel = "profile/type-age-float.toml"
    done = subprocess.run(
        [sys.executable, "-m", "recommender", *_args("profile", rel, "--debug")], cwd=BAD, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Traceback (most recent call last)")
    assert done.stderr.splitlines()[-1] == MANIFEST["profile"]["type-age-float.toml"]


@pytest.mark.parametrize("name", list(MANIFEST["profile"]))
def test_profile_errors_carry_file_and_expectation(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a bad profile raises ProfileError whose fields name the file and what is expected."""
    monkeypatch.chdir(BAD)
    rel = f"profile/{name}"
    try:
        load_profile(rel)
    except ProfileError as exc:
        assert exc.file == rel
        assert exc.expected
        assert exc.line() == MANIFEST["profile"][name].removeprefix("recommend: error: ")
    else:
        # Loads, but names a pack that is not installed: only planning can tell.
        assert name == "value-pack-not-installed.toml"


@pytest.mark.parametrize("name", list(MANIFEST["plan"]))
def test_plan_errors_carry_file_and_expectation(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a bad plan raises PlanFileError whose fields name the file and what is expected."""
    monkeypatch.chdir(BAD)
    rel = f"plan/{name}"
    with pytest.raises(PlanFileError) as info:
        load_plan(rel)
    assert info.value.file == rel
    assert info.value.expected
    assert info.value.line() == MANIFEST["plan"][name].removeprefix("recommend: error: ")


@pytest.mark.parametrize("name", list(MANIFEST["rules"]))
def test_rule_errors_start_with_the_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every problem a bad rule file causes is a line starting with a file name."""
    monkeypatch.chdir(BAD)
    rel = f"rules/{name}"
    with pytest.raises(RuleError) as info:
        from recommender.rules import shipped_rule_sources

        load_rule_sources([("shipped", shipped_rule_sources()), ("user", read_rule_path(Path(rel)))])
    assert info.value.problems
    assert all(line.startswith(("rules/", rel)) for line in info.value.problems)
    assert any(rel in line for line in info.value.problems)


def test_valid_profile_with_utf8_bom_plans_like_without(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A UTF-8 byte order mark (added by some editors) is accepted and changes nothing."""
    with_bom = tmp_path / "me.toml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + Path(ME).read_bytes())
    assert main(["--no-plugins", "--profile", ME, "--format", "json"]) == 0
    plain = capsys.readouterr().out
    assert main(["--no-plugins", "--profile", str(with_bom), "--format", "json"]) == 0
    assert capsys.readouterr().out == plain


def test_profile_at_the_size_limit_loads(tmp_path: Path) -> None:
    """A valid profile of exactly MAX_FILE_BYTES loads; one byte more is refused."""
    text = Path(ME).read_bytes()
    path = tmp_path / "big.toml"
    pad = MAX_FILE_BYTES - len(text) - 2
    path.write_bytes(text + b"#" + b"x" * pad + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_profile(path).age == 42
    path.write_bytes(text + b"#" + b"x" * (pad + 1) + b"\n")
    with pytest.raises(ProfileError, match="larger than 1,000,000 bytes"):
        load_profile(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("extra", [0, 1])
def test_a_profile_from_a_pipe_is_read_whole_and_within_the_limit(tmp_path: Path, extra: int) -> None:
    """A pipe reports no size: a profile read from one is read to its end, and the size limit still holds."""
    import threading

    text = Path(ME).read_bytes()
    body = text + b"#" + b"x" * (MAX_FILE_BYTES - len(text) - 2 + extra) + b"\n"
    pipe = tmp_path / "profile.toml"
    os.mkfifo(pipe)

    def feed() -> None:
        with open(pipe, "wb") as fh:
            try:
                fh.write(body)
            except BrokenPipeError:  # the reader stopped at the limit
                pass

    writer = threading.Thread(target=feed, daemon=True)  # never keeps the test run alive
    writer.start()
    try:
        if extra:
            with pytest.raises(ProfileError, match="larger than 1,000,000 bytes"):
                load_profile(pipe)
        else:
            assert load_profile(pipe) == load_profile(ME)
    finally:
        writer.join(timeout=10)


def test_a_file_that_grows_while_read_is_read_to_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file longer than its size said a moment before is still read whole, not cut at that size."""
    import recommender.limits as limits

    path = tmp_path / "me.toml"
    path.write_bytes(Path(ME).read_bytes())
    monkeypatch.setattr(limits, "_reported_size", lambda fh: 10)
    assert load_profile(path) == load_profile(ME)


def test_rule_files_per_layer_are_bounded() -> None:
    """More than MAX_RULE_FILES rule sources in one layer is one clear error naming the first file too many."""
    from recommender import Engine, RuleSource

    sources = [RuleSource(f"app-{n:03d}.toml", _RULE.format(n=n, age=18 + n % 50)) for n in range(MAX_RULE_FILES + 1)]
    with pytest.raises(RuleError) as info:
        Engine(plugins=False, rules=sources)
    assert info.value.problems == (f"app-{MAX_RULE_FILES:03d}.toml: more than {MAX_RULE_FILES} rule files in the user layer; expected at most {MAX_RULE_FILES}",)
    Engine(plugins=False, rules=sources[:MAX_RULE_FILES])
