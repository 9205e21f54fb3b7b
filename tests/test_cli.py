"""The command line, run as a real subprocess the way people use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "recommender", *args], capture_output=True, text=True, cwd=cwd, env=full_env, check=False)


def test_plan_text() -> None:
    """The main job prints a readable plan with days, dates, doses and reasons."""
    r = run("--profile", "examples/me.toml", "--today", "2026-12-02")
    assert r.returncode == 0, r.stderr
    assert "Mon 2026-12-07" in r.stdout
    assert "2 x 8-12, RIR 2, rest 90s" in r.stdout
    assert "why:" in r.stdout
    assert r.stderr == ""


def _run_with_input(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    return subprocess.run([sys.executable, "-m", "recommender", *args], input=text, capture_output=True, text=True, cwd=ROOT,
                          env=env, check=False)


def test_profile_dash_reads_standard_input() -> None:
    """--profile - plans the profile given on standard input, the same plan as from the file; its errors name <stdin>."""
    me = (ROOT / "examples" / "me.toml").read_text(encoding="utf-8")
    piped = _run_with_input(me, "--profile", "-")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == run("--profile", "examples/me.toml").stdout
    bad = _run_with_input(me.replace("age = ", "age = 'x' #"), "--profile", "-")
    assert bad.returncode == 2
    assert bad.stderr.startswith("recommend: error: <stdin>: age: expected an integer")


def test_check_dash_reads_the_plan_from_standard_input() -> None:
    """`check -` reads the plan JSON from standard input; the profile cannot come from there too."""
    plan = run("--profile", "examples/me.toml", "--format", "json").stdout
    r = _run_with_input(plan, "check", "-", "--profile", "examples/me.toml")
    assert (r.returncode, r.stdout) == (0, "plan is clean: no rule is broken\n"), r.stderr
    both = _run_with_input(plan, "check", "-", "--profile", "-")
    assert both.returncode == 2
    assert both.stderr == "recommend: error: --profile: the plan and the profile cannot both be read from standard input\n"


def test_profile_dash_works_for_why_and_names_stdin_in_pack_errors() -> None:
    """`why` reads --profile - too, and an unknown pack in a piped profile is reported against <stdin>."""
    me = (ROOT / "examples" / "me.toml").read_text(encoding="utf-8")
    why = _run_with_input(me, "why", "effort.default-rir", "--profile", "-")
    assert why.returncode == 0 and why.stdout.startswith("rule effort.default-rir"), why.stderr
    packs = _run_with_input(me + '\npacks = ["nope"]\n', "--profile", "-")
    assert packs.returncode == 2
    assert packs.stderr.startswith("recommend: error: <stdin>: packs[0]: pack 'nope' is not available")
    empty = _run_with_input("", "--profile", "-")
    assert empty.stderr.startswith("recommend: error: <stdin>: the input is empty;")


def test_profile_dash_reads_a_replaced_stdin_in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An app or test that replaces sys.stdin with text (no byte buffer) still gets --profile - read."""
    import io

    from recommender.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO((ROOT / "examples" / "me.toml").read_text(encoding="utf-8")))
    assert main(["--no-plugins", "--profile", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["weeks"][0]["number"] == 1


def test_profile_dash_with_a_file_named_dash_as_output(tmp_path: Path) -> None:
    """--profile - --out ./- writes the plan to the file named '-': standard input is no file it could replace."""
    (tmp_path / "-").write_text("old", encoding="utf-8")
    me = (ROOT / "examples" / "me.toml").read_text(encoding="utf-8")
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    r = subprocess.run([sys.executable, "-m", "recommender", "--profile", "-", "--out", "./-"], input=me, capture_output=True,
                       text=True, cwd=tmp_path, env=env, check=False)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("Strength plan")


def test_check_with_the_arguments_swapped_says_the_file_is_a_profile() -> None:
    """`check me.toml --profile me.toml` says the first file is a profile and how to call check."""
    r = run("check", "examples/me.toml", "--profile", "examples/me.toml")
    assert r.returncode == 2
    assert r.stderr == ("recommend: error: examples/me.toml: is a profile, not a plan "
                        "(give the plan first: recommend check PLAN.json --profile FILE)\n")


def test_check_with_a_plan_given_as_the_profile_says_so(tmp_path: Path) -> None:
    """`check me.toml --profile plan.json` says the profile file is a plan and how to call check."""
    plan = tmp_path / "plan.json"
    assert run("--profile", "examples/me.toml", "--out", str(plan)).returncode == 0
    r = run("check", "examples/me.toml", "--profile", str(plan))
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {plan}: is a plan, not a profile (give the plan first: recommend check PLAN.json --profile FILE)\n"


def test_a_profile_on_standard_input_is_never_replaced_by_its_plan(tmp_path: Path) -> None:
    """--profile - with standard input redirected from a file refuses --out onto that same file."""
    me = tmp_path / "me.toml"
    shutil.copy(ROOT / "examples" / "me.toml", me)
    env = {**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}
    with me.open("rb") as stdin:
        r = subprocess.run([sys.executable, "-m", "recommender", "--profile", "-", "--format", "toml", "--out", str(me)], stdin=stdin,
                           capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {me}: --out: is the profile read from standard input; writing the plan there would replace it\n"
    assert me.read_bytes() == (ROOT / "examples" / "me.toml").read_bytes()


def test_stdin_edge_cases_are_one_line_errors(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty plan on standard input, or a replaced sys.stdin that is not a readable stream, is one error line."""
    from recommender.cli import main

    r = _run_with_input("", "check", "-", "--profile", "examples/me.toml")
    assert r.stderr == "recommend: error: <stdin>: the input is empty; expected a JSON document\n"

    class Odd:
        def read(self, n: int) -> None:
            return None

    monkeypatch.setattr(sys, "stdin", Odd())
    assert main(["--no-plugins", "--profile", "-"]) == 2
    assert capsys.readouterr().err.startswith("recommend: error: <stdin>: the input is empty;")
    monkeypatch.setattr(sys, "stdin", object())
    assert main(["--no-plugins", "--profile", "-"]) == 2
    assert capsys.readouterr().err.startswith("recommend: error: <stdin>: cannot read: ")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "ics", "toml"])
def test_check_names_a_plan_written_in_another_format(fmt: str, tmp_path: Path) -> None:
    """A plan saved in a format other than JSON is named as such, with the format `check` reads."""
    out = tmp_path / "plan.out"
    assert run("--profile", "examples/me.toml", "--format", fmt, "--out", str(out)).returncode == 0
    r = run("check", str(out), "--profile", "examples/me.toml")
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {out}: is a plan in the {fmt} format; a plan is checked from its JSON (--format json)\n"


def test_plan_json_is_valid_json() -> None:
    """--format json prints the plan JSON."""
    r = run("--profile", "examples/me.toml", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["weeks"][0]["number"] == 1


@pytest.mark.parametrize("fmt", ["markdown", "toml"])
def test_other_formats(fmt: str) -> None:
    """Markdown and TOML outputs are produced."""
    r = run("--profile", "examples/me.toml", "--format", fmt)
    assert r.returncode == 0, r.stderr
    if fmt == "toml":
        import tomllib

        assert tomllib.loads(r.stdout)["schema_version"] == 1
    else:
        assert r.stdout.startswith("# Strength plan")


def test_out_writes_file(tmp_path: Path) -> None:
    """--out writes the file and prints nothing."""
    out = tmp_path / "plan.json"
    r = run("--profile", "examples/me.toml", "--format", "json", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert json.loads(out.read_text())["schema_version"] == 1


def test_failed_run_keeps_existing_out_file(tmp_path: Path) -> None:
    """A run that fails never truncates the file the user had."""
    out = tmp_path / "plan.json"
    out.write_text("precious")
    bad = tmp_path / "bad.toml"
    bad.write_text("age = 30.7\n")
    r = run("--profile", str(bad), "--out", str(out))
    assert r.returncode == 2
    assert out.read_text() == "precious"


def test_bad_profile_exit_2_one_line(tmp_path: Path) -> None:
    """A wrong value is one line on stderr, exit 2, no traceback."""
    bad = tmp_path / "me.toml"
    bad.write_text((ROOT / "examples" / "me.toml").read_text().replace("age = 42", "age = true"))
    r = run("--profile", str(bad))
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {bad}: age: expected an integer, got boolean True\n"


def test_no_safe_plan_exit_3(tmp_path: Path) -> None:
    """An impossible schedule exits 3 and says what would help."""
    p = tmp_path / "me.toml"
    p.write_text((ROOT / "examples" / "me.toml").read_text().replace('days = ["mon", "wed", "fri", "sat"]', 'days = ["mon"]'))
    r = run("--profile", str(p))
    assert r.returncode == 3
    assert r.stderr.startswith("recommend: error: no safe plan: min_rest_hours:")
    assert "Traceback" not in r.stderr


def test_missing_profile_option() -> None:
    """Running without --profile is a clear usage error that says how to get a profile."""
    r = run()
    assert r.returncode == 2
    assert r.stderr == "recommend: error: --profile: --profile FILE is required (no profile yet? 'recommend init' writes one)\n"


def test_unknown_format() -> None:
    """An unknown format lists the known ones."""
    r = run("--profile", "examples/me.toml", "--format", "pdf")
    assert r.returncode == 2
    assert "unknown format 'pdf'; expected one of" in r.stderr


def test_a_format_named_in_another_case_is_that_format_and_a_near_miss_is_named() -> None:
    """-f HTML is html, as a person types it; -f jsno says which format was meant."""
    upper, lower = run("--profile", "examples/me.toml", "--format", "JSON"), run("--profile", "examples/me.toml", "--format", "json")
    assert upper.returncode == 0 and upper.stdout == lower.stdout
    r = run("--profile", "examples/me.toml", "--format", "jsno")
    assert r.returncode == 2 and r.stderr.rstrip().endswith("; did you mean 'json'?")


def test_help_has_examples() -> None:
    """--help shows examples and every exit code the README's table lists."""
    import re

    r = run("--help")
    assert r.returncode == 0
    assert "recommend --profile me.toml" in r.stdout
    codes = r.stdout.split("exit codes:", 1)[1].split("environment:", 1)[0]
    table = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("##", 1)[0]
    listed = {c for row in re.findall(r"^\| ([\d, ]+) \|", table, re.M) for c in row.replace(" ", "").split(",")}
    assert listed == {"0", "1", "2", "3", "130", "143", "129"}
    assert all(re.search(rf"\b{c}\b", codes) for c in listed)


def test_version() -> None:
    """--version prints the installed version."""
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("recommend ")


def test_explain_names_rules_and_locations() -> None:
    """--explain shows the rule, file:line and layer behind values."""
    r = run("--profile", "examples/me.toml", "--explain")
    assert r.returncode == 0, r.stderr
    flat = " ".join(r.stdout.split())
    assert "min_rest_hours = 48" in flat
    assert "frequency.rest-48-hours, rules/frequency.toml:" in flat


def test_why_rule() -> None:
    """`why` says whether a rule fires and which condition decided."""
    r = run("why", "injury.knee", "--profile", "examples/me.toml")
    assert r.returncode == 0, r.stderr
    assert "fires" in r.stdout and 'injuries contains "knee"' in r.stdout
    r = run("why", "injury.shoulder", "--profile", "examples/me.toml")
    assert "does not fire" in r.stdout


def test_check_round_trip(tmp_path: Path) -> None:
    """A plan written as JSON passes `recommend check` for the same profile."""
    out = tmp_path / "plan.json"
    assert run("--profile", "examples/me.toml", "--format", "json", "--out", str(out)).returncode == 0
    r = run("check", str(out), "--profile", "examples/me.toml")
    assert r.returncode == 0, r.stdout + r.stderr


def test_runs_from_another_folder(tmp_path: Path) -> None:
    """The shipped rules are found wherever the command runs."""
    r = run("--profile", str(ROOT / "examples" / "me.toml"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    ("argv", "flag", "command"),
    [
        (["-o", "x.json", "check", "plan.json", "--profile", "examples/me.toml"], "--out", "check"),
        (["--format", "json", "rules", "list"], "--format", "rules"),
        (["--explain", "why", "effort.rir", "--profile", "examples/me.toml"], "--explain", "why"),
        (["--color", "always", "formats"], "--color", "formats"),
        (["--explain", "batch", "examples", "--out", "x.json"], "--explain", "batch"),
        (["--out", "x.json", "batch", "examples", "--out", "plans"], "--out", "batch"),
    ],
)
def test_a_plan_option_before_another_command_is_an_error(tmp_path: Path, argv: list[str], flag: str, command: str) -> None:
    """A plan option given before another command would be ignored silently;
    it is a one-line error naming the option and the command, and nothing is written."""
    r = run(*argv)
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {flag}: applies to the plan, not to '{command}'\n"
    assert not (ROOT / "x.json").exists()


@pytest.mark.parametrize(
    ("argv", "flag", "command", "why"),
    [
        (["--profile", "examples/me.toml", "batch", "examples", "--out", "x-plans"], "--profile", "batch", "PROFILES_DIR holds the profiles"),
        (["--profile", "examples/me.toml", "init", "--no-input", "x.toml"], "--profile", "init", "PATH names the profile it writes"),
        (["--profile", "examples/me.toml", "rules", "list"], "--profile", "rules", "it would be ignored"),
        (["--profile", "examples/me.toml", "plugins"], "--profile", "plugins", "it would be ignored"),
        (["--rules", "rules", "init", "--no-input", "x.toml"], "--rules", "init", "it would be ignored"),
        (["--no-plugins", "schema", "plan"], "--no-plugins", "schema", "it would be ignored"),
        (["--disable-plugin", "free-exercise-db", "init", "--no-input", "x.toml"], "--disable-plugin", "init", "it would be ignored"),
    ],
)
def test_an_option_the_command_does_not_read_is_an_error(argv: list[str], flag: str, command: str, why: str) -> None:
    """A top-level option the command never reads (a profile for a command
    that takes none, rules for one that builds no engine) is refused in one
    line rather than silently ignored, before anything is written."""
    r = run(*argv)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"recommend: error: {flag}: '{command}' does not read it ({why})\n"
    assert not (ROOT / "x.toml").exists() and not (ROOT / "x-plans").exists()


def test_options_the_command_reads_are_accepted_before_it(tmp_path: Path) -> None:
    """--profile before check and why, and --rules before rules, are read."""
    r = run("--profile", "examples/me.toml", "why", "effort.default-rir")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("rule effort.default-rir")
    mine = tmp_path / "mine.toml"
    mine.write_text('[[rule]]\nid = "mine.note"\nnotice = "Warm up well."\nbecause = "Mine."\nsource = "Me"\n', encoding="utf-8")
    r = run("--rules", str(mine), "--no-plugins", "rules", "list")
    assert r.returncode == 0, r.stderr
    assert "mine.note  [user, -]" in r.stdout


def test_the_shipped_rules_folder_given_as_rules_says_so() -> None:
    """``--rules rules`` in a checkout passes copies of the shipped files:
    one line per file says so, instead of one per rule id."""
    r = run("--rules", "rules", "rules", "list")
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == len(list((ROOT / "rules").glob("*.toml")))
    assert all(" is a copy of the shipped rule file rules/" in line for line in lines)


def test_format_before_batch_is_kept(tmp_path: Path) -> None:
    """``recommend -f json batch ...`` writes JSON plans, as ``batch -f json`` does."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "me.toml").write_bytes((ROOT / "examples" / "me.toml").read_bytes())
    r = run("-f", "json", "batch", str(profiles), "--out", str(tmp_path / "plans"))
    assert r.returncode == 0, r.stderr
    assert [p.name for p in (tmp_path / "plans").iterdir()] == ["me.json"]


def test_a_profile_with_a_mistake_still_says_what_its_answers_say(tmp_path: Path) -> None:
    """A profile that cannot be read for a mistake elsewhere, whose screening answers say not to start, gets one
    error line with both: the mistake to mend, and that the person should see a doctor first."""
    profile = tmp_path / "me.toml"
    profile.write_text((ROOT / "examples" / "me.toml").read_text(encoding="utf-8").replace("age = ", "agee = ")
                       + '\n[screening]\nchest_pain_activity = "yes"\n', encoding="utf-8")
    r = run("--profile", str(profile), "--no-plugins")
    assert (r.returncode, r.stdout) == (3, "")  # see a professional first, as for any refusal
    assert r.stderr.startswith(f"recommend: error: {profile}: agee: unknown key; did you mean 'age'?; even so, its screening answers say: chest pain")
    assert len(r.stderr.splitlines()) == 1
    profile.write_text(profile.read_text(encoding="utf-8").replace('"yes"', "false"), encoding="utf-8")
    r = run("--profile", str(profile), "--no-plugins")
    assert r.returncode == 2
    assert r.stderr == f"recommend: error: {profile}: agee: unknown key; did you mean 'age'?\n"


def test_a_profile_that_is_not_toml_is_still_read_line_by_line_for_its_answers(tmp_path: Path) -> None:
    """An unclosed quote makes the whole file unreadable as TOML; the lines that read on their own, under their
    table, still say "dizziness = true", so the error line says to see a doctor, as for any other mistake."""
    profile = tmp_path / "me.toml"
    text = (ROOT / "examples" / "me.toml").read_text(encoding="utf-8").replace('experience = "beginner"', 'experience = "beginner')
    profile.write_text(text + "\n[screening]\ndizziness = true\n", encoding="utf-8")
    r = run("--profile", str(profile), "--no-plugins")
    assert (r.returncode, r.stdout) == (3, "")
    assert r.stderr.startswith(f"recommend: error: {profile}: invalid TOML: ")
    assert "; even so, its screening answers say: chest pain or dizziness" in r.stderr and len(r.stderr.splitlines()) == 1
    # A yes outside the screening table is not an answer.
    profile.write_text(text + "\ndizziness = true\n[screening]\nchest_pain_rest = false\n", encoding="utf-8")
    r = run("--profile", str(profile), "--no-plugins")
    assert r.returncode == 2 and "even so" not in r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", [["--profile", "examples/me.toml", "--today", "2026-12-02"], ["rules", "list"], ["schema", "plan"]])
def test_standard_output_that_cannot_be_written_is_one_line(argv: list[str]) -> None:
    """A full disk behind standard output is an error line with exit code 2, not an internal error."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        r = subprocess.run([sys.executable, "-m", "recommender", *argv], stdout=full, stderr=subprocess.PIPE, text=True,
                           cwd=ROOT, env={**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}, check=False)
    assert (r.returncode, r.stderr) == (2, "recommend: error: cannot write to standard output: No space left on device\n")


def test_closed_standard_output() -> None:
    """With standard output closed, the plan command says so; with --out it does not need it."""
    me = ["--profile", "examples/me.toml", "--today", "2026-12-02"]  # its plan still to come: no warning
    r = subprocess.run([sys.executable, "-m", "recommender", "--no-plugins", *me], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False, preexec_fn=lambda: os.close(1))
    assert (r.returncode, r.stderr) == (2, "recommend: error: standard output is closed (write the plan with --out FILE)\n")
    r = subprocess.run([sys.executable, "-m", "recommender", "--no-plugins", *me, "--out", os.devnull],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False, preexec_fn=lambda: os.close(1))
    assert (r.returncode, r.stderr) == (0, "")


def test_a_plan_to_a_pipe_is_utf_8_whatever_the_locale() -> None:
    """The bytes of a plan written to a pipe do not depend on the locale's encoding: HTML and JSON say UTF-8."""
    def plan(encoding: str) -> bytes:
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        return subprocess.run([sys.executable, "-m", "recommender", "--no-plugins", "--profile", "examples/me.toml", "-f", "html"],
                              capture_output=True, cwd=ROOT, env=env, check=True).stdout

    utf8 = plan("utf-8")
    assert plan("cp1252") == utf8 == plan("ascii")
    assert not utf8.isascii()


def test_init_keeps_a_path_with_a_line_break_out_of_the_profile_s_comment(tmp_path: Path) -> None:
    """A PATH holding a line break is shown escaped in the starter's comment and message, so the profile written
    is valid TOML."""
    path = tmp_path / "a\nb.toml"
    r = run("init", str(path), "--no-input")
    assert r.returncode == 0, r.stderr
    assert "a\\nb.toml" in r.stdout and len(r.stdout.splitlines()) == 2
    r = run("--profile", str(path))
    assert r.returncode == 0, r.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("name", ["me.toml", "my plan.toml", "a\nb.toml", "it's\x1b\u2028.toml", "back\\slash\t.toml"])
def test_the_suggested_command_names_the_file_written(name: str) -> None:
    """The command init suggests is one line, and a shell reads its path as exactly the file's name."""
    from recommender.starter import shell_word

    word = shell_word(name)
    assert word.isprintable()
    said = subprocess.run(["bash", "-c", f"printf '%s' {word}"], capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape")
    assert said == name


def _dated_profile(folder: Path, start: str | None, weeks: int = 4) -> Path:
    path = folder / "dated.toml"
    lines = ['age = 30', 'experience = "beginner"', 'goal = "general_fitness"', 'days = ["mon", "thu"]', 'session_minutes = 45', f"weeks = {weeks}"]
    path.write_text("\n".join([*lines, *([f"start = {start}"] if start else [])]) + "\n", encoding="utf-8")
    return path


def test_today_sets_the_day_a_profile_without_start_begins_after(tmp_path: Path) -> None:
    """--today plans as on that day: with no start, week 1 begins the Monday after it, the same bytes on any day."""
    profile = _dated_profile(tmp_path, None)
    r = run("--profile", str(profile), "--today", "2026-03-04", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["weeks"][0]["sessions"][0]["date"] == "2026-03-09"
    assert run("--profile", str(profile), "--today", "2026-03-04", "--format", "json").stdout == r.stdout
    # A Monday itself is not "after": the plan starts a week later.
    assert json.loads(run("--profile", str(profile), "--today", "2026-03-09", "-f", "json").stdout)["weeks"][0]["sessions"][0]["date"] == "2026-03-16"
    # batch takes it after the command or before it.
    folder = tmp_path / "in"
    folder.mkdir()
    profile.rename(folder / "p.toml")
    for i, args in enumerate([("batch", str(folder), "--today", "2026-03-04"), ("--today", "2026-03-04", "batch", str(folder))]):
        out = tmp_path / f"plans{i}"
        b = run(*args, "--out", str(out), "--format", "json")
        assert b.returncode == 0, b.stderr
        assert (out / "p.json").read_text(encoding="utf-8") == r.stdout


@pytest.mark.parametrize(("today", "warned"), [("2026-01-01", False), ("2026-01-20", False), ("2026-01-29", False), ("2026-01-30", True)])
def test_a_plan_wholly_in_the_past_is_planned_with_a_warning(tmp_path: Path, today: str, warned: bool) -> None:
    """A start so long ago that every session is over (a copied or old profile) gets a one-line warning naming the
    file and the key; a plan still to come or under way gets none, and the plan is printed either way."""
    profile = _dated_profile(tmp_path, "2026-01-05")  # 4 weeks of mon and thu: the last session is on 2026-01-29
    r = run("--profile", str(profile), "--today", today)
    assert r.returncode == 0 and r.stdout.startswith("Strength plan: 4 weeks"), r.stderr
    expected = (f"recommend: warning: {profile}: start = 2026-01-05: every session of this plan is in the past (the last on 2026-01-29); "
                "set start to a coming day, or leave it out to start the Monday after today\n")
    assert r.stderr == (expected if warned else "")
    if warned:
        piped = subprocess.run([sys.executable, "-m", "recommender", "--profile", "-", "--today", today], input=profile.read_text(encoding="utf-8"),
                               capture_output=True, text=True, cwd=ROOT, env={**os.environ, "RECOMMENDER_NO_PLUGINS": "1"}, check=False)
        assert (piped.returncode, piped.stdout, piped.stderr) == (0, r.stdout, expected.replace(str(profile), "<stdin>"))


@pytest.mark.parametrize(("given", "line"), [
    ("2026-13-01", "recommend: error: --today: expected a date like 2026-12-07, got '2026-13-01'"),
    ("20260301", "recommend: error: --today: expected a date like 2026-12-07, got '20260301'"),
    ("next monday", "recommend: error: --today: expected a date like 2026-12-07, got 'next monday'"),
    ("2026-W49-1", "recommend: error: --today: expected a date like 2026-12-07, got '2026-W49-1'"),
    # Digits of another script.
    ("\u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0661",
     "recommend: error: --today: expected a date like 2026-12-07, got '\u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0661'"),
    ("1999-12-31", "recommend: error: --today: expected a date from 2000-01-01 to 2999-12-31, got 1999-12-31"),
])
def test_a_bad_today_is_one_line(tmp_path: Path, given: str, line: str) -> None:
    """A --today that is not a date in range is refused in one line, before anything is planned or written."""
    profile = _dated_profile(tmp_path, None)
    r = run("--profile", str(profile), "--today", given, "--out", str(tmp_path / "plan.txt"))
    assert (r.returncode, r.stdout, r.stderr) == (2, "", line + "\n")
    assert not (tmp_path / "plan.txt").exists()
    folder = tmp_path / "in"
    folder.mkdir()
    profile.rename(folder / "p.toml")
    r = run("batch", str(folder), "--out", str(tmp_path / "plans"), "--today", given)
    assert (r.returncode, r.stderr) == (2, line + "\n")
    assert not (tmp_path / "plans").exists()


@pytest.mark.parametrize("command", [["formats"], ["rules", "list"], ["check", "plan.json", "--profile", "examples/me.toml"]])
def test_today_before_a_command_that_plans_nothing_is_refused(command: list[str]) -> None:
    """--today applies to planning (the plan command and batch): before another command it is an error, not ignored."""
    r = run("--today", "2026-12-02", *command)
    assert (r.returncode, r.stderr) == (2, f"recommend: error: --today: applies to the plan, not to '{command[0]}'\n")
