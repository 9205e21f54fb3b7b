"""The ``recommend`` command.  Heavy modules are imported only by the
subcommand that needs them, so ``--help`` and ``--version`` start fast."""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import contextlib
    import datetime

    from .engine import Engine
    from .errors import OutputError, ProfileError
    from .formats import OutputFormat
    from .plan import Plan
    from .profile import Profile

__all__ = ["entry_point", "main"]

EPILOG = """\
examples:
  recommend --profile me.toml                 print this person's plan
  recommend --profile me.toml --format json --out plan.json
  recommend --profile me.toml --format ics --out plan.ics
  recommend --profile me.toml --format html --out week.html
  recommend --profile me.toml --explain       show the rule behind every value
  recommend check plan.json --profile me.toml verify a plan against the rules
  recommend why injury.knee --profile me.toml say why a rule did (not) fire
  recommend rules list                        browse the rules
  recommend rules test my-rules/              run the [[test]] blocks in rule files
  recommend plugins                           list installed exercise packs
  recommend init me.toml                      write a starter profile
  recommend schema profile                    JSON Schema of a profile (or: plan)
  recommend batch profiles/ --out plans/ --jobs 2   plan a folder of profiles

exit codes: 0 ok, 1 'check' found violations or 'plugins check' problems,
            2 bad input (batch: a profile not planned), 3 no safe plan (or
            screening says see a professional first), 130/143/129 stopped
            by Ctrl-C, SIGTERM or SIGHUP

environment: RECOMMENDER_NO_PLUGINS=1, RECOMMENDER_DISABLE_PLUGINS=a,b,
             RECOMMENDER_STRICT_PLUGINS=1, RECOMMENDER_NO_CACHE=1, NO_COLOR
"""


def _version() -> str:
    # importlib.metadata takes longer to import than the rest of --version;
    # an installed package's METADATA sits next to it in site-packages.
    site = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        names = sorted(os.listdir(site))
    except OSError:
        names = []
    for name in names:
        if name.startswith("recommender-") and name.endswith(".dist-info") and "-" not in name[12:-10]:
            try:
                with open(os.path.join(site, name, "METADATA"), encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip()
                        if not line.strip():
                            break
            except OSError:
                break
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("recommender")
    except PackageNotFoundError:
        return "unknown"


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"recommend {_version()}")
        parser.exit()


def _common(p: argparse.ArgumentParser, profile: bool = True) -> None:
    s = argparse.SUPPRESS
    if profile:
        p.add_argument("--profile", metavar="FILE", default=s, help="the person's profile (TOML; '-': standard input)")
    p.add_argument("--rules", metavar="PATH", action="append", default=s, help="add your own rule file or folder (repeatable)")
    p.add_argument("--no-plugins", action="store_true", default=s, help="use only the built-in pack (also RECOMMENDER_NO_PLUGINS=1)")
    p.add_argument("--disable-plugin", metavar="NAME", action="append", default=s, help="never load plugin NAME (repeatable)")
    p.add_argument("--strict-plugins", action="store_true", default=s, help="a broken plugin is an error with its traceback")
    p.add_argument("--debug", action="store_true", default=s, help="show tracebacks for errors")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, reading the terminal width without importing
    shutil (and the compression modules it pulls in) on every start."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        if width is None:
            try:
                width = int(os.environ.get("COLUMNS", "0"))
            except ValueError:
                width = 0
            if width <= 0:
                try:
                    width = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
                except (AttributeError, ValueError, OSError):
                    width = 0
            width = (width or 80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _NotTopLevel(Exception):
    """The arguments need the full parser (a subcommand or an error)."""


class _TopLevelParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTopLevel(message)


def _top_parser(cls: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = cls(
        prog="recommend",
        description="Build a safe, explained strength-training plan from a profile.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    _common(parser)
    parser.add_argument("--format", "-f", default=argparse.SUPPRESS,
                        help="output format: text, json, markdown, toml, ics, html, ... (see 'recommend formats'); default: the one the --out file's suffix names, else text")
    # Its own name, apart from batch's --out, so one given before `batch` is seen.
    parser.add_argument("--out", "-o", dest="plan_out", metavar="FILE", default=argparse.SUPPRESS,
                        help="write to FILE (atomically) instead of standard output ('-': standard output)")
    parser.add_argument("--explain", action="store_true", default=argparse.SUPPRESS, help="show the rule behind every value")
    parser.add_argument("--color", choices=("auto", "always", "never"), default=argparse.SUPPRESS, help="colour the text output (auto: only on a terminal)")
    parser.add_argument("--today", metavar="DATE", default=argparse.SUPPRESS,
                        help="plan as on DATE (like 2026-12-07; default: today): a profile without a start begins the Monday after it")
    return parser


def today_option(ns: argparse.Namespace) -> datetime.date:
    """The day the plan is made on: ``--today`` if given, else today."""
    import datetime

    given = _opt(ns, "today")
    if given is None:
        return datetime.date.today()
    from .errors import InputError, one_line
    from .values import iso_date

    day = iso_date(given)
    if day is None:
        raise InputError(f"expected a date like 2026-12-07, got {one_line(given)!r}", key_path="--today", expected="a date like 2026-12-07")
    from .profile import FIRST_START as lo
    from .profile import LAST_START as hi

    if not lo <= day <= hi:
        expected = f"a date from {lo.isoformat()} to {hi.isoformat()}"
        raise InputError(f"expected {expected}, got {day.isoformat()}", key_path="--today", expected=expected)
    return day


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="verify a plan file against the rules")
    p.add_argument("plan", metavar="PLAN.json", help="the plan file (--format json output; '-': standard input)")
    _common(p)

    p = sub.add_parser("why", help="say why a rule fires or not for a profile")
    p.add_argument("rule_id", metavar="RULE_ID")
    _common(p)

    p = sub.add_parser("rules", help="list, show and test rules")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION")
    q = rsub.add_parser("list", help="every rule: id, layer, safety, because, source")
    _common(q, profile=False)
    q = rsub.add_parser("show", help="one rule in full")
    q.add_argument("rule_id", metavar="RULE_ID")
    _common(q, profile=False)
    q = rsub.add_parser("test", help="run the [[test]] blocks in rule files")
    q.add_argument("paths", metavar="PATH", nargs="*")
    _common(q, profile=False)

    p = sub.add_parser("plugins", help="list installed plugins and their packs")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("action", nargs="?", choices=("check",), help="check: validate installed packs as the loader does")
    _common(p, profile=False)

    p = sub.add_parser("formats", help="list the output formats")
    _common(p, profile=False)

    from .starter import add_init_arguments

    p = sub.add_parser("init", help="write a commented starter profile (asks a few questions on a terminal)")
    add_init_arguments(p)
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks for errors")

    p = sub.add_parser("schema", help="print the JSON Schema of a profile or of the plan JSON")
    p.add_argument("which", choices=("profile", "plan"), help="profile: the profile file; plan: --format json output")

    from .batch import add_arguments as add_batch_arguments

    p = sub.add_parser("batch", help="plan every profile in a folder, one file each")
    add_batch_arguments(p)
    _common(p, profile=False)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line.  Building every subcommand's parser costs
    more than planning does, so a plain plan run is parsed with the
    top-level options alone; anything else gets the full parser."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "-h" not in args and "--help" not in args:
        top = _top_parser(_TopLevelParser)
        top.add_argument("command", nargs="?", default=None, help=argparse.SUPPRESS)
        try:
            ns, rest = top.parse_known_args(args)
        except _NotTopLevel:
            pass
        else:
            if not rest and ns.command is None:
                return ns
    return build_parser().parse_args(args)


def _opt(ns: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(ns, name, default)


def _plugin_switches(ns: argparse.Namespace) -> tuple[bool, list[str], bool]:
    """``(no_plugins, disabled names, strict)`` from the options and environment."""
    from .cache import env_flag

    env = os.environ
    no_plugins = bool(_opt(ns, "no_plugins")) or env_flag("RECOMMENDER_NO_PLUGINS")
    disabled = list(_opt(ns, "disable_plugin", []) or [])
    disabled += [d.strip() for d in env.get("RECOMMENDER_DISABLE_PLUGINS", "").split(",") if d.strip()]
    strict = bool(_opt(ns, "strict_plugins")) or env_flag("RECOMMENDER_STRICT_PLUGINS")
    return no_plugins, disabled, strict


def given_path(value: str | None, flag: str, expected: str) -> str | None:
    """``value`` of a path option, refusing an empty one: as a path it would
    mean the current folder, which nobody asks for with ``''``."""
    if value is not None and not value.strip():
        from .errors import InputError

        raise InputError("empty path", key_path=flag, expected=expected)
    return value


def rule_paths(ns: argparse.Namespace) -> list[str]:
    """The ``--rules`` paths given, each checked to be non-empty; a path
    given twice (by any spelling) is read once."""
    seen: dict[str, str] = {}
    for p in _opt(ns, "rules", []) or []:
        given_path(p, "--rules", "a rule file or folder")
        seen.setdefault(os.path.realpath(p), p)
    return list(seen.values())


def _plugin_prints_to_stderr() -> contextlib.AbstractContextManager[object]:
    """Run plugin code with what it prints sent to stderr: standard output
    holds only what the command writes (a plan piped to `jq`, say).

    Whatever depends on standard output itself (is it a terminal?) must be
    decided before: inside, ``sys.stdout`` is stderr."""
    import contextlib

    return contextlib.redirect_stdout(sys.stderr)


def _engine(ns: argparse.Namespace, *, warn: bool = True) -> Engine:
    from .engine import Engine

    no_plugins, disabled, strict = _plugin_switches(ns)
    with _plugin_prints_to_stderr():
        engine = Engine(rules=rule_paths(ns), plugins=not no_plugins, disable_plugins=disabled, strict_plugins=strict)
        engine.formats  # noqa: B018 (load plugin formats now, so their warnings print with the rest)
    for line in engine.warnings if warn else ():
        print(f"recommend: warning: {line}", file=sys.stderr)
    return engine


def _profile(ns: argparse.Namespace) -> Profile:
    from .errors import InputError
    from .profile import _load_remembered

    path = given_path(_opt(ns, "profile"), "--profile", "a profile TOML file")
    if not path:
        raise InputError(
            "--profile FILE is required (no profile yet? 'recommend init' writes one)", key_path="--profile", expected="a profile TOML file"
        )
    return _load_remembered(path)


def _umask() -> int:
    # os.umask() can only be read by changing it, which races with other
    # threads; Linux reports it in /proc instead.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and
    a rename, so a failure never leaves a truncated file behind.

    An existing file keeps its permissions; a link is followed to the file it
    names; a terminal, pipe or device (``/dev/stdout``) is written directly,
    because it cannot be replaced.  Raises :class:`OutputError` (nothing
    changed) when the target cannot be written.
    """
    import stat
    import tempfile

    from .errors import OutputError

    def fail(message: str, expected: str = "a writable file") -> OutputError:
        return OutputError(message, file=path, expected=expected)

    folder = os.path.dirname(path) or "."
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise fail(f"{folder} is not a folder", "a path in an existing folder") from None
    except OSError as exc:
        raise fail(f"cannot write: {exc.strerror}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise fail("is a directory; expected a file path", "a file path")
    if path.endswith(("/", os.sep)):
        raise fail("ends in a slash, which names a folder; expected a file path", "a file path")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            raise fail(f"cannot write: {exc.strerror}") from None
        return
    target = os.path.realpath(path)
    parent = os.path.dirname(target)
    if not os.path.isdir(parent):
        what = "is not a folder" if os.path.exists(parent) else "does not exist"
        # A link's own folder exists; name the folder of the file it points to.
        shown = folder if os.path.realpath(folder) == parent else parent
        raise fail(f"the folder {shown} {what}", "a path in an existing folder")
    if st is not None and not os.access(target, os.W_OK):
        raise fail("the file is read-only")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".recommend-", dir=parent)
    except OSError as exc:
        raise fail(f"cannot write in the folder {folder}: {exc.strerror}", "a writable folder") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        raise fail(f"cannot write: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _out_path(ns: argparse.Namespace) -> str | None:
    """The ``--out`` file, or None for standard output (no ``--out``, or ``-``)."""
    out = given_path(_opt(ns, "plan_out"), "--out", "a file path")
    return None if out == "-" else out


def input_files(ns: argparse.Namespace) -> list[str]:
    """The files the command reads: the profile and the rule files (those in
    a rules folder too), which an output must never replace."""
    profile = _opt(ns, "profile")
    files = [profile] if profile and profile != "-" else []
    if profile == "-" and os.path.exists("/dev/stdin"):
        # Standard input redirected from a file: that file is an input too.
        files.append("/dev/stdin")
    for p in rule_paths(ns):
        if os.path.isdir(p):
            files += [os.path.join(p, name) for name in sorted(os.listdir(p)) if name.endswith(".toml")]
        else:
            files.append(p)
    return files


def rule_folders(ns: argparse.Namespace) -> list[str]:
    """The folders whose ``*.toml`` files the command reads as rules: each
    ``--rules`` folder and the shipped rules folder."""
    from .rules import shipped_rules_dir

    return [*(p for p in rule_paths(ns) if os.path.isdir(p)), str(shipped_rules_dir())]


def refuse_rule_folder(out: str, folder: str, folders: Sequence[str], flag: str) -> None:
    """Raise :class:`OutputError` when ``folder``, where the output ``out``
    goes, is one of ``folders`` (see :func:`rule_folders`): TOML plans
    written there would be read as rules by the next run."""
    for rules in folders:
        try:
            same = os.path.samefile(rules, folder)
        except OSError:
            continue
        if same:
            from .errors import OutputError

            where = "is the rules folder" if out == folder else "is in the rules folder"
            raise OutputError(f"{where} {rules}; plans written there would be read as rules", file=out, key_path=flag,
                              expected="a place for the plans other than a rules folder")


def file_ids(paths: Sequence[str]) -> dict[tuple[int, int], str]:
    """Each existing path by its file's identity (device and inode), so the
    same file is found by any path or link."""
    ids: dict[tuple[int, int], str] = {}
    for path in paths:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            continue
        ids.setdefault((st.st_dev, st.st_ino), path)
    return ids


def replaced_input(target: str, ids: Mapping[tuple[int, int], str]) -> str | None:
    """The input of ``ids`` (see :func:`file_ids`) that writing ``target`` would replace, or None."""
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        return None
    return ids.get((st.st_dev, st.st_ino))


def refuse_overwriting(out: str, inputs: Sequence[str], flag: str) -> None:
    """Raise :class:`OutputError` when writing ``out`` would replace one of
    ``inputs`` (the same file by any path or link)."""
    path = replaced_input(out, file_ids(inputs))
    if path is not None:
        from .errors import OutputError

        what = "the profile read from standard input" if path == "/dev/stdin" else f"the input file {path}"
        raise OutputError(f"is {what}; writing the plan there would replace it", file=out, key_path=flag,
                          expected="an output path that is not the profile or a rule file")


def _emit(ns: argparse.Namespace, text: str) -> None:
    out = _out_path(ns)
    if out is not None:
        write_atomic(out, text)
    else:
        write_stdout(text)


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output: as UTF-8 bytes when it is a file
    or pipe (the plan's bytes do not depend on the locale, and HTML and JSON
    say they are UTF-8), in the terminal's own encoding on a terminal.
    Raises :class:`OutputError` when it is closed or cannot be written."""
    from .errors import OutputError

    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed (write the plan with --out FILE)", expected="an open standard output, or --out FILE")
    try:
        binary = getattr(stream, "buffer", None)
        if binary is not None and not stream.isatty():
            stream.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        else:
            try:
                stream.write(text)
            except UnicodeEncodeError:
                # A terminal that cannot show a character shows a stand-in.
                if binary is None:
                    raise
                stream.flush()
                binary.write(text.encode(stream.encoding or "utf-8", "replace"))
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk
        raise _stdout_error(exc) from None
    except (UnicodeEncodeError, ValueError) as exc:  # a stream closed, or one that cannot take the text
        raise OutputError(f"cannot write to standard output: {exc}", expected="a writable standard output, or --out FILE") from None


def _color(ns: argparse.Namespace) -> bool:
    mode = _opt(ns, "color", "auto")
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb" or _out_path(ns):
        return False
    return sys.stdout is not None and sys.stdout.isatty()


def format_name(given: str, formats: Mapping[str, OutputFormat]) -> str:
    """The format ``--format given`` names, in any case (``-f HTML``); raises
    :class:`InputError` with the names, and the nearest one, otherwise."""
    if given in formats:
        return given
    for name in formats:
        if name.casefold() == given.casefold():
            return name
    import difflib

    from .errors import InputError

    close = difflib.get_close_matches(given.casefold(), list(formats), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise InputError(f"unknown format {given!r}; expected one of {', '.join(formats)}{hint}", key_path="--format", expected="a format name")


def _format_for(out: str | None, formats: Mapping[str, OutputFormat]) -> str:
    """The format an ``--out`` file's suffix asks for (``plan.json``: json),
    else text: the format named like the suffix, or the one format using it.

    A suffix no format (or more than one) writes gets text with a warning:
    a ``plan.pdf`` holding text is not what was asked for."""
    suffix = os.path.splitext(out or "")[1].lower()
    name = os.path.basename(out or "")
    if not suffix and name.startswith(".") and name.count(".") == 1:
        suffix = name.lower()  # ".json" names the suffix alone, though Python reads it as a hidden name
    if suffix in ("", "."):  # "plan." has no suffix either
        return "text"
    if suffix[1:] in formats:
        return suffix[1:]
    using = [name for name, f in formats.items() if f.suffix.lower() == suffix]
    if len(using) == 1:
        return using[0]
    from .errors import one_line

    which = f"formats {', '.join(using)} all write" if using else "no format writes"
    print(f"recommend: warning: --out {one_line(out or '')}: {which} {one_line(suffix)} files; writing text (choose one with --format)",
          file=sys.stderr)
    return "text"


def cmd_plan(ns: argparse.Namespace) -> int:
    today = today_option(ns)  # a mistaken option is named before any work
    out = _out_path(ns)
    if out is not None:
        # Before any work: a plan written over its own profile loses the profile.
        refuse_overwriting(out, input_files(ns), "--out")
        if out.lower().endswith(".toml"):
            refuse_rule_folder(out, os.path.dirname(out) or ".", rule_folders(ns), "--out")
    from .errors import ProfileError

    try:
        profile = _profile(ns)
    except ProfileError as exc:
        _refused_anyway(ns, exc)
        raise
    engine = _engine(ns)
    fmt = format_name(_opt(ns, "format"), engine.formats) if _opt(ns, "format") else _format_for(out, engine.formats)
    from .errors import PackError

    try:
        plan = engine.recommend(profile, today=today)
    except PackError as exc:
        # An unavailable pack is a mistake in the profile's `packs` key: name the file.
        if exc.file is None and (exc.key_path or "").startswith("packs"):
            from .limits import STDIN

            given = str(_opt(ns, "profile"))
            raise PackError(exc.message, file=STDIN if given == "-" else given, key_path=exc.key_path, expected=exc.expected) from None
        raise
    _warn_if_over(ns, plan, profile.start, today)
    # Whether to colour depends on where standard output goes: decided
    # before a plugin's format runs with it sent to stderr.
    color = _color(ns)
    with _plugin_prints_to_stderr():
        text = engine.render(plan, fmt, profile=profile, explain=bool(_opt(ns, "explain")), color=color)
    _emit(ns, text)
    return 0


def _warn_if_over(ns: argparse.Namespace, plan: Plan, start: datetime.date | None, today: datetime.date) -> None:
    """Warn when every session of ``plan`` is before ``today`` (see
    :func:`past_plan_warning`)."""
    warning = past_plan_warning(plan, start, today)
    if warning is None:
        return
    from .errors import one_line
    from .limits import STDIN

    given = str(_opt(ns, "profile"))
    print(f"recommend: warning: {one_line(STDIN if given == '-' else given)}: {warning}", file=sys.stderr)


def past_plan_warning(plan: Plan, start: datetime.date | None, today: datetime.date) -> str | None:
    """What to tell the person when every session of ``plan`` is before
    ``today``: its ``start`` was most likely copied or left from an earlier
    plan.  None for a plan under way (begun, not over), which is what
    someone following it asks for again."""
    last = max((s.date for w in plan.weeks for s in w.sessions), default=None)
    if start is None or last is None or last >= today:
        return None
    return (f"start = {start.isoformat()}: every session of this plan is in the past (the last on {last.isoformat()}); "
            "set start to a coming day, or leave it out to start the Monday after today")


def _refused_anyway(ns: argparse.Namespace, exc: ProfileError) -> None:
    """Raise a profile error ``exc`` again with what the profile's answers
    say, when they say not to start: the person must read that too."""
    from pathlib import Path

    from .batch import answers_refusal
    from .errors import ProfileError, RecommenderError
    from .limits import read_text_limited

    path = str(_opt(ns, "profile") or "-")
    if path == "-":
        return  # read once, and gone
    try:
        refusal = answers_refusal(_engine(ns, warn=False), read_text_limited(Path(path), ProfileError))
    except RecommenderError:
        return
    if refusal is not None:
        refused = ProfileError(f"{exc.message}; even so, its screening answers say: {refusal}", file=exc.file, key_path=exc.key_path,
                               expected=exc.expected)
        # A script reads 3 as "see a professional first": that comes before the mistake.
        refused.exit_code = 3
        raise refused from None


def cmd_check(ns: argparse.Namespace) -> int:
    from .plan import load_plan

    plan_path = given_path(ns.plan, "PLAN.json", "a plan JSON file") or ""
    if plan_path == "-" and _opt(ns, "profile") == "-":
        from .errors import InputError

        raise InputError("the plan and the profile cannot both be read from standard input", key_path="--profile",
                         expected="a profile file when the plan is '-'")
    profile = _profile(ns)
    engine = _engine(ns)
    if plan_path == "-":
        from .errors import PlanFileError
        from .limits import MAX_PLAN_FILE_BYTES, STDIN, read_stdin_limited
        from .plan import plan_from_json

        plan = plan_from_json(read_stdin_limited(PlanFileError, limit=MAX_PLAN_FILE_BYTES), source=STDIN)
    else:
        plan = load_plan(plan_path)
    violations = engine.verify(plan, profile)
    for v in violations:
        print(v.line())
    if violations:
        print(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}", file=sys.stderr)
        return 1
    print("plan is clean: no rule is broken")
    return 0


def cmd_why(ns: argparse.Namespace) -> int:
    print(_engine(ns).why(ns.rule_id, _profile(ns)))
    return 0


def cmd_rules(ns: argparse.Namespace) -> int:
    action = _opt(ns, "rules_command")
    if action == "test":
        from .ruletests import run_cli

        return run_cli(ns.paths, _opt(ns, "rules", []) or [])
    engine = _engine(ns)
    if action == "show":
        rule = engine.rules.get(ns.rule_id)
        if rule is None:
            from .errors import InputError

            hint = engine.rules.missing_hint(ns.rule_id)
            raise InputError(f"no rule with id {ns.rule_id!r}{hint}", key_path="RULE_ID", expected="an id from 'recommend rules list'")
        from .rules import describe_rule

        print(describe_rule(rule))
        return 0
    for rule in engine.rules.rules:
        flag = "safety" if rule.safety else "-"
        print(f"{rule.id}  [{rule.layer}, {flag}]  {rule.location()}")
        print(f"    because: {rule.because}")
        print(f"    source:  {rule.source}")
    return 0


def cmd_plugins(ns: argparse.Namespace) -> int:
    # `plugins check` prints every problem itself; the warnings would repeat them.
    engine = _engine(ns, warn=_opt(ns, "action") != "check")
    if _opt(ns, "action") == "check":
        from .testing import check_installed

        # Checking calls every hook and renders with every format again:
        # what they print is not one of the problems.
        with _plugin_prints_to_stderr():
            problems = check_installed(engine)
        for line in problems:
            print(line)
        print(f"{len(engine.packs)} pack(s) checked, {len(problems)} problem(s)")
        return 1 if problems else 0
    infos = engine.plugins
    if _plugin_switches(ns)[0]:
        # Nothing was loaded; still show what is installed, reading files only.
        from .plugins import PluginInfo, discover

        infos = tuple(PluginInfo(ep.name, ep.distribution, ep.version, "disabled") for ep in discover())
    if _opt(ns, "json"):
        import json

        data = [
            {"name": i.name, "distribution": i.distribution, "version": i.version, "status": i.status,
             "packs": [{"name": n, "exercises": c} for n, c in i.packs]}
            for i in infos
        ]
        print(json.dumps(data, indent=2))
        return 0
    if not infos:
        print("no plugins installed (the built-in pack is always available)")
    for i in infos:
        packs = ", ".join(f"{n} ({c} exercise{'s' if c != 1 else ''})" for n, c in i.packs) or "-"
        print(f"{i.name}  {i.distribution} {i.version}  {i.status}  packs: {packs}")
    return 0


def cmd_formats(ns: argparse.Namespace) -> int:
    for name, fmt in _engine(ns).formats.items():
        print(f"{name:<10} {fmt.suffix:<6} {fmt.description}")
    return 0


def cmd_init(ns: argparse.Namespace) -> int:
    from .starter import run_init

    return run_init(ns)


def cmd_schema(ns: argparse.Namespace) -> int:
    import json

    from .schema import plan_schema, profile_schema

    print(json.dumps(profile_schema() if ns.which == "profile" else plan_schema(), indent=2))
    return 0


COMMANDS = {None: cmd_plan, "check": cmd_check, "why": cmd_why, "rules": cmd_rules, "plugins": cmd_plugins, "formats": cmd_formats}
COMMANDS.update({"init": cmd_init, "schema": cmd_schema})


def cmd_batch(ns: argparse.Namespace) -> int:
    from .batch import run

    no_plugins, disabled, strict = _plugin_switches(ns)
    kwargs = {"rules": rule_paths(ns), "plugins": not no_plugins, "disable_plugins": disabled, "strict_plugins": strict}
    return run(ns, _engine(ns), kwargs)


COMMANDS["batch"] = cmd_batch


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    return _run(argv, restore=True)


def entry_point() -> NoReturn:
    """The ``recommend`` program (and ``python -m recommender``): run the
    command and end the process with its code.

    It leaves the garbage collector off and every object frozen, which is
    right only because the process then ends: call :func:`main` to run a
    command in-process.
    """
    code = _run(None, restore=False)
    # As the interpreter shuts down it runs one more full collection over
    # every object still alive, to free memory the system takes back
    # anyway; frozen, they are left out of it.  Modules are still torn down,
    # the standard streams flushed and atexit handlers run as usual; what is
    # lost is the finalizing of objects caught in reference cycles, which
    # Python never promises at exit, and every file this package writes is
    # closed before the command returns.
    gc.freeze()
    raise SystemExit(code)


def _run(argv: Sequence[str] | None, *, restore: bool) -> int:
    # Most of what a command makes lives until it ends (modules, classes,
    # the compiled rules, the exercise catalogue), and what it drops is
    # mostly its working set once it is done, so the collector's passes
    # during the command find little yet each walks everything made so far.
    # Collection stays off for the command; main restores it for a caller
    # in-process, while the program leaves it off, because the next pass
    # would walk every object the command made just before the process
    # ends.  `batch` turns it back on for its long run (see
    # recommender.batch).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting and restore:
            gc.enable()


#: Options of the plan command that no other command reads (batch reads a
#: --format given before it; its --out is its own).
_PLAN_ONLY = {"plan_out": "--out", "format": "--format", "explain": "--explain", "color": "--color", "today": "--today"}


#: The commands that read a profile given by --profile.
_READ_PROFILE = {"check", "why"}
#: Options of the engine that these commands, which build none, never read.
_NO_ENGINE = {"init": ("rules", "no_plugins", "disable_plugin", "strict_plugins"), "schema": ("rules", "no_plugins", "disable_plugin", "strict_plugins")}
_FLAGS = {"profile": "--profile", "rules": "--rules", "no_plugins": "--no-plugins", "disable_plugin": "--disable-plugin",
          "strict_plugins": "--strict-plugins"}


def _refuse_plan_options(ns: argparse.Namespace) -> None:
    command = _opt(ns, "command")
    if command is None:
        return
    from .errors import InputError

    expected = f"{command}'s own options ('recommend {command} --help')"
    for dest, flag in _PLAN_ONLY.items():
        if hasattr(ns, dest) and not (command == "batch" and dest in ("format", "today")):
            raise InputError(f"applies to the plan, not to '{command}'", key_path=flag, expected=expected)
    unread = (*(() if command in _READ_PROFILE else ("profile",)), *_NO_ENGINE.get(command, ()))
    for dest in unread:
        if hasattr(ns, dest):
            what = {"batch": "PROFILES_DIR holds the profiles", "init": "PATH names the profile it writes"}.get(command, "") if dest == "profile" else ""
            raise InputError(f"'{command}' does not read it ({what or 'it would be ignored'})", key_path=_FLAGS[dest], expected=expected)


#: What writing to a full or failing disk raises (as print() does on standard output).
_WRITE_ERRNOS = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, name))


def _stdout_error(exc: OSError) -> OutputError:
    from .errors import OutputError

    return OutputError(f"cannot write to standard output: {exc.strerror or exc}", expected="a writable standard output, or --out FILE")


def _main(argv: Sequence[str] | None) -> int:
    ns = _parse(argv)
    debug = bool(_opt(ns, "debug"))
    try:
        # Given before a command, a plan option would be ignored without a word.
        _refuse_plan_options(ns)
        code = COMMANDS[_opt(ns, "command")](ns)
        if sys.stdout is not None:
            try:
                sys.stdout.flush()  # here, so a full disk is reported like any error
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise _stdout_error(exc) from None
        return code
    except KeyboardInterrupt as exc:
        # Ctrl-C, or a signal `batch` turns into the same clean-up; the code
        # is the shell's for a process ended by that signal.
        signum, name = getattr(exc, "signum", 2), getattr(exc, "name", "")
        print(f"recommend: stopped by {name}" if name else "recommend: interrupted", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        return 0
    except Exception as exc:
        from .errors import PluginError, RecommenderError, RuleError

        if isinstance(exc, RecommenderError):
            # Strict plugins are for plugin authors, who want to see exactly
            # where their plugin failed; otherwise a plugin's failure (a
            # format that cannot render) is one line like any bad input.
            if debug or (isinstance(exc, PluginError) and _plugin_switches(ns)[2]):
                import traceback

                traceback.print_exception(exc)
            lines = exc.problems if isinstance(exc, RuleError) else (exc.line(),)
            for line in lines:
                print(f"recommend: error: {line}", file=sys.stderr)
            return exc.exit_code
        if debug:
            raise
        if isinstance(exc, OSError) and exc.filename is None and exc.errno in _WRITE_ERRNOS:
            # A print() of a listing that filled the disk behind standard output.
            err = _stdout_error(exc)
            print(f"recommend: error: {err.line()}", file=sys.stderr)
            return err.exit_code
        print(f"recommend: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1
