"""`--out FILE` writes atomically: a failed run leaves an existing file as it
was, and a target that cannot be written is one clear error line with exit
code 2."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from recommender.cli import main, write_atomic
from recommender.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent
ME = str(ROOT / "examples" / "me.toml")
BAD_PROFILE = str(ROOT / "tests" / "data" / "bad" / "profile" / "type-age-float.toml")
OLD = "the previous plan, which must survive\n"


def _plan(out: Path | str, *extra: str) -> int:
    # As on a day the example's plan is still to come: its errors are the only lines.
    return main(["--no-plugins", "--profile", ME, "--today", "2026-12-02", "--format", "json", "--out", str(out), *extra])


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".recommend-"))


@pytest.fixture(name="existing")
def _existing(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(OLD, encoding="utf-8")
    return path


def test_out_writes_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out writes the whole plan to the file and nothing to standard output."""
    out = tmp_path / "plan.json"
    assert _plan(out) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8").startswith("{")
    assert _leftovers(tmp_path) == []


def test_out_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--out - prints the plan, as without --out, and makes no file named '-'."""
    monkeypatch.chdir(tmp_path)
    assert main(["--no-plugins", "--profile", ME, "--out", "-"]) == 0
    dashed = capsys.readouterr().out
    assert main(["--no-plugins", "--profile", ME]) == 0
    assert dashed == capsys.readouterr().out
    assert dashed.startswith("Strength plan")
    assert list(tmp_path.iterdir()) == []


def test_out_dot_slash_dash_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A file really named '-' is still reachable as ./-."""
    monkeypatch.chdir(tmp_path)
    assert main(["--no-plugins", "--profile", ME, "--out", "./-"]) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("Strength plan")


def test_bad_profile_leaves_existing_file_untouched(existing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A run that fails on its profile does not touch the output file."""
    assert main(["--no-plugins", "--profile", BAD_PROFILE, "--out", str(existing)]) == 2
    assert "type-age-float.toml: age: expected an integer" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == OLD


def test_render_failure_leaves_existing_file_untouched(existing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A renderer that crashes half-way leaves the old file in place and no temporary file behind."""

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("recommender.engine.Engine.render", broken)
    assert _plan(existing) == 1
    assert "internal error: RuntimeError: renderer exploded" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == OLD
    assert _leftovers(existing.parent) == []


def test_failed_rename_leaves_existing_file_untouched(existing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """When the final rename fails, the old file stays, the temporary file is removed and the error is one line."""

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert _plan(existing) == 2
    assert capsys.readouterr().err == f"recommend: error: {existing}: cannot write: Permission denied\n"
    assert existing.read_text(encoding="utf-8") == OLD
    assert _leftovers(existing.parent) == []


def test_failed_write_leaves_existing_file_untouched(existing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk while writing the temporary file leaves the old file and no temporary file."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
            self.fh = real_fdopen(fd, "w")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, text: str) -> int:
            self.fh.write(text[:10])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    assert _plan(existing) == 2
    assert capsys.readouterr().err == f"recommend: error: {existing}: cannot write: No space left on device\n"
    assert existing.read_text(encoding="utf-8") == OLD
    assert _leftovers(existing.parent) == []


def test_read_only_file_is_refused(existing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only target is a clear error and stays as it was."""
    existing.chmod(0o444)
    # Root may write anyway; answer as the kernel does for everyone else.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert _plan(existing) == 2
    assert capsys.readouterr().err == f"recommend: error: {existing}: the file is read-only\n"
    assert existing.read_text(encoding="utf-8") == OLD


@pytest.mark.parametrize(
    ("make", "target", "message"),
    [
        (lambda d: None, "missing/plan.json", "the folder {d}/missing does not exist"),
        (lambda d: (d / "file").write_text("x"), "file/plan.json", "{d}/file is not a folder"),
        (lambda d: (d / "folder").mkdir(), "folder", "is a directory; expected a file path"),
        (lambda d: None, "new-folder/", "ends in a slash, which names a folder; expected a file path"),
    ],
    ids=["missing-parent", "parent-is-a-file", "directory", "trailing-slash"],
)
def test_unwritable_targets_are_one_clear_line(
    make: object, target: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing parent folder, a parent that is a file, or a directory target exits 2 with one line naming it."""
    make(tmp_path)  # type: ignore[operator]
    out = f"{tmp_path}/{target}"
    assert _plan(out) == 2
    err = capsys.readouterr().err
    assert err == f"recommend: error: {out}: {message.format(d=tmp_path)}\n"
    assert not (tmp_path / "new-folder").exists()


def test_folder_that_cannot_hold_files(capsys: pytest.CaptureFixture[str]) -> None:
    """A folder where no file can be created (/proc) is a clear error, even for root."""
    assert _plan("/proc/recommend-plan.json") == 2
    err = capsys.readouterr().err
    assert err.startswith("recommend: error: /proc/recommend-plan.json: cannot write in the folder /proc: ")
    assert len(err.splitlines()) == 1


def test_existing_file_keeps_its_permissions(existing: Path) -> None:
    """Replacing a file keeps its mode instead of the temporary file's 0600."""
    existing.chmod(0o640)
    assert _plan(existing) == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    """A new file gets the usual permissions for the user's umask."""
    out = tmp_path / "plan.txt"
    code = f"import os; os.umask(0o027); from recommender.cli import main; raise SystemExit(main(['--no-plugins', '--profile', {ME!r}, '--out', {str(out)!r}]))"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_link_is_followed_not_replaced(tmp_path: Path, existing: Path) -> None:
    """Writing to a link updates the file it points to and keeps the link."""
    link = tmp_path / "latest.json"
    link.symlink_to(existing.name)
    assert _plan(link) == 0
    assert link.is_symlink()
    assert existing.read_text(encoding="utf-8").startswith("{")


def test_dangling_link_names_the_missing_folder_it_points_into(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link into a folder that does not exist names that folder, not the link's own (which exists)."""
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "gone" / "plan.json")
    assert _plan(link) == 2
    assert capsys.readouterr().err == f"recommend: error: {link}: the folder {tmp_path / 'gone'} does not exist\n"


def test_pipe_is_written_directly(tmp_path: Path) -> None:
    """A named pipe (like /dev/stdout) is written to, never replaced by a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_atomic(str(fifo), "through the pipe\n")
    reader.join(timeout=30)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_write_atomic_raises_output_error(tmp_path: Path) -> None:
    """The function apps can call raises OutputError (exit code 2) naming the file."""
    with pytest.raises(OutputError) as info:
        write_atomic(str(tmp_path / "no" / "such" / "plan.json"), "x")
    assert info.value.exit_code == 2
    assert info.value.file == str(tmp_path / "no" / "such" / "plan.json")
    assert info.value.expected == "a path in an existing folder"


@pytest.mark.parametrize("how", ["same path", "link", "rules file", "file in a rules folder"])
def test_out_never_replaces_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str) -> None:
    """--out naming the profile or a rule file (by any path) is refused before
    anything is written, so the person's file survives."""
    profile = tmp_path / "me.toml"
    profile.write_text(Path(ME).read_text(encoding="utf-8"), encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = rules / "mine.toml"
    rule.write_text('[[rule]]\nid = "user.cap"\ncap = { sets_per_exercise = 3 }\nbecause = "b"\nsource = "s"\n', encoding="utf-8")
    extra: list[str] = []
    out, kept = profile, profile
    if how == "link":
        out = tmp_path / "latest.json"
        out.symlink_to(profile.name)
    elif how == "rules file":
        out, kept, extra = rule, rule, ["--rules", str(rule)]
    elif how == "file in a rules folder":
        out, kept, extra = rule, rule, ["--rules", str(rules)]
    before = kept.read_bytes()
    assert main(["--no-plugins", "--profile", str(profile), "--out", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"recommend: error: {out}: --out: is the input file ")
    assert err.endswith("writing the plan there would replace it\n")
    assert kept.read_bytes() == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--no-plugins", "--profile", ME, "--out", ""], "--out"),
        (["--no-plugins", "--profile", ME, "--rules", ""], "--rules"),
        (["--no-plugins", "--profile", ME, "--rules", "  "], "--rules"),
        (["check", "", "--no-plugins", "--profile", ME], "PLAN.json"),
        (["init", "", "--no-input"], "PATH"),
        (["--no-plugins", "--profile", ""], "--profile"),
        (["why", "effort.default-rir", "--no-plugins", "--profile", ""], "--profile"),
        (["batch", "", "--no-plugins", "--out", "plans"], "PROFILES_DIR"),
        (["batch", str(ROOT / "examples"), "--no-plugins", "--out", ""], "--out"),
    ],
)
def test_an_empty_path_is_an_error_not_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], argv: list[str], flag: str) -> None:
    """An empty path option is refused by name: read as a path it would be
    the current folder (every *.toml in it as rules, plans written into it)."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err == f"recommend: error: {flag}: empty path\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "fmt"), [("plan.json", "json"), ("plan.MD", "markdown"), ("plan.toml", "toml"), ("plan.html", "html"),
                                           ("plan.txt", "text"), ("plan", "text"), ("plan.", "text"), ("plan.pdf", "text"),
                                           (".json", "json"), (".pdf", "text")])
def test_without_format_the_out_suffix_chooses_it(tmp_path: Path, name: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``-o plan.json`` writes JSON, as ``-f json -o plan.json`` does; an
    unknown or missing suffix writes text, an unknown one with a warning; an explicit --format wins."""
    out = tmp_path / name
    # As on a day the example's plan is still to come: no other warning.
    assert main(["--no-plugins", "--profile", ME, "--today", "2026-12-02", "--out", str(out)]) == 0
    warned = capsys.readouterr().err
    assert warned == (f"recommend: warning: --out {out}: no format writes .pdf files; writing text (choose one with --format)\n"
                      if name.endswith(".pdf") else "")
    expected = tmp_path / "expected"
    assert main(["--no-plugins", "--profile", ME, "--format", fmt, "--out", str(expected)]) == 0
    assert out.read_bytes() == expected.read_bytes()
    assert main(["--no-plugins", "--profile", ME, "--format", "text", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Strength plan: ")


@pytest.mark.parametrize("where", ["given", "shipped"])
def test_a_toml_plan_is_never_written_into_a_rules_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    """A TOML plan written into a --rules folder or the shipped rules folder would be read as rules by the next
    run and break it: refused before anything is written.  Another suffix there is fine."""
    from recommender.rules import shipped_rules_dir

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text('[[rule]]\nid = "user.cap"\ncap = { sets_per_exercise = 3 }\nbecause = "b"\nsource = "s"\n', encoding="utf-8")
    folder = rules if where == "given" else shipped_rules_dir()
    out = folder / "plan.toml"
    assert main(["--no-plugins", "--profile", ME, "--rules", str(rules), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"recommend: error: {out}: --out: is in the rules folder {folder}; plans written there would be read as rules\n"
    assert not out.exists()
    if where == "given":
        assert main(["--no-plugins", "--profile", ME, "--rules", str(rules), "--out", str(rules / "plan.txt")]) == 0
