"""The ``recommend`` command.  Heavy modules are imported only by the
subcommand that needs them, so ``--help`` and ``--version`` start fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Engine
    from .profile import Profile

__all__ = ["main"]

EPILOG = """\
examples:
  recommend --profile me.toml                 print this person's plan
  recommend --profile me.toml --format json --out plan.json
  recommend --profile me.toml --explain       show the rule behind every value
  recommend check plan.json --profile me.toml verify a plan against the rules
  recommend why injury.knee --profile me.toml say why a rule did (not) fire
  recommend rules list                        browse the rules
  recommend plugins                           list installed exercise packs
  recommend init me.toml                      write a starter profile

exit codes: 0 ok, 1 plan check found violations, 2 bad input,
            3 no safe plan (or screening says see a professional first)

environment: RECOMMENDER_NO_PLUGINS=1, RECOMMENDER_DISABLE_PLUGINS=a,b,
             RECOMMENDER_STRICT_PLUGINS=1, NO_COLOR
"""


def _version() -> str:
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
        p.add_argument("--profile", metavar="FILE", default=s, help="the person's profile (TOML)")
    p.add_argument("--rules", metavar="PATH", action="append", default=s, help="add your own rule file or folder (repeatable)")
    p.add_argument("--no-plugins", action="store_true", default=s, help="use only the built-in pack (also RECOMMENDER_NO_PLUGINS=1)")
    p.add_argument("--disable-plugin", metavar="NAME", action="append", default=s, help="never load plugin NAME (repeatable)")
    p.add_argument("--strict-plugins", action="store_true", default=s, help="a broken plugin is an error with its traceback")
    p.add_argument("--debug", action="store_true", default=s, help="show tracebacks for errors")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="recommend",
        description="Build a safe, explained strength-training plan from a profile.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    _common(parser)
    parser.add_argument("--format", "-f", default=argparse.SUPPRESS, help="output format: text (default), json, markdown, toml, ... (see 'recommend formats')")
    parser.add_argument("--out", "-o", metavar="FILE", default=argparse.SUPPRESS, help="write to FILE (atomically) instead of standard output")
    parser.add_argument("--explain", action="store_true", default=argparse.SUPPRESS, help="show the rule behind every value")
    parser.add_argument("--color", choices=("auto", "always", "never"), default=argparse.SUPPRESS, help="colour the text output (auto: only on a terminal)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="verify a plan file against the rules")
    p.add_argument("plan", metavar="PLAN.json")
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
    return parser


def _opt(ns: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(ns, name, default)


def _engine(ns: argparse.Namespace) -> Engine:
    from .engine import Engine

    env = os.environ
    no_plugins = bool(_opt(ns, "no_plugins")) or env.get("RECOMMENDER_NO_PLUGINS", "") not in ("", "0")
    disabled = list(_opt(ns, "disable_plugin", []) or [])
    disabled += [d.strip() for d in env.get("RECOMMENDER_DISABLE_PLUGINS", "").split(",") if d.strip()]
    strict = bool(_opt(ns, "strict_plugins")) or env.get("RECOMMENDER_STRICT_PLUGINS", "") not in ("", "0")
    engine = Engine(rules=_opt(ns, "rules", []) or [], plugins=not no_plugins, disable_plugins=disabled, strict_plugins=strict)
    for line in engine.warnings:
        print(f"recommend: warning: {line}", file=sys.stderr)
    return engine


def _profile(ns: argparse.Namespace) -> Profile:
    from .errors import InputError
    from .profile import load_profile

    path = _opt(ns, "profile")
    if not path:
        raise InputError("--profile FILE is required", key_path="--profile", expected="a profile TOML file")
    return load_profile(path)


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename, so a
    failure never leaves a truncated file behind."""
    import tempfile

    from .errors import OutputError

    target = os.path.abspath(path)
    parent = os.path.dirname(target)
    if os.path.isdir(target):
        raise OutputError("is a directory", file=path, expected="a file path")
    if not os.path.isdir(parent):
        raise OutputError("the folder does not exist", file=path, expected="a path in an existing folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".recommend-", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", file=path, expected="a writable folder") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        if os.path.exists(target) and not os.access(target, os.W_OK):
            raise OutputError("the file is read-only", file=path, expected="a writable file")
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", file=path, expected="a writable file") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _emit(ns: argparse.Namespace, text: str) -> None:
    out = _opt(ns, "out")
    if out:
        write_atomic(out, text)
    else:
        sys.stdout.write(text)


def _color(ns: argparse.Namespace) -> bool:
    mode = _opt(ns, "color", "auto")
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR") or _opt(ns, "out"):
        return False
    return sys.stdout.isatty()


def cmd_plan(ns: argparse.Namespace) -> int:
    profile = _profile(ns)
    engine = _engine(ns)
    fmt = _opt(ns, "format", "text")
    if fmt not in engine.formats:
        from .errors import InputError

        raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(engine.formats)}", key_path="--format", expected="a format name")
    plan = engine.recommend(profile)
    _emit(ns, engine.render(plan, fmt, profile=profile, explain=bool(_opt(ns, "explain")), color=_color(ns)))
    return 0


def cmd_check(ns: argparse.Namespace) -> int:
    import json

    from .errors import PlanFileError
    from .limits import read_text_limited
    from .plan import plan_from_dict

    profile = _profile(ns)
    engine = _engine(ns)
    text = read_text_limited(__import__("pathlib").Path(ns.plan), PlanFileError)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", file=ns.plan, expected="a plan JSON file") from None
    except RecursionError:
        raise PlanFileError("nested too deeply", file=ns.plan, expected="a plan JSON file") from None
    plan = plan_from_dict(data, source=ns.plan)
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

            raise InputError(f"no rule with id {ns.rule_id!r}", key_path="RULE_ID", expected="an id from 'recommend rules list'")
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
    engine = _engine(ns)
    if _opt(ns, "action") == "check":
        from .testing import check_installed

        problems = check_installed(engine)
        for line in problems:
            print(line)
        print(f"{len(engine.packs)} pack(s) checked, {len(problems)} problem(s)")
        return 1 if problems else 0
    infos = engine.plugins
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
        packs = ", ".join(f"{n} ({c} exercises)" for n, c in i.packs) or "-"
        print(f"{i.name}  {i.distribution} {i.version}  {i.status}  packs: {packs}")
    return 0


def cmd_formats(ns: argparse.Namespace) -> int:
    for name, fmt in _engine(ns).formats.items():
        print(f"{name:<10} {fmt.suffix:<6} {fmt.description}")
    return 0


COMMANDS = {None: cmd_plan, "check": cmd_check, "why": cmd_why, "rules": cmd_rules, "plugins": cmd_plugins, "formats": cmd_formats}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    debug = bool(_opt(ns, "debug"))
    try:
        return COMMANDS[_opt(ns, "command")](ns)
    except KeyboardInterrupt:
        print("recommend: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        from .errors import PluginError, RecommenderError, RuleError

        if isinstance(exc, RecommenderError):
            if debug or (isinstance(exc, PluginError) and exc.__cause__ is not None):
                import traceback

                traceback.print_exception(exc)
            lines = exc.problems if isinstance(exc, RuleError) else (exc.line(),)
            for line in lines:
                print(f"recommend: error: {line}", file=sys.stderr)
            return exc.exit_code
        if debug:
            raise
        print(f"recommend: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1
