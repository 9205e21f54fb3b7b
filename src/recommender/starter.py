"""``recommend init``: write a commented starter profile.

On a terminal it asks a few questions (each with a default; Enter keeps it);
otherwise it takes flags.  Every answer is checked by the same loader that
reads profiles, and the finished file is loaded once more before it is
written, so ``init`` can never leave a profile that ``recommend`` rejects.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from .vocabulary import AREAS, CONDITIONS, DAYS, GOALS, INJURIES, LEVELS

__all__ = ["DEFAULTS", "add_init_arguments", "run_init", "starter_text"]

#: The starter profile's values when nothing else is said.
DEFAULTS: Mapping[str, Any] = {
    "age": 40,
    "experience": "beginner",
    "goal": "general_fitness",
    "target_areas": [],
    "equipment": [],
    "injuries": [],
    "conditions": [],
    "days": ["mon", "wed", "fri"],
    "session_minutes": 45,
    "weeks": 8,
    "start_time": "18:00",
}

# Profile key -> (flag, dest, is a list).
_FLAGS: dict[str, tuple[str, str, bool]] = {
    "age": ("--age", "age", False),
    "experience": ("--experience", "experience", False),
    "goal": ("--goal", "goal", False),
    "target_areas": ("--target-area", "target_area", True),
    "equipment": ("--equipment", "equipment", True),
    "injuries": ("--injury", "injury", True),
    "conditions": ("--condition", "condition", True),
    "days": ("--day", "day", True),
    "session_minutes": ("--minutes", "minutes", False),
    "weeks": ("--weeks", "weeks", False),
    "start_time": ("--start-time", "start_time", False),
    "start": ("--start", "start", False),
}

_INTS = ("age", "session_minutes", "weeks")


def add_init_arguments(p: argparse.ArgumentParser) -> None:
    """The ``init`` subcommand's arguments."""
    p.add_argument("path", metavar="PATH", nargs="?", default="me.toml", help="where to write the profile (default: me.toml; - for standard output)")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.add_argument("--no-input", action="store_true", help="ask nothing, even on a terminal: use the flags and defaults")
    p.add_argument("--age", metavar="YEARS", help="your age (default 40)")
    p.add_argument("--experience", metavar="LEVEL", help="beginner (default), intermediate or advanced")
    p.add_argument("--goal", metavar="GOAL", help="fat_loss, strength or general_fitness (default)")
    p.add_argument("--target-area", metavar="AREA", action="append", help="an area to emphasise (repeatable, or comma-separated)")
    p.add_argument("--equipment", metavar="ITEM", action="append", help="equipment you have (repeatable; bodyweight is always available)")
    p.add_argument("--injury", metavar="INJURY", action="append", help="an injury to train around (repeatable)")
    p.add_argument("--condition", metavar="CONDITION", action="append", help="a health condition (repeatable)")
    p.add_argument("--day", metavar="DAY", action="append", help="a day you can train, mon..sun (repeatable; default mon, wed, fri)")
    p.add_argument("--minutes", metavar="N", help="minutes per session (default 45)")
    p.add_argument("--weeks", metavar="N", help="plan length in weeks (default 8)")
    p.add_argument("--start-time", metavar="HH:MM", help="when sessions start, for the calendar (default 18:00)")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="first day of week 1 (default: next Monday)")


def _int_or_text(text: str) -> int | str:
    # Non-numbers go through as text so the loader names the problem.
    try:
        return int(text.strip())
    except ValueError:
        return text


def _split(values: list[str]) -> list[str]:
    return [v.strip() for item in values for v in item.replace(" ", ",").split(",") if v.strip()]


def _from_flags(ns: argparse.Namespace) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for key, (_, dest, is_list) in _FLAGS.items():
        raw = getattr(ns, dest, None)
        if raw is None:
            continue
        if is_list:
            items = _split(raw)
            given[key] = [] if items in (["none"], ["-"]) else items
        elif key in _INTS:
            given[key] = _int_or_text(raw)
        else:
            given[key] = raw.strip()
    return given


def _check(values: Mapping[str, Any]) -> None:
    """Raise the loader's error, naming the flag, for the first problem."""
    from .errors import InputError, ProfileError
    from .profile import profile_from_dict

    try:
        profile_from_dict(values, source="recommend init")
    except ProfileError as exc:
        key = (exc.key_path or "").split("[", 1)[0].split(".", 1)[0]
        flag = _FLAGS[key][0] if key in _FLAGS else exc.key_path
        raise InputError(exc.message, key_path=flag, expected=exc.expected) from None


def _toml_value(value: Any) -> str:
    # JSON string escapes are valid TOML basic-string escapes; inline arrays
    # keep one key per line so the comments line up.
    import json

    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _comment(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, 79, initial_indent="# ", subsequent_indent="#   ")


def shell_word(path: str) -> str:
    """``path`` as one word for a POSIX shell, on one line: quoted as
    shlex does, or, when it holds a line break or another unprintable
    character, as ``$'...'`` with the character escaped (bash, zsh, ksh)."""
    import shlex

    if path.isprintable():
        return shlex.quote(path)
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", "'": "\\'"}
    escaped = "".join(named.get(ch) or (ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\U{ord(ch):08x}")
                      for ch in path)
    return f"$'{escaped}'"


def starter_text(values: Mapping[str, Any], path: str = "me.toml") -> str:
    """The commented TOML of a starter profile with ``values``."""
    from .vocabulary import AREAS, CONDITIONS, EQUIPMENT, INJURIES, SCREENING_QUESTIONS

    def line(key: str, comment: str) -> str:
        return f"{key} = {_toml_value(values[key])}".ljust(36) + f"  # {comment}"

    start = values.get("start")
    lines = [
        "# Your training profile.  Edit any value, then run:",
        f"#   recommend --profile {shell_word(path)}",
        "# Every key is described by `recommend schema profile`.",
        "",
        line("age", "18-100"),
        line("experience", "beginner | intermediate | advanced"),
        line("goal", "fat_loss | strength | general_fitness"),
        f"# areas: {', '.join(AREAS)}",
        line("target_areas", "trained first and most"),
        *_comment("equipment: " + ", ".join(e for e in EQUIPMENT if e != "bodyweight")),
        line("equipment", "bodyweight is always available"),
        f"# injuries: {', '.join(INJURIES)}",
        line("injuries", "exercises that load them are swapped"),
        f"# conditions: {', '.join(CONDITIONS)}",
        line("conditions", "each one changes the plan"),
        line("days", "days you can train: mon ... sun"),
        line("session_minutes", "15-180, warm-up included"),
        line("weeks", "plan length, 1-52"),
        line("start_time", "when sessions start (calendar output)"),
        f"start = {start}".ljust(36) + "  # week 1 starts on this day"
        if start
        else "# start = 2026-12-07".ljust(36) + "  # week 1 starts (default: next Monday)",
        "",
        "# Health screening.  Set a question to true if your answer is yes: the",
        "# plan will then tell you to talk to a doctor first, and some answers",
        "# mean no plan until you have (medical_clearance records that you have).",
        "[screening]",
    ]
    for key, question in SCREENING_QUESTIONS.items():
        lines.extend(_comment(question))
        lines.append(f"{key} = false")
    lines.append("# A doctor or other qualified professional has cleared me for this exercise.")
    lines.append("medical_clearance = false")
    return "\n".join(lines) + "\n"


# The choices come from the vocabulary, so a new value is offered at once.
_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("age", "Your age"),
    ("experience", f"Training experience ({', '.join(LEVELS)})"),
    ("goal", f"Goal ({', '.join(GOALS)})"),
    ("target_areas", f"Areas to emphasise ({', '.join(AREAS)})"),
    ("equipment", "Equipment you have (e.g. dumbbells, resistance_band, kettlebell, bench)"),
    ("injuries", f"Injuries to train around ({', '.join(INJURIES)})"),
    ("conditions", f"Health conditions ({', '.join(CONDITIONS)})"),
    ("days", f"Days you can train ({', '.join(DAYS)})"),
    ("session_minutes", "Minutes per session"),
)


def _shown(key: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else ("bodyweight only" if key == "equipment" else "none")
    return str(value)


def _ask(values: dict[str, Any], given: Mapping[str, Any], read: Callable[[str], str], write: Callable[[str], None]) -> None:
    """Ask each question not answered by a flag; re-ask until the loader accepts the answer."""
    from .errors import InputError

    write("A few questions for your starter profile.  Enter keeps the [default];\n")
    write("separate several answers with commas, or answer none.\n")
    for key, question in _QUESTIONS:
        if key in given:
            continue
        while True:
            try:
                answer = read(f"{question} [{_shown(key, values[key])}]: ").strip()
            except EOFError:
                raise InputError(
                    "no answer (end of input)", key_path=_FLAGS[key][0], expected="an answer, or run with --no-input"
                ) from None
            if not answer:
                break
            if isinstance(DEFAULTS[key], list):
                items = _split([answer])
                candidate: Any = [] if items in (["none"], ["-"]) else items
            elif key in _INTS:
                candidate = _int_or_text(answer)
            else:
                candidate = answer
            trial = {**values, key: candidate}
            try:
                _check(trial)
            except InputError as exc:
                write(f"  {exc.message}\n")
                continue
            values[key] = candidate
            break


def run_init(ns: argparse.Namespace) -> int:
    """Write the starter profile; return the exit code."""
    from .cli import given_path, write_atomic
    from .errors import OutputError
    from .profile import profile_from_toml

    path: str = given_path(ns.path, "PATH", "a file path for the profile") or ""
    to_stdout = path == "-"
    if not to_stdout and os.path.exists(path) and not ns.force:
        raise OutputError("already exists; use --force to overwrite it", file=path, expected="a new file, or --force to replace it")
    given = _from_flags(ns)
    values: dict[str, Any] = {**DEFAULTS, **given}
    _check(values)
    # The questions go to standard output, so not when the profile does.
    interactive = not ns.no_input and not to_stdout and sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        _ask(values, given, input, lambda text: print(text, end="", flush=True))
    text = starter_text(values, "me.toml" if to_stdout else path)
    # The written file must load exactly as `recommend --profile` will read it.
    profile_from_toml(text, source=path)
    if to_stdout:
        sys.stdout.write(text)
        return 0
    write_atomic(path, text)
    from .errors import one_line

    print(f"wrote {one_line(path)}; review it (and answer the screening questions), then run:")
    print(f"  recommend --profile {shell_word(path)}")
    return 0
