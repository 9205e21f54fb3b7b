"""Bounds on what the package reads, so a huge or binary file fails cleanly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import InputError

__all__ = ["MAX_FILE_BYTES", "MAX_NESTING", "read_text_limited"]

#: Largest profile, rule or plan file read (1 MiB is far beyond any real one).
MAX_FILE_BYTES = 1_000_000
#: Deepest nesting of tables and arrays accepted in any input.
MAX_NESTING = 32


def read_text_limited(path: Path, error: Callable[..., InputError]) -> str:
    """Read ``path`` as UTF-8 text within :data:`MAX_FILE_BYTES`.

    Raises ``error`` (one line, naming the file) when the file is missing,
    unreadable, too large, or not UTF-8 text.
    """
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise error("file not found", file=str(path), expected="an existing file") from None
    except IsADirectoryError:
        raise error("is a directory", file=str(path), expected="a file") from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", file=str(path), expected="a readable file") from None
    if len(data) > MAX_FILE_BYTES:
        raise error(f"file is larger than {MAX_FILE_BYTES} bytes", file=str(path), expected="a smaller file") from None
    if data.startswith(b"\xef\xbb\xbf"):
        # Editors on some systems add a UTF-8 byte order mark; it carries no data.
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", file=str(path), expected="UTF-8 text") from None
    if "\x00" in text:
        raise error("contains a NUL byte; not a text file", file=str(path), expected="UTF-8 text") from None
    return text
