"""The outputs people use: every format for every example, the calendar,
the printable week in a real browser, the terminal, JSON Schema and
``recommend init``."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import Engine, load_profile, plan_from_dict, plan_to_dict, profile_from_toml
from recommender.cli import EPILOG, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
IDS = [p.stem for p in EXAMPLES]
FORMATS = ("text", "json", "markdown", "toml", "ics", "html")
ESC = b"\x1b["


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR" and (not k.startswith("RECOMMENDER_") or k == "RECOMMENDER_CACHE_DIR")}
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "recommender", *args], capture_output=True, env=env or _env(), cwd=cwd, timeout=120, stdin=subprocess.DEVNULL
    )


def _run_pty(*args: str, env: dict[str, str], typed: bytes = b"", cwd: Path = ROOT) -> tuple[int, bytes]:
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "recommender", *args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    if typed:
        os.write(master, typed)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks)


def _render(tmp: Path, profile: Path, fmt: str, *extra: str) -> str:
    out = tmp / f"{profile.stem}-{fmt}.out"
    assert main(["--no-plugins", "--profile", str(profile), "--format", fmt, "--out", str(out), *extra]) == 0
    return out.read_bytes().decode("utf-8")


@pytest.fixture(scope="module", name="outputs")
def _outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    tmp = tmp_path_factory.mktemp("outputs")
    return {(p.stem, f): _render(tmp, p, f) for p in EXAMPLES for f in FORMATS}


def _plan(outputs: dict[tuple[str, str], str], example: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(outputs[(example, "json")])
    return data


# -- every format, every example ---------------------------------------------


def test_formats_command_lists_every_format() -> None:
    """`recommend formats` lists the built-in formats, calendar and printable week included."""
    result = _run("--no-plugins", "formats")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.decode().splitlines()]
    assert set(FORMATS) <= set(names)
    assert ".ics" in result.stdout.decode() and ".html" in result.stdout.decode()


def test_a_plugin_adds_a_format_through_the_hook() -> None:
    """A plugin's recommender_output_formats hook adds a format next to the built-in ones."""
    from recommender import OutputFormat, hookimpl

    class CsvPlugin:
        @hookimpl
        def recommender_output_formats(self) -> tuple[OutputFormat, ...]:
            def render(plan: Any, ctx: Any) -> str:
                return "".join(f"{s.date},{len(s.exercises)}\n" for w in plan.weeks for s in w.sessions)

            return (OutputFormat("csv", "one line per session", ".csv", render),)

    engine = Engine(plugins=[CsvPlugin()])
    assert set(FORMATS) | {"csv"} == set(engine.formats)
    plan = engine.recommend(load_profile(ROOT / "examples" / "bodyweight.toml"))
    assert engine.render(plan, "csv").splitlines()[0] == f"{plan.weeks[0].sessions[0].date},{len(plan.weeks[0].sessions[0].exercises)}"


@pytest.mark.parametrize("example", IDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_for_every_example(outputs: dict[tuple[str, str], str], example: str, fmt: str) -> None:
    """Each format renders each example profile into a document of its kind."""
    text = outputs[(example, fmt)]
    plan = _plan(outputs, example)
    first_date = plan["weeks"][0]["sessions"][0]["date"]
    if fmt == "json":
        assert json.loads(text)["weeks"]
    elif fmt == "toml":
        assert tomllib.loads(text)["weeks"][0]["sessions"][0]["date"] == first_date
    elif fmt == "ics":
        assert text.startswith("BEGIN:VCALENDAR\r\n") and text.rstrip().endswith("END:VCALENDAR")
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    else:
        assert first_date in text
    first_exercise = plan["weeks"][0]["sessions"][0]["exercises"][0]["name"]
    if fmt not in ("json", "toml"):
        shown = text.replace("\r\n ", "") if fmt == "ics" else text
        assert first_exercise.replace("&", "&amp;") in shown or first_exercise in shown


@pytest.mark.parametrize("example", IDS)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "ics"])
def test_plans_with_holds_say_what_a_rep_in_reserve_is_in_seconds(outputs: dict[tuple[str, str], str], example: str, fmt: str) -> None:
    """A hold's dose is in seconds and its effort in reps in reserve: each format read by a person says how many
    seconds a rep in reserve is, where it shows a hold (the printable week shows week 1), and stays quiet otherwise."""
    from recommender.plan import SECONDS_PER_REP

    plan = _plan(outputs, example)
    weeks = plan["weeks"][:1] if fmt == "html" else plan["weeks"]
    holds = any(e["unit"] == "seconds" for w in weeks for s in w["sessions"] for e in s["exercises"])
    text = outputs[(example, fmt)]
    if fmt == "ics":
        text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\n", " ")
    sentence = f"For a hold (s), stop with {SECONDS_PER_REP} seconds still in you for each rep in reserve."
    assert (sentence in " ".join(text.split())) is holds
    assert "RIR = reps in reserve" in text
    if fmt == "ics":
        # One per session that has a hold, in that session's event.
        with_holds = sum(any(e["unit"] == "seconds" for e in s["exercises"]) for w in plan["weeks"] for s in w["sessions"])
        assert " ".join(text.split()).count(sentence) == with_holds


@pytest.mark.parametrize("fmt", FORMATS)
def test_outputs_are_deterministic(tmp_path: Path, fmt: str) -> None:
    """Rendering the same profile twice gives the same bytes in every format."""
    profile = ROOT / "examples" / "me.toml"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _render(tmp_path / "a", profile, fmt) == _render(tmp_path / "b", profile, fmt)


# -- calendar ----------------------------------------------------------------


def _events(text: str) -> list[Any]:
    import icalendar

    cal = icalendar.Calendar.from_ical(text)
    return list(cal.walk("VEVENT"))


@pytest.mark.parametrize("example", IDS)
def test_ics_has_one_event_per_session(outputs: dict[tuple[str, str], str], example: str) -> None:
    """The calendar holds weeks x sessions events, each at its session's date, start time and length."""
    plan = _plan(outputs, example)
    events = _events(outputs[(example, "ics")])
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    assert len(events) == len(plan["weeks"]) * len(plan["weeks"][0]["sessions"]) == len(sessions)
    start_time = load_profile(ROOT / "examples" / f"{example}.toml").start_time
    for event, s in zip(sorted(events, key=lambda e: e.decoded("dtstart")), sessions, strict=True):
        start = event.decoded("dtstart")
        assert start.tzinfo is None, "sessions are in floating local time"
        assert start.date().isoformat() == s["date"]
        assert start.strftime("%H:%M") == start_time
        assert event.decoded("duration") == datetime.timedelta(minutes=s["minutes"])
        description = str(event.get("description"))
        for e in s["exercises"]:
            assert e["name"] in description
        assert f"RIR {s['exercises'][0]['rir']}" in description
        assert f"rest {s['exercises'][0]['rest_seconds']}s" in description
    assert len({str(e.get("uid")) for e in events}) == len(events)


def test_ics_carries_critical_and_warning_notices(outputs: dict[tuple[str, str], str]) -> None:
    """Every event repeats the critical and warning notices (here: see a professional, stop signs), the critical
    ones first, before the exercises, as in every output."""
    plan = _plan(outputs, "older-hypertension")
    critical = [n["text"] for n in plan["notices"] if n["level"] == "critical"]
    urgent = [n["text"] for n in plan["notices"] if n["level"] in ("critical", "warning")]
    assert critical and len(urgent) > len(critical)
    for event in _events(outputs[("older-hypertension", "ics")]):
        description = str(event.get("description"))
        assert all(text in description for text in urgent)
        assert description.startswith("\n".join(f"IMPORTANT: {text}" for text in critical) + "\n\nWeek ")


def _uids(tmp_path: Path, profile_text: str, name: str) -> list[str]:
    path = tmp_path / f"{name}.toml"
    path.write_text(profile_text, encoding="utf-8")
    return [str(e.get("uid")) for e in _events(_render(tmp_path, path, "ics"))]


def test_ics_uids_survive_plan_updates(tmp_path: Path) -> None:
    """Re-importing an updated plan (other equipment, another training day) replaces events: the UIDs stay."""
    base = (ROOT / "examples" / "me.toml").read_text(encoding="utf-8")
    original = _uids(tmp_path, base, "original")
    assert _uids(tmp_path, base, "again") == original
    other_kit = base.replace('equipment = ["dumbbells", "resistance_band"]', 'equipment = ["kettlebell"]')
    assert other_kit != base
    assert _uids(tmp_path, other_kit, "kit") == original
    other_day = base.replace('days = ["mon", "wed", "fri", "sat"]', 'days = ["tue", "fri"]')
    assert other_day != base
    assert _uids(tmp_path, other_day, "day") == original
    later = base.replace("start = 2026-12-07", "start = 2027-01-04")
    assert not set(_uids(tmp_path, later, "later")) & set(original), "a new start date is a new plan"


def test_ics_uses_the_profiles_start_time(tmp_path: Path) -> None:
    """`start_time` in the profile sets every event's start."""
    path = tmp_path / "early.toml"
    path.write_text((ROOT / "examples" / "bodyweight.toml").read_text(encoding="utf-8") + 'start_time = "06:45"\n', encoding="utf-8")
    starts = {e.decoded("dtstart").strftime("%H:%M") for e in _events(_render(tmp_path, path, "ics"))}
    assert starts == {"06:45"}


def test_ics_without_icalendar_says_how_to_install(tmp_path: Path) -> None:
    """Without icalendar installed, --format ics is a one-line error naming the extra, exit code 2."""
    code = (
        "import sys; sys.modules['icalendar'] = None\n"
        "from recommender.cli import main\n"
        f"raise SystemExit(main(['--no-plugins', '--profile', {str(ROOT / 'examples' / 'me.toml')!r}, '--today', '2026-12-02', '--format', 'ics']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(), timeout=120)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1
    assert "pip install 'recommender[calendar]'" in err
    assert result.stdout == b""


# -- printable week ----------------------------------------------------------


@pytest.mark.parametrize("example", IDS)
def test_html_is_self_contained(outputs: dict[tuple[str, str], str], example: str) -> None:
    """The page loads nothing: no scripts, links, sources or URLs, and a CSP that forbids them."""
    page = outputs[(example, "html")]
    lowered = page.lower()
    for banned in ("<script", "<link", "src=", "url(", "@import", "http://", "https://", "<iframe"):
        assert banned not in lowered, banned
    assert "default-src 'none'" in page
    assert "@media print" in page and "@page" in page


@pytest.mark.parametrize("example", IDS)
def test_html_shows_week_one_and_the_weeks_after(outputs: dict[tuple[str, str], str], example: str) -> None:
    """Week 1's sessions list every exercise with sets x reps, RIR and rest; later weeks get one row each."""
    import html

    plan = _plan(outputs, example)
    page = outputs[(example, "html")]
    for s in plan["weeks"][0]["sessions"]:
        assert s["date"] in page
        for e in s["exercises"]:
            unit = " s" if e["unit"] == "seconds" else ""
            row = f'{html.escape(e["name"])}</td><td class="num">{e["sets"]} x {e["reps"][0]}-{e["reps"][1]}{unit}</td>'
            assert row in page
    assert page.count('<article class="day">') == len(plan["weeks"][0]["sessions"])
    later = page.split('<section class="later">', 1)[1].split("</section>", 1)[0] if len(plan["weeks"]) > 1 else ""
    assert later.count("<tr") == (len(plan["weeks"]) - 1) + (1 if later else 0)
    assert html.escape(plan["aerobic"]["text"]) in page


def test_html_puts_critical_notices_first(outputs: dict[tuple[str, str], str]) -> None:
    """A critical notice (see a professional) is at the top of the page, before week 1."""
    import html

    plan = _plan(outputs, "older-hypertension")
    page = outputs[("older-hypertension", "html")]
    critical = next(n["text"] for n in plan["notices"] if n["level"] == "critical")
    assert page.index(html.escape(critical)) < page.index("<h2>Week 1")
    assert '<div class="notice critical" role="alert">' in page


def test_html_escapes_every_text(engine: Engine) -> None:
    """Names and notices from packs or rules cannot inject markup into the page."""
    profile = load_profile(ROOT / "examples" / "me.toml")
    data = plan_to_dict(engine.recommend(profile))
    evil = '<img src=x onerror="alert(1)">&'
    data["weeks"][0]["sessions"][0]["exercises"][0]["name"] = evil
    data["notices"][0]["text"] = evil
    data["swaps"][0]["replacement_name"] = evil
    page = engine.render(plan_from_dict(data), "html", profile=profile)
    assert "<img" not in page
    assert page.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;") == 3


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG with the standard library; return width, height, pixel rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0, "unexpected PNG layout"
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    prev, rows, i = bytearray(stride), [], 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride) if kind else ():
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                pred = a
            elif kind == 2:
                pred = b
            elif kind == 3:
                pred = (a + b) >> 1
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pred) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for j, v in enumerate(line) if j % 4 != 3))
        prev = line
    return width, height, rows


def _pixels(rows: list[bytes]) -> Iterator[tuple[int, int, int]]:
    for row in rows:
        for x in range(0, len(row), 3):
            yield row[x], row[x + 1], row[x + 2]


def test_html_renders_in_headless_chromium(outputs: dict[tuple[str, str], str], tmp_path: Path) -> None:
    """Chromium loads the printable week with no console errors and paints the styled page (not blank)."""
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium found (install the Debian package `chromium`; .ci/run does)")
    page = tmp_path / "week.html"
    page.write_text(outputs[("me", "html")], encoding="utf-8")
    shot = tmp_path / "week.png"
    result = subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
            f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri(),
        ],
        capture_output=True, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    log = result.stderr.decode(errors="replace")
    assert result.returncode == 0, log[-2000:]
    assert ":CONSOLE" not in log, [line for line in log.splitlines() if ":CONSOLE" in line]
    width, height, rows = _png_rows(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    counts: dict[tuple[int, int, int], int] = {}
    for px in _pixels(rows):
        counts[px] = counts.get(px, 0) + 1
    white = counts.get((255, 255, 255), 0)
    assert white < 0.97 * width * height, "the page is (nearly) blank"
    assert len(counts) > 50, "too few colours for rendered text"
    # The training days in the week strip are filled with the accent colour,
    # and the warning-signs box with its own: the style sheet was applied.
    assert counts.get((0x1F, 0x5F, 0x8B), 0) > 5000
    assert counts.get((0xFF, 0xF6, 0xDD), 0) > 5000


# -- terminal ----------------------------------------------------------------


@pytest.mark.parametrize("example", IDS)
@pytest.mark.parametrize("explain", [False, True])
def test_text_fits_80_columns(tmp_path: Path, example: str, explain: bool) -> None:
    """Every line of the text plan, with or without --explain, is at most 80 characters."""
    text = _render(tmp_path, ROOT / "examples" / f"{example}.toml", "text", *(["--explain"] if explain else []))
    too_long = [line for line in text.splitlines() if len(line) > 80]
    assert not too_long


def test_one_week_and_one_set_read_as_singular(tmp_path: Path) -> None:
    """A one-week plan says "1 week", and a deload week of one set says "1 set"."""
    profile = tmp_path / "short.toml"
    profile.write_text((ROOT / "examples" / "me.toml").read_text(encoding="utf-8").replace("weeks = 8", "weeks = 1"), encoding="utf-8")
    for fmt in ("text", "html"):
        out = _render(tmp_path, profile, fmt)
        assert "1 weeks" not in out and "1 week, 2 sessions a week" in out, fmt
    profile.write_text((ROOT / "examples" / "me.toml").read_text(encoding="utf-8").replace("weeks = 8", "weeks = 12"), encoding="utf-8")
    text = _render(tmp_path, profile, "text")
    assert "same exercises, 1 set, reps" in text and " 1 sets" not in text


def test_text_is_not_coloured_when_piped() -> None:
    """Piped output (not a terminal) has no escape codes."""
    result = _run("--no-plugins", "--profile", "examples/me.toml")
    assert result.returncode == 0 and result.stdout
    assert b"\x1b" not in result.stdout


def test_color_always_colours_and_reads_the_same() -> None:
    """--color always adds escape codes and nothing else: without them the text is identical."""
    plain = _run("--no-plugins", "--profile", "examples/me.toml", "--color", "never").stdout
    coloured = _run("--no-plugins", "--profile", "examples/me.toml", "--color", "always").stdout
    assert ESC in coloured and b"\x1b" not in plain
    assert re.sub(rb"\x1b\[[0-9;]*m", b"", coloured) == plain


def test_no_color_is_respected_when_piped() -> None:
    """NO_COLOR with --color auto gives no escape codes."""
    result = _run("--no-plugins", "--profile", "examples/me.toml", "--color", "auto", env=_env(NO_COLOR="1"))
    assert result.returncode == 0 and b"\x1b" not in result.stdout


def test_colour_on_a_terminal_unless_no_color() -> None:
    """On a real terminal auto mode colours the plan; NO_COLOR or TERM=dumb turns it off."""
    code, out = _run_pty("--no-plugins", "--profile", "examples/me.toml", env=_env())
    assert code == 0 and ESC in out
    code, out = _run_pty("--no-plugins", "--profile", "examples/me.toml", env=_env(NO_COLOR="1"))
    assert code == 0 and b"Strength plan" in out and b"\x1b" not in out
    code, out = _run_pty("--no-plugins", "--profile", "examples/me.toml", env=_env(TERM="dumb"))
    assert code == 0 and b"Strength plan" in out and b"\x1b" not in out


def test_output_redirected_from_a_terminal_is_not_coloured(tmp_path: Path) -> None:
    """`recommend ... > plan.txt` typed at a terminal: stderr stays on the terminal, but the file has no escape codes."""
    import pty

    master, slave = pty.openpty()
    out = tmp_path / "plan.txt"
    with out.open("wb") as fh:
        code = subprocess.run([sys.executable, "-m", "recommender", "--no-plugins", "--profile", "examples/me.toml"],
                              stdin=slave, stdout=fh, stderr=slave, env=_env(), cwd=ROOT, timeout=120, check=False).returncode
    os.close(slave)
    os.close(master)
    assert code == 0 and out.read_bytes().startswith(b"Strength plan") and b"\x1b" not in out.read_bytes()


# -- JSON Schema ---------------------------------------------------------------


def _json_ready(value: Any) -> Any:
    """TOML data as JSON would carry it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _validator(which: str) -> Any:
    import jsonschema

    result = _run("schema", which)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module", name="profile_validator")
def _profile_validator() -> Any:
    return _validator("profile")


@pytest.fixture(scope="module", name="plan_validator")
def _plan_validator() -> Any:
    return _validator("plan")


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_every_example_profile_matches_the_schema(profile_validator: Any, example: Path) -> None:
    """Each example profile validates against `recommend schema profile`."""
    data = _json_ready(tomllib.loads(example.read_text(encoding="utf-8")))
    assert not [e.message for e in profile_validator.iter_errors(data)]


@pytest.mark.parametrize("example", IDS)
def test_every_example_plan_matches_the_schema(plan_validator: Any, outputs: dict[tuple[str, str], str], example: str) -> None:
    """Each example's --format json output validates against `recommend schema plan`."""
    assert not [e.message for e in plan_validator.iter_errors(_plan(outputs, example))]


BAD_PROFILES = {
    "age is text": {"age": "x"},
    "unknown key": {"favourite_colour": "blue"},
    "age below the adult bound": {"age": 12},
    "unknown day": {"days": ["mon", "someday"]},
    "duplicate day": {"days": ["mon", "mon"]},
    "no days": {"days": []},
    "boolean for minutes": {"session_minutes": True},
    "bad start time": {"start_time": "25:00"},
    "bad date": {"start": "next monday"},
    "ISO week date": {"start": "2026-W50-1"},
    "basic-format date": {"start": "20261207"},
    "unknown screening question": {"screening": {"feeling_lucky": True}},
    "more packs than the limit": {"packs": [f"pack-{i}" for i in range(33)]},
    "start before 2000": {"start": "1999-12-27"},
    "start after 2999": {"start": "3000-01-06"},
}


@pytest.mark.parametrize("change", list(BAD_PROFILES.values()), ids=list(BAD_PROFILES))
def test_bad_profiles_fail_the_schema_and_the_loader(profile_validator: Any, change: dict[str, Any]) -> None:
    """A profile the loader rejects is also invalid under the schema."""
    from recommender import ProfileError, profile_from_dict

    data = _json_ready(tomllib.loads((ROOT / "examples" / "me.toml").read_text(encoding="utf-8")))
    data.update(change)
    assert list(profile_validator.iter_errors(data))
    with pytest.raises(ProfileError):
        profile_from_dict(data)


def test_plan_schema_rejects_unknown_and_missing_keys(plan_validator: Any, outputs: dict[tuple[str, str], str]) -> None:
    """An extra key or a missing required key in a plan fails the schema, as plan_from_dict fails it."""
    from recommender import PlanFileError

    extra = _plan(outputs, "me")
    extra["weeks"][0]["sessions"][0]["exercises"][0]["colour"] = "red"
    missing = _plan(outputs, "me")
    del missing["weeks"][0]["sessions"][0]["date"]
    for data in (extra, missing):
        assert list(plan_validator.iter_errors(data))
        with pytest.raises(PlanFileError):
            plan_from_dict(data)


def _plan_edits() -> dict[str, Any]:
    def at_session(key: str, value: Any) -> Any:
        return lambda d: d["weeks"][0]["sessions"][0].__setitem__(key, value)

    return {
        "ISO week date": at_session("date", "2026-W50-1"),
        "basic-format date": at_session("date", "20261207"),
        "ordinal date": at_session("date", "2026-341"),
        "unknown notice level": lambda d: d["notices"][0].__setitem__("level", "shout"),
        "400-digit set count": lambda d: d["weeks"][0]["sessions"][0]["exercises"][0].__setitem__("sets", 10**400),
        "negative rest": lambda d: d["weeks"][0]["sessions"][0]["exercises"][0].__setitem__("rest_seconds", -1),
        "huge target reps": lambda d: d["weeks"][0]["sessions"][0]["exercises"][0]["target_reps"].__setitem__(0, 10**20),
        "huge aerobic minutes": lambda d: d["aerobic"].__setitem__("minutes_max", 10**9),
        "more weeks than the limit": lambda d: d.__setitem__("weeks", d["weeks"] * 53),
        "more sessions a week than the limit": lambda d: d["weeks"][0].__setitem__("sessions", d["weeks"][0]["sessions"] * 8),
        "more exercises a session than the limit": lambda d: d["weeks"][0]["sessions"][0].__setitem__(
            "exercises", d["weeks"][0]["sessions"][0]["exercises"] * 41),
    }


@pytest.mark.parametrize("edit", list(_plan_edits()), ids=list(_plan_edits()))
def test_plan_values_the_schema_rejects_the_loader_rejects(plan_validator: Any, outputs: dict[tuple[str, str], str], edit: str) -> None:
    """A value outside the plan schema (date form, notice level, integer bounds) fails plan_from_dict too."""
    from recommender import PlanFileError

    data = _plan(outputs, "me")
    _plan_edits()[edit](data)
    assert list(plan_validator.iter_errors(data))
    with pytest.raises(PlanFileError):
        plan_from_dict(data)


_DATE_TEXTS = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.dates().map(lambda d: "{:04d}-W{:02d}-{}".format(*d.isocalendar())),
    st.from_regex(r"\A[0-9W-]{4,12}\Z"),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_DATE_TEXTS)
def test_plan_loader_and_schema_agree_on_dates(plan_validator: Any, outputs: dict[tuple[str, str], str], text: str) -> None:
    """A session date string loads exactly when the plan schema accepts it."""
    from recommender import PlanFileError

    data = _plan(outputs, "me")
    data["weeks"][0]["sessions"][0]["date"] = text
    valid = not list(plan_validator.iter_errors(data))
    try:
        plan_from_dict(data)
    except PlanFileError as exc:
        assert not valid, exc.line()
        assert exc.key_path == "weeks[0].sessions[0].date"
    else:
        assert valid, text


# -- recommend init ------------------------------------------------------------


def test_init_writes_a_profile_that_plans(tmp_path: Path) -> None:
    """`recommend init` (not on a terminal) writes a commented profile from flags that loads and plans."""
    result = _run(
        "init", "mine.toml", "--age", "51", "--experience", "intermediate", "--goal", "strength",
        "--target-area", "back", "--target-area", "legs", "--equipment", "dumbbells,resistance_band", "--injury", "shoulder",
        "--day", "tue", "--day", "fri", "--minutes", "75", "--weeks", "6", "--start", "2027-01-04",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "mine.toml").read_text(encoding="utf-8")
    assert text.startswith("#") and "[screening]" in text
    profile = load_profile(tmp_path / "mine.toml")
    assert (profile.age, profile.experience, profile.goal) == (51, "intermediate", "strength")
    assert profile.target_areas == ("back", "legs")
    assert (profile.equipment, profile.injuries, profile.days) == (("dumbbells", "resistance_band"), ("shoulder",), ("tue", "fri"))
    assert (profile.session_minutes, profile.weeks, profile.start) == (75, 6, datetime.date(2027, 1, 4))
    planned = _run("--no-plugins", "--profile", "mine.toml", "--format", "json", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert len(json.loads(planned.stdout)["weeks"]) == 6


def test_init_defaults_to_me_toml(tmp_path: Path) -> None:
    """With no path and no flags, init writes me.toml with the documented defaults."""
    result = _run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    profile = load_profile(tmp_path / "me.toml")
    assert (profile.experience, profile.days, profile.session_minutes) == ("beginner", ("mon", "wed", "fri"), 45)
    assert all(len(line) <= 80 for line in (tmp_path / "me.toml").read_text(encoding="utf-8").splitlines())


def test_init_dash_writes_to_standard_output(tmp_path: Path) -> None:
    """``init -`` prints the starter profile (no file named '-', no questions)."""
    result = _run("init", "-", "--age", "52", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
    assert profile_from_toml(result.stdout.decode(), source="-").age == 52


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    """An existing file is left alone (exit 2, one line naming it and --force); --force replaces it."""
    (tmp_path / "me.toml").write_text("keep me\n", encoding="utf-8")
    result = _run("init", "--age", "30", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "recommend: error: me.toml: already exists; use --force to overwrite it"
    assert (tmp_path / "me.toml").read_text(encoding="utf-8") == "keep me\n"
    result = _run("init", "--age", "30", "--force", cwd=tmp_path)
    assert result.returncode == 0
    assert load_profile(tmp_path / "me.toml").age == 30


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--age", "x"], "recommend: error: --age: expected an integer, got string 'x'"),
        (["--age", "12"], "recommend: error: --age: expected an integer from 18 to 100 (plans are for adults), got 12"),
        (["--day", "fry"], "did you mean 'fri'?"),
        (["--equipment", "dumbels"], "recommend: error: --equipment: expected one of"),
        (["--start", "2026-W50-1"], "recommend: error: --start: expected a date like 2026-12-07, got string '2026-W50-1'"),
    ],
)
def test_init_rejects_bad_flags_without_writing(tmp_path: Path, flags: list[str], message: str) -> None:
    """A bad flag is a one-line error naming the flag, exit 2, and no file is written."""
    result = _run("init", *flags, cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and message in err
    assert not (tmp_path / "me.toml").exists()


def test_init_asks_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal init asks its questions, health conditions included, re-asks after a bad answer and keeps defaults on Enter."""
    answers = [b"abc", b"63", b"", b"fat_loss", b"legs, glutes", b"resistance_band", b"none", b"osteoporosis", b"tue,thu,sat", b"30"]
    typed = b"\n".join(answers) + b"\n"
    code, out = _run_pty("init", "answers.toml", env=_env(), typed=typed, cwd=tmp_path)
    assert code == 0, out.decode(errors="replace")
    assert b"expected an integer" in out
    profile = load_profile(tmp_path / "answers.toml")
    assert (profile.age, profile.experience, profile.goal) == (63, "beginner", "fat_loss")
    assert (profile.target_areas, profile.equipment, profile.injuries) == (("legs", "glutes"), ("resistance_band",), ())
    assert profile.conditions == ("osteoporosis",)
    assert (profile.days, profile.session_minutes) == (("tue", "thu", "sat"), 30)


# -- help and version ----------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    """--version prints the installed version."""
    from importlib.metadata import version

    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"recommend {version('recommender')}"


def test_help_examples_are_real_commands() -> None:
    """Every example in --help parses with the real argument parser and its format exists."""
    lines = [line for line in EPILOG.splitlines() if line.startswith("  recommend ")]
    assert len(lines) >= 8
    formats = set(Engine(plugins=False).formats)
    for line in lines:
        # An example is the whole line, or the part before its description.
        parsed = []
        for command in dict.fromkeys((line.strip(), re.split(r"\s{2,}", line.strip())[0], line[:46].strip())):
            try:
                ns = build_parser().parse_args(command.split()[1:])
            except SystemExit:
                continue
            parsed.append(getattr(ns, "format", "text") in formats)
        assert any(parsed), line
    help_text = _run("--help").stdout.decode()
    assert "recommend init me.toml" in help_text and "--format ics" in help_text


def test_markdown_says_how_each_week_progresses(outputs: dict[tuple[str, str], str]) -> None:
    """The Markdown plan says what changes each week, as the text and HTML plans do: the week-1
    load to pick, then each later week's reps per set, load and note."""
    md = outputs[("me", "markdown")]
    weeks = md.split("\n## Week ")[1:]
    assert "Progression: week 1: pick a load you can lift 8 times" in weeks[0]
    assert "Progression: 2 sets, reps 9/8 (holds 27/24 s), load 100% of week 1, RIR 2: add one rep to one set" in weeks[1]
    assert weeks[4].startswith("5 (deload)") and "Progression: 1 set, reps 11 (holds 33 s), load 90% of week 1, RIR 4: deload" in weeks[4]


def test_later_weeks_give_reps_from_an_exercise_done_in_reps(tmp_path: Path) -> None:
    """When a session opens with a hold (a wall sit, in seconds), the later weeks' summary still gives
    reps per set from an exercise done in reps, and the holds' seconds beside them, never "reps 27/24"."""
    profile = tmp_path / "wall.toml"
    profile.write_text(
        'age = 27\nexperience = "beginner"\ngoal = "fat_loss"\ntarget_areas = ["legs"]\nequipment = ["kettlebell", "barbell"]\n'
        'days = ["mon", "wed", "fri"]\nsession_minutes = 60\nweeks = 4\nstart = 2026-12-07\n',
        encoding="utf-8",
    )
    plan = json.loads(_render(tmp_path, profile, "json"))
    assert plan["weeks"][0]["sessions"][0]["exercises"][0]["unit"] == "seconds"
    text = _render(tmp_path, profile, "text")
    assert "same exercises, 2 sets, reps 9/8 (holds 27/24 s), load 100%" in text
    md = _render(tmp_path, profile, "markdown")
    assert "Progression: 2 sets, reps 9/8 (holds 27/24 s), load 100%" in md
    html = _render(tmp_path, profile, "html")
    assert '<td class="num">9/8 (holds 27/24 s)</td>' in html


def test_markdown_shows_rule_and_pack_texts_literally() -> None:
    """A notice from a user's rule (or a plugin's exercise name) with markup,
    raw HTML or line breaks stays literal text inside its quote in Markdown."""
    from recommender import Engine, RuleSource, load_profile

    text = 'Warm up <script>alert(1)</script> *well*\\nand | [rest](http://x) # &amp; ok'
    rule = RuleSource("mine.toml", f'[[rule]]\nid = "user.note"\nnotice = "{text}"\nbecause = "b"\nsource = "s"\n')
    engine = Engine(plugins=False, rules=[rule])
    profile = load_profile(Path(__file__).resolve().parent.parent / "examples" / "me.toml")
    md = engine.render(engine.recommend(profile), "markdown")
    [line] = [ln for ln in md.splitlines() if "Warm up" in ln]
    assert line == r"> Warm up \<script\>alert(1)\</script\> \*well\* and \| \[rest\](http://x) \# \&amp; ok"
    assert "<script>" not in md


def test_markdown_shows_a_read_plan_s_day_and_tags_literally() -> None:
    """A plan read from a file may hold any string as a session's day or a
    swap's tag: in Markdown they stay literal text too."""
    from recommender import Engine, load_profile, plan_from_dict, plan_to_dict

    engine = Engine(plugins=False)
    profile = load_profile(Path(__file__).resolve().parent.parent / "examples" / "me.toml")
    data = plan_to_dict(engine.recommend(profile))
    assert data["swaps"]
    data["weeks"][0]["sessions"][0]["day"] = "<script>alert(1)</script>"
    data["swaps"][0]["tags"] = ["[x](http://x) <img src=y>"]
    md = engine.render(plan_from_dict(data), "markdown")
    assert r"### \<script\>alert(1)\</script\> 2026-12-07 " in md
    assert r"(\[x\](http://x) \<img src=y\>)" in md
