"""A small on-disk cache of parsed and checked TOML documents.

Parsing the shipped rule files is most of the work of starting an engine,
and reading the profile (with importing the code that validates it) is a
sixth of a plan run; their text rarely changes between runs.  An entry
holds the exact text it was made from and is used only when that text
equals the text being read, and a checksum of what it stores, so an edited,
stale, truncated, damaged or foreign entry is never trusted, only ignored
and replaced.  Only documents that passed every check are stored, one entry
per document name (the shipped rules, the plugins of one ``sys.path``, the
last profile), so the cache stays as small as the set of documents it is
used for.

An entry is trusted like the user's own files, so only an entry the user
could have written is read: a regular file (not a link, a pipe or a
device) and, on POSIX systems, owned by the user, in a folder owned by the
user, and neither writable by anyone else (Windows keeps permissions
outside the mode bits, so there only the file type is checked).  The folder and every entry are created readable
by their owner only, since an entry may hold a profile with its health
answers.

Entries live in ``$RECOMMENDER_CACHE_DIR``, else
``$XDG_CACHE_HOME/recommender``, else ``~/.cache/recommender``.
``RECOMMENDER_NO_CACHE=1`` turns the cache off.  Every failure to read or
write an entry is silent: the cache only ever saves time.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Any

__all__ = ["cache_dir", "env_flag", "file_stamp", "load", "store"]

# Bumped whenever the meaning of a stored entry changes.
_FORMAT = 2
_HEADER = (_FORMAT, sys.version_info[:2])


#: What turns a yes/no environment switch off; anything else turns it on.
_OFF = frozenset(("", "0", "false", "no", "off"))


def env_flag(name: str) -> bool:
    """Whether the environment switch ``name`` is on: set, and not empty,
    ``0``, ``false``, ``no`` or ``off`` (in any case)."""
    return os.environ.get(name, "").strip().lower() not in _OFF


def cache_dir() -> str | None:
    """The cache folder, or None when caching is off."""
    env = os.environ
    if env_flag("RECOMMENDER_NO_CACHE"):
        return None
    explicit = env.get("RECOMMENDER_CACHE_DIR")
    if explicit:
        return explicit
    # The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored (it
    # would put a person's cached profile in whatever folder they are in).
    xdg = env.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recommender")


def _path(folder: str, kind: str, name: str) -> str:
    # One entry per name, replaced when the text changes: the cache never
    # grows beyond the documents it is used for.
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in os.path.basename(name))[:80]
    return os.path.join(folder, f"{kind}-{stem}.marshal")


def file_stamp(path: str) -> tuple[int, int, int] | None:
    """Size, modification and change times of the file at ``path``, or
    None: what an entry records of the files its value depends on.  The
    change time too, since tools can set a modification time back (touch
    -r, cp -p, unpacking an archive) but not it."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # ValueError: a path with a NUL in it
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _trusted(st: os.stat_result, *, folder: bool) -> bool:
    import stat

    if not (stat.S_ISDIR(st.st_mode) if folder else stat.S_ISREG(st.st_mode)):
        return False
    if os.name == "nt":
        # Windows reports every writable file as writable by all and no
        # owner: its permissions are not in the mode bits.
        return True
    # Writable by the group or by others, or someone else's.
    return not st.st_mode & 0o022 and st.st_uid == os.getuid()


def load(kind: str, name: str, text: Any) -> Any | None:
    """The value stored for exactly ``text`` (a string, or a tuple of them),
    or None."""
    folder = cache_dir()
    if folder is None:
        return None
    # Not following a link and not waiting on a pipe: either would let
    # someone else's file stand in for an entry, or hang the command.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if not _trusted(os.stat(folder), folder=True):
            return None
        fd = os.open(_path(folder, kind, name), flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _trusted(st, folder=False):
            return None
        with open(fd, "rb", closefd=False) as fh:
            header, checksum, body = marshal.loads(fh.read())
        # A changed byte (a disk error, a stray write) could otherwise load
        # as a different value, say rules without an exclusion, that no
        # check after this one would notice: the engine trusts its rules.
        if header != _HEADER or type(body) is not bytes or _checksum(body) != checksum:
            return None
        stored_text, value = marshal.loads(body)
        if stored_text != text:
            return None
        if _stale(st):
            # Used, so kept: entries beyond the bound go least recently
            # written first (see _prune), and one read every day stays.
            os.utime(fd if os.utime in os.supports_fd else _path(folder, kind, name))
    except (OSError, EOFError, ValueError, TypeError, MemoryError, OverflowError):
        # MemoryError: a damaged length in the envelope can ask marshal for gigabytes.
        return None
    finally:
        os.close(fd)
    return value


def _checksum(body: bytes) -> int:
    import binascii  # CRC-32: every change of up to 4 bytes in a row is caught

    return binascii.crc32(body)


def _stale(st: os.stat_result) -> bool:
    import time  # built in: no file to load

    return time.time() - st.st_mtime > 86400


def store(kind: str, name: str, text: Any, value: Any) -> None:
    """Remember ``value`` for ``text`` (plain data only; otherwise nothing
    is stored)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        body = marshal.dumps((text, value))
    except ValueError:  # a type marshal cannot store, such as a date
        return
    blob = marshal.dumps((_HEADER, _checksum(body), body))
    path = _path(folder, kind, name)
    # Unique per writer (process and thread), so writers never share a file.
    tmp = f"{path}.{os.getpid()}-{os.urandom(6).hex()}.tmp"
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _trusted(os.stat(folder), folder=True):
            return  # never read back (see load), so not worth writing
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            fh.write(blob)
        new = not os.path.lexists(path)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    if new:
        _prune(folder, kind, keep=path)


#: The most entries of one kind kept.  The plugins of each ``sys.path`` are
#: one entry, and ``python -m recommender`` puts the folder it is run from on
#: it: without a bound, every folder it ever ran in would leave one behind.
MOST_PER_KIND = 16


def _prune(folder: str, kind: str, *, keep: str) -> None:
    """Remove the least recently written entries of ``kind`` beyond
    :data:`MOST_PER_KIND` (never ``keep``, the one just written)."""
    prefix = f"{kind}-"
    try:
        with os.scandir(folder) as it:
            entries = [(e.stat(follow_symlinks=False).st_mtime_ns, e.path) for e in it
                       if e.name.startswith(prefix) and e.name.endswith(".marshal") and e.path != keep]
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[MOST_PER_KIND - 1 :]:
        try:
            os.unlink(path)
        except OSError:
            pass
