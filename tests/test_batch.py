"""``recommend batch``: a folder of profiles planned into a folder of plans,
run as a real subprocess."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
BAD = 'age = 42\nexperience = "beginer"\ngoal = "fat_loss"\ndays = ["mon", "wed"]\nsession_minutes = 45\n'


def run(*args: str, stderr: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "recommender", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE if stderr is None else stderr,
        text=True, cwd=ROOT, env=env, check=False,
    )


@pytest.fixture(name="profiles")
def _profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_each_file_equals_the_single_profile_output(profiles: Path, tmp_path: Path, fmt: str) -> None:
    """Every plan file holds exactly what `recommend --profile` prints for that profile."""
    out = tmp_path / "plans"
    # As on a day before the examples' plans end: no warning lines.
    r = run("batch", str(profiles), "--out", str(out), "--format", fmt, "--today", "2026-12-02")
    assert r.returncode == 0, r.stderr
    suffix = ".txt" if fmt == "text" else ".json"
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + suffix for p in EXAMPLES)
    for path in EXAMPLES:
        single = run("--profile", str(path), "--format", fmt, "--today", "2026-12-02")
        assert single.returncode == 0, single.stderr
        assert (out / (path.stem + suffix)).read_text(encoding="utf-8") == single.stdout
    assert r.stdout == ""
    assert r.stderr == f"{len(EXAMPLES)} planned, 0 failed\n"


def test_bad_profile_is_reported_and_skipped(profiles: Path, tmp_path: Path) -> None:
    """A bad profile gives one error line naming it and exit code 2; the others are still planned."""
    (profiles / "0-bad.toml").write_text(BAD, encoding="utf-8")
    out = tmp_path / "plans"
    r = run("batch", str(profiles), "--out", str(out), "--today", "2026-12-02")
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"recommend: error: {profiles / '0-bad.toml'}: experience: ")
    assert "beginner" in lines[0]
    assert lines[1] == f"{len(EXAMPLES)} planned, 1 failed"
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".txt" for p in EXAMPLES)
    assert "Traceback" not in r.stderr


def test_profile_without_a_safe_plan_is_skipped(profiles: Path, tmp_path: Path) -> None:
    """A profile the rules refuse is reported with the reason and does not stop the batch."""
    refused = (ROOT / "examples" / "me.toml").read_text(encoding="utf-8") + "\n[screening]\nchest_pain_rest = true\n"
    (profiles / "refused.toml").write_text(refused, encoding="utf-8")
    out = tmp_path / "plans"
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 2
    error = next(line for line in r.stderr.splitlines() if line.startswith("recommend: error: "))
    assert error.startswith(f"recommend: error: {profiles / 'refused.toml'}: ")
    assert not (out / "refused.txt").exists()
    assert len(list(out.iterdir())) == len(EXAMPLES)


def test_a_profile_refused_by_screening_now_loses_its_earlier_plan(profiles: Path, tmp_path: Path) -> None:
    """A profile whose screening answers now say not to start has the training plan an earlier run wrote for it
    removed, and its error line says so; one that no safe plan fits any more (which the run's rules may cause as
    much as the profile) keeps its plan, with a line saying it may not suit the profile now."""
    out = tmp_path / "plans"
    assert run("batch", str(profiles), "--out", str(out)).returncode == 0
    me, short = profiles / "me.toml", profiles / "bodyweight.toml"
    earlier = (out / "bodyweight.txt").read_bytes()
    me.write_text(me.read_text(encoding="utf-8") + "\n[screening]\nchest_pain_rest = true\n", encoding="utf-8")
    short.write_text(short.read_text(encoding="utf-8").replace("session_minutes = ", "session_minutes = 15 #"), encoding="utf-8")
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 2
    errors = {line.split(": ")[2]: line for line in r.stderr.splitlines() if line.startswith("recommend: error: ")}
    assert sorted(errors) == [str(short), str(me)], errors
    assert errors[str(me)].endswith(f" (the plan from an earlier run, {out / 'me.txt'}, is removed: the profile's answers now say not to start)")
    assert not (out / "me.txt").exists()
    assert errors[str(short)].endswith(f" (the plan from an earlier run, {out / 'bodyweight.txt'}, is left as it was and may not suit this profile now)")
    assert (out / "bodyweight.txt").read_bytes() == earlier


def test_a_refused_profile_s_folder_or_link_is_left_alone(profiles: Path, tmp_path: Path) -> None:
    """Only a plan file the command wrote is removed: a folder or a link at the plan's name is the person's own."""
    out = tmp_path / "plans"
    (out / "me.txt").mkdir(parents=True)
    me = profiles / "me.toml"
    me.write_text(me.read_text(encoding="utf-8") + "\n[screening]\nchest_pain_rest = true\n", encoding="utf-8")
    mine = tmp_path / "mine.txt"
    mine.write_text("mine", encoding="utf-8")
    other = profiles / "other.toml"
    shutil.copy(me, other)
    (out / "other.txt").symlink_to(mine)
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 2
    assert "removed" not in r.stderr and "earlier run" not in r.stderr, r.stderr
    assert (out / "me.txt").is_dir() and (out / "other.txt").is_symlink() and mine.read_text(encoding="utf-8") == "mine"


def test_profiles_whose_plans_differ_only_in_case_are_refused(profiles: Path, tmp_path: Path) -> None:
    """Two profiles whose plan names differ only in case (one file on macOS or Windows) are refused before anything
    is written."""
    shutil.copy(profiles / "me.toml", profiles / "ME.toml")
    r = run("batch", str(profiles), "--out", str(tmp_path / "plans"))
    assert r.returncode == 2
    assert r.stderr == (f"recommend: error: {profiles}: PROFILES_DIR: {profiles / 'ME.toml'} and {profiles / 'me.toml'} would write "
                        "plans named alike but for case (me.txt), one file on many disks\n")
    assert not (tmp_path / "plans").exists()


def test_a_profile_that_cannot_be_read_now_keeps_its_earlier_plan_and_says_so(profiles: Path, tmp_path: Path) -> None:
    """A profile that cannot be read any more (a typo) keeps the plan an earlier run wrote for it, which may be
    relied on until the profile is mended; its error line says that plan is there."""
    out = tmp_path / "plans"
    assert run("batch", str(profiles), "--out", str(out)).returncode == 0
    earlier = (out / "me.txt").read_bytes()
    (profiles / "me.toml").write_text(BAD, encoding="utf-8")
    (profiles / "new.toml").write_text(BAD, encoding="utf-8")
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 2
    errors = sorted(line for line in r.stderr.splitlines() if line.startswith("recommend: error: "))
    assert len(errors) == 2
    assert errors[0].startswith(f"recommend: error: {profiles / 'me.toml'}: ")
    assert errors[0].endswith(f" (the plan from an earlier run, {out / 'me.txt'}, is left as it was)")
    assert errors[1].startswith(f"recommend: error: {profiles / 'new.toml'}: ") and "earlier run" not in errors[1]
    assert (out / "me.txt").read_bytes() == earlier


@pytest.mark.parametrize(
    ("screening", "refused"),
    [
        ('chest_pain_activity = "yes"', True),  # the mistake is the answer itself
        ("dizziness = true", True),
        ("heart_condition = true\nmedical_clearance = \"yes\"", True),  # clearance counts only as true
        ("heart_condition = true\nmedical_clearance = true", False),
        ('chest_pain_rest = "no"', False),
    ],
)
def test_a_profile_with_a_mistake_whose_answers_say_not_to_start_loses_its_plan(profiles: Path, tmp_path: Path,
                                                                                   screening: str, refused: bool) -> None:
    """A profile that does not validate but whose screening answers say not to start (read leniently: "yes" is
    yes) has its earlier plan removed, and the line gives both the mistake and what the answers say; otherwise the
    plan stays, as for any profile with a mistake."""
    out = tmp_path / "plans"
    assert run("batch", str(profiles), "--out", str(out)).returncode == 0
    me = profiles / "me.toml"
    me.write_text(me.read_text(encoding="utf-8").replace("age = ", "agee = ") + f"\n[screening]\n{screening}\n", encoding="utf-8")
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 2
    [line] = [line for line in r.stderr.splitlines() if line.startswith("recommend: error: ")]
    assert line.startswith(f"recommend: error: {me}: agee: unknown key; did you mean 'age'?")
    if refused:
        assert "; even so, its screening answers say: " in line
        assert line.endswith(f" (the plan from an earlier run, {out / 'me.txt'}, is removed: the profile's answers now say not to start)")
        assert not (out / "me.txt").exists()
    else:
        assert "screening answers" not in line
        assert line.endswith(f" (the plan from an earlier run, {out / 'me.txt'}, is left as it was)")
        assert (out / "me.txt").exists()


def test_two_jobs_write_the_same_files_as_one(profiles: Path, tmp_path: Path) -> None:
    """--jobs 2 (worker processes) writes byte-identical files to --jobs 1."""
    for i in range(12):  # enough profiles to be split between the workers
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], profiles / f"copy-{i:02d}.toml")
    (profiles / "zz-bad.toml").write_text(BAD, encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = run("batch", str(profiles), "--out", str(one), "--jobs", "1", "--format", "json")
    r2 = run("batch", str(profiles), "--out", str(two), "--jobs", "2", "--format", "json")
    assert r1.returncode == r2.returncode == 2
    assert r1.stderr == r2.stderr
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    assert len(names) == len(EXAMPLES) + 12
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_staging_leaves_nothing_behind_and_other_runs_alone(profiles: Path, tmp_path: Path, jobs: str) -> None:
    """Plans are staged in hidden per-process folders that are gone after the run; another run's staging folder
    and the user's other files in the output folder are left as they were."""
    out = tmp_path / "plans"
    other = out / ".recommend-batch-999-abcd.tmp" / "1000"
    other.mkdir(parents=True)
    (other / "me.txt").write_text("another run's half-written plan", encoding="utf-8")
    (out / "notes.md").write_text("mine", encoding="utf-8")
    r = run("batch", str(profiles), "--out", str(out), "--jobs", jobs)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([other.parent.name, "notes.md", *(p.stem + ".txt" for p in EXAMPLES)])
    assert (other / "me.txt").read_text(encoding="utf-8") == "another run's half-written plan"
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(child.stdout)


def _staging(out: Path, host: str, pid: int, age: float) -> Path:
    folder = out / f".recommend-batch-{host}-{pid}-0badf00d.tmp"
    plan = folder / str(pid) / "me.txt"
    plan.parent.mkdir(parents=True)
    plan.write_text("half a plan", encoding="utf-8")
    then = time.time() - age
    for path in (plan, plan.parent, folder):
        os.utime(path, (then, then))
    return folder


@pytest.mark.skipif(os.name != "posix", reason="processes are probed on POSIX only")
def test_the_next_run_removes_the_staging_folder_of_a_killed_run(profiles: Path, tmp_path: Path) -> None:
    """A staging folder of this host, whose process is gone and unchanged for ten minutes, is removed by the next
    run into the folder (with a line saying so); a recent one, a live process's, another host's are kept."""
    from recommender.batch import ABANDONED_AFTER_SECONDS, _host

    out = tmp_path / "plans"
    out.mkdir()
    host, dead = _host(), _dead_pid()
    killed = _staging(out, host, dead, ABANDONED_AFTER_SECONDS + 60)
    kept = [
        _staging(out, host, _dead_pid(), ABANDONED_AFTER_SECONDS - 60),  # may still be starting up
        _staging(out, host, os.getpid(), ABANDONED_AFTER_SECONDS + 60),  # its process runs
        _staging(out, "elsewhere", dead, ABANDONED_AFTER_SECONDS + 60),  # its pid means nothing here
    ]
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert f"recommend: removed {killed}, the staging folder of a run that was killed\n" in r.stderr
    assert not killed.exists()
    for folder in kept:
        assert (folder / folder.name.split("-")[-2] / "me.txt").read_text(encoding="utf-8") == "half a plan"
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f.name for f in kept), *(p.stem + ".txt" for p in EXAMPLES)])


@pytest.mark.skipif(os.name != "posix", reason="processes are probed on POSIX only")
def test_staging_folders_with_odd_process_ids_are_kept_and_do_not_stop_the_run(profiles: Path, tmp_path: Path) -> None:
    """A staging-like folder whose process id is too large, not ASCII digits or missing is left alone, and the run
    plans every profile."""
    from recommender.batch import ABANDONED_AFTER_SECONDS, _host

    out = tmp_path / "plans"
    out.mkdir()
    odd = [out / f".recommend-batch-{_host()}-{pid}-0badf00d.tmp" for pid in ("99999999999999999999", "4294967297", "\u00b2", "")]
    for folder in odd:
        folder.mkdir()
        then = time.time() - ABANDONED_AFTER_SECONDS - 60
        os.utime(folder, (then, then))
    r = run("batch", str(profiles), "--out", str(out), "--today", "2026-12-02")
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"{len(EXAMPLES)} planned, 0 failed\n"
    assert all(folder.is_dir() for folder in odd)


def test_a_staging_folder_removed_during_the_run_is_made_again(tmp_path: Path) -> None:
    """If the staging folder disappears under a run (the output folder was cleaned), the next plan is still
    written."""
    import datetime

    from recommender import Engine
    from recommender.batch import _Planner, _staging_root

    planner = _Planner(Engine(plugins=False), "text", str(tmp_path), ".txt", datetime.date(2026, 12, 7), "run")
    planner.write("a.txt", "first")
    shutil.rmtree(_staging_root(str(tmp_path), "run"))
    planner.write("b.txt", "second")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "first"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "second"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plan_that_cannot_be_written_is_reported_and_the_rest_written(profiles: Path, tmp_path: Path, jobs: str) -> None:
    """A plan whose file cannot be created (a folder is in the way) is one error line naming it; the other
    plans are written, the folder in the way is untouched and no staging folder is left."""
    out = tmp_path / "plans"
    blocked = out / "me.txt"
    (blocked / "keep").mkdir(parents=True)
    r = run("batch", str(profiles), "--out", str(out), "--jobs", jobs)
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("recommend: error: ")]
    assert len(errors) == 1 and errors[0].endswith(f": {blocked}: is a folder, which is left as it is")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".txt" for p in EXAMPLES)
    assert blocked.is_dir() and (blocked / "keep").is_dir()
    assert "Traceback" not in r.stderr


def test_when_no_staging_folder_can_be_made_every_plan_is_reported(profiles: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """If the staging folder cannot be created, each profile gets one 'cannot write' line naming the profile and its
    plan file, the run still ends, and the output folder is left empty."""
    import datetime

    from recommender import Engine
    from recommender import batch as batch_module

    def refuse(path: str, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(batch_module.os, "makedirs", refuse)
    out = tmp_path / "plans"
    out.mkdir()
    paths = sorted(str(p) for p in profiles.glob("*.toml"))
    results = [r for chunk in batch_module.plan_folder(Engine(plugins=False), {}, paths, str(out), "text", 1, datetime.date(2026, 12, 1))
               for r in chunk]
    assert [p for p, _, _ in results] == paths
    for path, error, _ in results:
        assert error is not None
        assert error == f"{path}: {out / (Path(path).stem + '.txt')}: cannot write: Permission denied"
    assert list(out.iterdir()) == []


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    """A folder without profiles is a one-line error with exit code 2."""
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("batch", str(empty), "--out", str(tmp_path / "plans"))
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {empty}: no profiles (*.toml) in this folder\n"
    assert not (tmp_path / "plans").exists()


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    """A folder that does not exist is a one-line error with exit code 2."""
    missing = tmp_path / "nowhere"
    r = run("batch", str(missing), "--out", str(tmp_path / "plans"))
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {missing}: folder not found\n"


def test_out_must_be_a_folder(profiles: Path, tmp_path: Path) -> None:
    """--out naming an existing file is refused before anything is planned."""
    target = tmp_path / "plans.txt"
    target.write_text("keep me", encoding="utf-8")
    r = run("batch", str(profiles), "--out", str(target))
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {target}: --out: exists and is not a folder\n"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_out_dash_is_an_error(profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--out - (standard output) cannot hold a plan per profile: an error, and no folder named '-'."""
    from recommender.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["--no-plugins", "batch", str(profiles), "--out", "-"]) == 2
    assert capsys.readouterr().err == ("recommend: error: --out: '-' is standard output, which cannot hold one plan file per profile "
                                       "(./- names a folder '-')\n")
    assert not (tmp_path / "-").exists()


def test_unknown_format_is_an_error(profiles: Path, tmp_path: Path) -> None:
    """An unknown --format names the formats there are."""
    r = run("batch", str(profiles), "--out", str(tmp_path / "plans"), "--format", "pdf")
    assert r.returncode == 2
    assert r.stderr.startswith("recommend: error: --format: unknown format 'pdf'; expected one of ")


def _on_a_terminal(*args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run with stderr on a pseudo-terminal: the result and what the terminal showed."""
    main, child = pty.openpty()
    try:
        done = run(*args, stderr=child)
        os.close(child)
        child = -1
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closes with the process
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        if child >= 0:
            os.close(child)
    return done, shown.decode()


def test_lines_on_a_terminal_clear_the_progress_bar_first(profiles: Path, tmp_path: Path) -> None:
    """An error or warning line printed while the bar is drawn starts on a cleared line, never after the bar."""
    (profiles / "0-bad.toml").write_text(BAD, encoding="utf-8")
    (profiles / "old.toml").write_text('age = 30\nexperience = "beginner"\ngoal = "general_fitness"\ndays = ["mon", "thu"]\n'
                                       "session_minutes = 45\nweeks = 4\nstart = 2026-01-05\n", encoding="utf-8")
    done, text = _on_a_terminal("batch", str(profiles), "--out", str(tmp_path / "plans"), "--today", "2026-12-02")
    assert done.returncode == 2
    starts = [i for i in range(len(text)) if text.startswith("recommend: ", i)]
    assert len(starts) == 2 and "recommend: error: " in text and "recommend: warning: " in text
    assert all(text[:i].endswith("\r\x1b[K") for i in starts)
    assert text.rstrip().endswith(f"{len(EXAMPLES) + 1} planned, 1 failed")


def test_progress_bar_only_on_a_terminal(profiles: Path, tmp_path: Path) -> None:
    """A progress bar is drawn on a terminal's stderr and never written to a pipe."""
    piped = run("batch", str(profiles), "--out", str(tmp_path / "a"))
    assert "[" not in piped.stderr
    on_tty, text = _on_a_terminal("batch", str(profiles), "--out", str(tmp_path / "b"))
    assert on_tty.returncode == 0
    assert f"] {len(EXAMPLES)}/{len(EXAMPLES)}" in text
    assert text.rstrip().endswith(f"{len(EXAMPLES)} planned, 0 failed")


def test_plans_never_replace_the_profiles(profiles: Path) -> None:
    """--out set to the profiles folder with toml plans would replace every
    profile by its plan: refused before anything is written."""
    before = {p.name: p.read_bytes() for p in profiles.iterdir()}
    r = run("batch", str(profiles), "--out", str(profiles), "--format", "toml")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"recommend: error: {profiles}: --out: the plan for {profiles}/")
    assert "would replace the input file" in r.stderr
    assert {p.name: p.read_bytes() for p in profiles.iterdir()} == before


def test_plans_beside_the_profiles_in_another_format_are_fine(profiles: Path) -> None:
    """Plans of another format may share the profiles' folder: nothing is replaced."""
    r = run("batch", str(profiles), "--out", str(profiles), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in profiles.glob("*.json")) == sorted(p.stem + ".json" for p in EXAMPLES)
    assert all(p.read_bytes() == (ROOT / "examples" / p.name).read_bytes() for p in profiles.glob("*.toml"))


def test_toml_plans_never_go_into_a_rules_folder(profiles: Path, tmp_path: Path) -> None:
    """A toml plan written into a --rules folder would be read as a rule file next time."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text('[[rule]]\nid = "user.cap"\ncap = { sets_per_exercise = 3 }\nbecause = "b"\nsource = "s"\n', encoding="utf-8")
    r = run("batch", str(profiles), "--out", str(rules), "--rules", str(rules), "--format", "toml")
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {rules}: --out: is the rules folder {rules}; plans written there would be read as rules\n"
    assert [p.name for p in rules.iterdir()] == ["mine.toml"]


def _signal_a_run(tmp_path: Path, count: int, jobs: str, sig: signal.Signals, *, group: bool = True,
                  ignore: signal.Signals | None = None) -> tuple[subprocess.Popen[str], str, Path]:
    """Start a batch of ``count`` copies of one profile, send ``sig`` once its
    first plan is written, and wait for the run to end; ``ignore`` is a
    signal the run starts with ignored, as under ``nohup``."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    text = EXAMPLES[0].read_text(encoding="utf-8")
    for i in range(count):
        (profiles / f"p{i:04d}.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "plans"
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    ignored = (lambda: signal.signal(ignore, signal.SIG_IGN)) if ignore is not None else None
    proc = subprocess.Popen([sys.executable, "-m", "recommender", "batch", str(profiles), "--out", str(out), "--jobs", jobs],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, start_new_session=True,
                            preexec_fn=ignored)
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(p.suffix == ".txt" for p in out.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.01)
        # To the whole run, as a terminal or service manager sends it, or to
        # the main process alone, whose workers then finish their chunk.
        (os.killpg if group else os.kill)(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc, err, out


@pytest.mark.parametrize(("sig", "jobs", "group"), [(signal.SIGTERM, "1", True), (signal.SIGTERM, "2", True), (signal.SIGHUP, "2", True),
                                                   (signal.SIGTERM, "2", False)])
def test_a_run_stopped_by_a_signal_removes_its_staging_folder(tmp_path: Path, sig: signal.Signals, jobs: str, group: bool) -> None:
    """SIGTERM (a service manager) or SIGHUP (a closed terminal) stops a run
    like Ctrl-C: one line, the shell's exit code for that signal, no staging
    folder left and only whole plans in place."""
    proc, err, out = _signal_a_run(tmp_path, 4000, jobs, sig, group=group)
    assert proc.returncode == 128 + sig
    assert err.splitlines()[-1] == f"recommend: stopped by {sig.name}"
    assert "Traceback" not in err
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    written = list(out.iterdir())
    assert 0 < len(written) < 4000
    assert len({p.read_bytes() for p in written}) == 1, "every plan written is whole and the same"


def test_an_ignored_hangup_stays_ignored(tmp_path: Path) -> None:
    """Under ``nohup`` (SIGHUP ignored) a closed terminal's hangup does not
    stop the run, in the main process or in its workers."""
    proc, err, out = _signal_a_run(tmp_path, 1500, "2", signal.SIGHUP, ignore=signal.SIGHUP)
    assert proc.returncode == 0, err
    assert len(list(out.iterdir())) == 1500


def test_a_signal_too_late_to_stop_the_run_is_passed_on() -> None:
    """A stop signal that arrives after the last chunk reaches the handler
    the caller had; one the run acted on does not reach it twice."""
    from recommender.batch import Stopped, _StopSignals

    got: list[int] = []
    old = signal.signal(signal.SIGTERM, lambda signum, _frame: got.append(signum))
    try:
        stop = _StopSignals()
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.received == (signal.SIGTERM, "SIGTERM") and got == []
        stop.restore()
        assert got == [signal.SIGTERM]

        stop = _StopSignals()
        os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(Stopped):
            stop.check()
        stop.restore()
        assert got == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, old)


def test_a_link_at_a_plan_s_name_is_left_and_reported(profiles: Path, tmp_path: Path) -> None:
    """A link (even a dangling one) at a plan's name is the person's own: the run leaves it, says so for that
    profile, and writes the other plans."""
    out = tmp_path / "plans"
    out.mkdir()
    mine = tmp_path / "mine.txt"
    mine.write_text("mine", encoding="utf-8")
    (out / "me.txt").symlink_to(mine)
    (out / "bodyweight.txt").symlink_to(tmp_path / "gone.txt")
    r = run("batch", str(profiles), "--out", str(out))
    assert r.returncode == 2
    errors = sorted(line for line in r.stderr.splitlines() if line.startswith("recommend: error: "))
    assert errors == [f"recommend: error: {profiles / name}.toml: {out / name}.txt: is a link, which is left as it is" for name in ("bodyweight", "me")]
    assert (out / "me.txt").is_symlink() and (out / "bodyweight.txt").is_symlink() and mine.read_text(encoding="utf-8") == "mine"
    assert (out / "older-hypertension.txt").is_file()


def test_a_plan_replaced_keeps_its_permissions(profiles: Path, tmp_path: Path) -> None:
    """A plan made private (mode 600) stays private when the next run replaces it; a new plan gets the usual mode."""
    out = tmp_path / "plans"
    assert run("batch", str(profiles), "--out", str(out)).returncode == 0
    (out / "me.txt").chmod(0o600)
    (out / "bodyweight.txt").unlink()
    assert run("batch", str(profiles), "--out", str(out)).returncode == 0
    assert (out / "me.txt").stat().st_mode & 0o777 == 0o600
    assert (out / "bodyweight.txt").stat().st_mode & 0o777 == (out / "older-hypertension.txt").stat().st_mode & 0o777 != 0o600


def test_odd_file_names_give_one_escaped_line_each(tmp_path: Path) -> None:
    """A profile whose name holds a line break or an escape sequence is named once, escaped, on one line."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name in ("new\nline", "x\x1b[2Jy"):
        (folder / f"{name}.toml").write_text("age = 40\n", encoding="utf-8")
    r = run("batch", str(folder), "--out", str(tmp_path / "plans"))
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines == [f"recommend: error: {folder}/new\\nline.toml: experience: required key missing",
                     f"recommend: error: {folder}/x\\x1b[2Jy.toml: experience: required key missing", "0 planned, 2 failed"]


def test_a_profile_link_leading_nowhere_is_reported_and_an_editor_s_lock_is_not(profiles: Path, tmp_path: Path) -> None:
    """A profile that is a link whose file moved gets an error line like any unreadable profile, rather than
    being left out unseen; a hidden link, as editors keep while a file is open (".#me.toml"), is not a profile."""
    (profiles / "moved.toml").symlink_to(tmp_path / "elsewhere" / "moved.toml")
    (profiles / ".#me.toml").symlink_to("root@host.1234:1700000000")
    (profiles / "folder.toml").mkdir()
    out = tmp_path / "plans"
    r = run("batch", str(profiles), "--out", str(out), "--today", "2026-12-02")
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        f"recommend: error: {profiles / 'moved.toml'}: is a link to {tmp_path / 'elsewhere' / 'moved.toml'}, which is not found",
        f"{len(EXAMPLES)} planned, 1 failed",
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".txt" for p in EXAMPLES)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plan_wholly_in_the_past_is_written_with_a_warning(profiles: Path, tmp_path: Path, jobs: str) -> None:
    """A profile whose every session is over (an old start) gets its plan and one warning line naming the file and
    its start, from a worker as from the main process; it counts as planned, and plans under way get none."""
    old = profiles / "old.toml"
    old.write_text('age = 30\nexperience = "beginner"\ngoal = "general_fitness"\ndays = ["mon", "thu"]\nsession_minutes = 45\n'
                   "weeks = 4\nstart = 2026-01-05\n", encoding="utf-8")
    out = tmp_path / "plans"
    r = run("batch", str(profiles), "--out", str(out), "--jobs", jobs, "--today", "2026-12-02")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"recommend: warning: {old}: start = 2026-01-05: every session of this plan is in the past (the last on 2026-01-29); "
        "set start to a coming day, or leave it out to start the Monday after today",
        f"{len(EXAMPLES) + 1} planned, 0 failed",
    ]
    single = run("--profile", str(old), "--today", "2026-12-02")
    assert (out / "old.txt").read_text(encoding="utf-8") == single.stdout
