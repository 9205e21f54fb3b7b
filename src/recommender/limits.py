"""Bounds on what the package reads, so a huge, binary or absurdly nested
file fails with one clear line instead of a crash, a hang or a traceback.

Every limit is far beyond what a real profile, rule file or plan needs; each
one exists so that hostile or broken input costs little and says what is
wrong.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import InputError

if TYPE_CHECKING:
    import tomllib

__all__ = [
    "MAX_EXERCISES_PER_SESSION",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_PLAN_FILE_BYTES",
    "MAX_PLAN_WEEKS",
    "MAX_PROFILE_PACKS",
    "MAX_RULES_PER_FILE",
    "MAX_RULE_FILES",
    "MAX_SESSIONS_PER_WEEK",
    "PLAN_INT_BOUNDS",
    "STDIN",
    "data_depth",
    "int_digits",
    "nesting_depth",
    "parse_json",
    "parse_toml",
    "path_text",
    "read_stdin_limited",
    "read_text_limited",
    "require_text",
    "shown_int",
    "source_noun",
    "long_number_text",
    "toml_error_text",
]

#: Largest profile, rule or plan file read (1 MB is far beyond any real one).
MAX_FILE_BYTES = 1_000_000
#: Largest plan file read: the JSON of the longest plan the engine writes (52
#: weeks of 7 sessions of MAX_EXERCISES_PER_SESSION exercises) fits with room.
MAX_PLAN_FILE_BYTES = 32_000_000
#: Deepest nesting of tables and arrays accepted in any input.  The deepest
#: real input (a rule's ``when`` condition) needs well under 10.
MAX_NESTING = 32
#: Most rule files read from the folders and files of one layer.
MAX_RULE_FILES = 100
#: Most ``[[rule]]`` tables in one rule file (the shipped files hold < 50).
MAX_RULES_PER_FILE = 1000
#: Most packs a profile may name (each must be installed, and each once).
MAX_PROFILE_PACKS = 32
#: A plan file given to ``recommend check``: weeks (a profile allows 1-52),
#: sessions in a week (one a day), exercises in a session.
MAX_PLAN_WEEKS = 52
MAX_SESSIONS_PER_WEEK = 7
MAX_EXERCISES_PER_SESSION = 40
#: Every integer in a plan file, by ``Class.field`` (an array's bounds hold
#: for each item): lowest and highest value read.  A value outside is bad
#: input, not a plan to check; inside, the verifier judges it against the
#: rules (a 0-set exercise or a 600-second set is read, and reported).
#: The bounds are far beyond any plan and keep the verifier's arithmetic
#: exact (a 400-digit set count would overflow its float sums).
PLAN_INT_BOUNDS: dict[str, tuple[int, int]] = {
    "Week.number": (1, MAX_PLAN_WEEKS),
    "Session.minutes": (0, 24 * 60),
    "Session.warmup_minutes": (0, 24 * 60),
    "PlannedExercise.sets": (0, 100),
    "PlannedExercise.reps": (0, 10_000),
    "PlannedExercise.target_reps": (0, 10_000),
    "PlannedExercise.rir": (0, 100),
    "PlannedExercise.rest_seconds": (0, 24 * 3600),
    "PlannedExercise.seconds_per_set": (0, 24 * 3600),
    # Rules may step the load up 20% a week for 52 weeks: 100 * 1.2 ** 52.
    "PlannedExercise.load_pct": (0, 10_000_000),
    "Aerobic.minutes_min": (0, 7 * 24 * 60),
    "Aerobic.minutes_target": (0, 7 * 24 * 60),
    "Aerobic.minutes_max": (0, 7 * 24 * 60),
    "PrescribedValue.value": (0, 1_000_000),
}

_ErrorFactory = Callable[..., InputError]

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _reported_size(fh: BinaryIO) -> int:
    return os.fstat(fh.fileno()).st_size


def read_text_limited(path: Path, error: _ErrorFactory, *, limit: int = MAX_FILE_BYTES) -> str:
    """Read ``path`` as UTF-8 text within ``limit`` bytes (by default
    :data:`MAX_FILE_BYTES`).

    A UTF-8 byte order mark is dropped.  Raises ``error`` (one line, naming
    the file) when the file is missing, unreadable, too large, or not UTF-8
    text.
    """
    try:
        with path.open("rb") as fh:
            # A read of MAX_FILE_BYTES + 1 allocates that much, for every
            # small profile: read what the file says it holds, and on only
            # if it holds more (it grew, or is a pipe reporting no size).
            size = _reported_size(fh)
            data = fh.read(min(size, limit) + 1)
            if len(data) > size:
                data += fh.read(limit + 1 - len(data))
    except FileNotFoundError:
        if path.is_symlink():
            # "not found" of a name that `ls` shows would puzzle: say it is a link, and where it leads.
            raise error(f"is a link to {os.readlink(path)}, which is not found", file=str(path), expected="an existing file") from None
        raise error("file not found", file=str(path), expected="an existing file") from None
    except IsADirectoryError:
        raise error("is a directory; expected a file", file=str(path), expected="a file") from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", file=str(path), expected="a readable file") from None
    except ValueError:  # no file system names a file with a NUL in it
        raise error("the path holds a NUL character", file=repr(str(path))[1:-1], expected="a file path") from None
    return _decoded(data, str(path), error, limit)


def path_text(value: object, what: str, error: _ErrorFactory) -> str:
    """``value`` (a ``str``, ``bytes`` or ``os.PathLike``) as the text of
    a path, as given, or ``error`` naming ``what`` for anything else (an app
    may pass None) or a path with a NUL in it."""
    try:
        text = os.fsdecode(value)  # type: ignore[arg-type]
    except TypeError:
        raise error(f"expected the {what} as a path (str, bytes or os.PathLike), got {type(value).__name__}",
                    file=f"<{what}>", expected="a file path") from None
    if "\0" in text:  # no file system names a file with a NUL in it
        raise error("the path holds a NUL character", file=repr(text)[1:-1], expected="a file path")
    return text


def require_text(text: object, what: str, *, source: str, error: _ErrorFactory) -> None:
    """Raise ``error`` naming ``source`` unless ``text`` is a ``str``: an
    app may pass a request body it has not decoded."""
    if isinstance(text, str):  # a subclass too (a framework's markup-safe string)
        return
    hint = "; decode it first (it is UTF-8)" if isinstance(text, (bytes, bytearray, memoryview)) else ""
    raise error(f"expected the {what} as text (str), got {type(text).__name__}{hint}", file=source, expected="text")


#: How errors name standard input, read for a file given as ``-``.
STDIN = "<stdin>"


def source_noun(source: str) -> str:
    """What an error calls the document named ``source``: "input" for
    standard input, else "file"."""
    return "input" if source == STDIN else "file"


def read_stdin_limited(error: _ErrorFactory, *, limit: int = MAX_FILE_BYTES) -> str:
    """Read standard input as :func:`read_text_limited` reads a file; errors
    name it :data:`STDIN`."""
    import sys

    stdin = sys.stdin
    if stdin is None:
        raise error("no standard input to read", file=STDIN, expected="a file, or text on standard input")
    try:
        isatty = getattr(stdin, "isatty", None)
        if isatty is not None and isatty():
            # Typing a profile is possible, but waiting silently looks like a hang.
            sys.stderr.write("recommend: reading standard input; end it with Ctrl-D\n")
        # A replaced sys.stdin (an app's, a test's) may hold text, not bytes.
        buffer = getattr(stdin, "buffer", None)
        chunk = (buffer if buffer is not None else stdin).read(limit + 1)
        if chunk is None:  # a non-blocking stream with nothing ready
            chunk = b""
        data = chunk.encode("utf-8", "surrogateescape") if isinstance(chunk, str) else bytes(chunk)
    except (OSError, ValueError, AttributeError, TypeError) as exc:  # closed, or not a readable stream
        raise error(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=STDIN, expected="readable input") from None
    return _decoded(data, STDIN, error, limit)


def _decoded(data: bytes, name: str, error: _ErrorFactory, limit: int) -> str:
    if len(data) > limit:
        noun = source_noun(name)
        raise error(f"{noun} is larger than {limit:,} bytes", file=name, expected=f"a smaller {noun}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        # Editors on some systems add a UTF-8 byte order mark; it carries no data.
        data = data[3:]
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise error(f"is {encoding} text; save it as UTF-8", file=name, expected="UTF-8 text") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8",
            file=name, expected="UTF-8 text",
        ) from None
    if "\x00" in text:
        if data[1:200:2].count(0) > 40 or data[0:200:2].count(0) > 40:
            # Mostly-ASCII UTF-16 without a byte order mark: every other byte is 0.
            raise error("looks like UTF-16 text; save it as UTF-8", file=name, expected="UTF-8 text") from None
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise error(f"contains a NUL byte (line {line}); not a text file", file=name, expected="UTF-8 text") from None
    return text


def toml_code(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """``(offset, character)`` for each character of TOML ``text`` from
    ``start`` that is outside strings and comments; the quote opening a
    string is included, its contents and closing quote are not."""
    quote = ""
    i, n = start, len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        else:
            if ch in "\"'":
                quote = ch
            yield i, ch
        i += 1


def nesting_depth(text: str) -> int:
    """The deepest ``[``/``{`` nesting in TOML or JSON ``text``, outside
    strings and comments.

    The parsers recurse once per level, so absurd nesting is refused before
    parsing; this scan is linear and never recurses.
    """
    depth = best = 0
    for _, ch in toml_code(text):
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return best


def _too_nested(text: str) -> bool:
    # Nesting can never exceed the number of opening brackets, and a profile
    # has a handful: counting them is a C loop, the scan a Python one, so
    # most profiles are passed without the scan.
    return text.count("[") + text.count("{") > MAX_NESTING and nesting_depth(text) > MAX_NESTING


def data_depth(obj: Any, limit: int = MAX_NESTING) -> int:
    """How deeply tables and arrays nest in parsed data, counting no
    further than ``limit + 1`` (TOML dotted keys nest without brackets)."""
    best = 0
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        item, level = stack.pop()
        best = max(best, level)
        if level > limit:
            return best
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((v, level + 1) for v in item)
    return best


_TOML_MESSAGES = {
    "Cannot overwrite a value": "a key is set twice (cannot overwrite a value)",
    "Invalid value": 'invalid value; expected a number, true or false, a "quoted string", a date or an array',
    "Invalid statement": "invalid statement; expected key = value or a [table] header",
    "Illegal character '\\n'": 'a "quoted string" is not closed before the end of the line',
}


def _key_name(text: str) -> str:
    # tomllib names keys by their tuple repr, e.g. ('screening',).
    parts = [p.strip().strip("'\"") for p in text.strip().strip("()").split(",")]
    return ".".join(p for p in parts if p)


def long_number_text(exc: ValueError) -> str:
    """The message for a ValueError from an over-long integer (or the error's own text)."""
    # Python refuses to convert integers longer than sys.get_int_max_str_digits().
    text = str(exc)
    digits = re.findall(r"\d+", text.split(";")[0])
    if "digits" in text and len(digits) >= 2:
        return f"a number has {digits[1]} digits; expected at most {digits[0]}"
    return text.split(";")[0]


def int_digits(value: int) -> int:
    """How many decimal digits ``value`` has, worked out without writing it
    out (Python refuses to for more than sys.get_int_max_str_digits())."""
    import math

    size = abs(value)
    if size < 10:
        return 1
    digits = int(math.log10(size)) + 1
    # The float logarithm may be one out beside a power of ten.
    if size < 10 ** (digits - 1):
        digits -= 1
    elif size >= 10**digits:
        digits += 1
    return digits


def shown_int(value: int) -> str:
    """An integer as a message shows it: itself, or when long how many digits it has."""
    digits = int_digits(value)
    if digits <= 20:
        return str(value)
    return f"a {'negative ' if value < 0 else ''}number of {digits} digits"


def toml_error_text(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message, clearer for the common mistakes, keeping its
    ``(at line L, column C)`` position."""
    text = str(exc)
    message, sep, where = text.partition(" (at ")
    message = _TOML_MESSAGES.get(message, message)
    if message.startswith("Cannot declare ") and message.endswith(" twice"):
        message = f"table [{_key_name(message[len('Cannot declare ') : -len(' twice')])}] is declared twice"
    elif message.startswith("Cannot mutate immutable namespace "):
        name = _key_name(message[len("Cannot mutate immutable namespace ") :])
        message = f"cannot add to {name}: it was written as an inline table or array, which cannot be extended later"
    message = message[:1].lower() + message[1:]
    return message + (f" (at {where}" if sep else "")


def _too_deep(error: _ErrorFactory, source: str, expected: str) -> InputError:
    return error(f"nested deeper than {MAX_NESTING} levels", file=source, expected=expected)


def parse_toml(text: str, *, source: str, error: _ErrorFactory) -> dict[str, Any]:
    """Parse TOML ``text`` within :data:`MAX_NESTING`; any problem raises
    ``error`` naming ``source`` (``invalid TOML: ... (at line L, column C)``)."""
    expected = "a TOML document"
    if _too_nested(text):
        raise _too_deep(error, source, expected)
    # Imported here: a command whose every document comes from the cache
    # never parses TOML.
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"invalid TOML: {toml_error_text(exc)}", file=source, expected=expected) from None
    except RecursionError:
        raise _too_deep(error, source, expected) from None
    except ValueError as exc:
        # Integers longer than Python's int/str conversion limit.
        raise error(f"invalid TOML: {long_number_text(exc)}", file=source, expected=expected) from None
    if data_depth(data) > MAX_NESTING:
        raise _too_deep(error, source, expected)
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, *, source: str, error: _ErrorFactory) -> Any:
    """Parse strict JSON ``text`` within :data:`MAX_NESTING`: no duplicate
    keys, no ``NaN``/``Infinity``, no unpaired surrogates.  Any problem
    raises ``error`` naming ``source`` (``invalid JSON: ... (at line L,
    column C)``)."""
    import json  # only plan files need it; profiles and rules are TOML

    expected = "a JSON document"
    if not text.strip():
        raise error(f"the {source_noun(source)} is empty; expected a JSON document", file=source, expected=expected)
    if _too_nested(text):
        raise _too_deep(error, source, expected)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = exc.msg[:1].lower() + exc.msg[1:]
        raise error(f"invalid JSON: {message} (at line {exc.lineno}, column {exc.colno})", file=source, expected=expected) from None
    except RecursionError:
        raise _too_deep(error, source, expected) from None
    except ValueError as exc:
        raise error(f"invalid JSON: {long_number_text(exc)}", file=source, expected=expected) from None
    try:
        # A lone surrogate escape ("\ud800") parses but cannot be printed.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise error("invalid JSON: a string holds an unpaired surrogate escape", file=source, expected=expected) from None
    if data_depth(data) > MAX_NESTING:
        raise _too_deep(error, source, expected)
    return data
