"""Plugin discovery and loading, isolated so one broken plugin never takes
the tool down.

Discovery reads the ``recommender`` group straight from installed
distributions' ``entry_points.txt`` files on ``sys.path``: it costs a
directory listing per path entry, not an ``importlib.metadata`` import, and it
reads the filesystem every time, so installs and uninstalls show up at once.
Entry points are loaded in name order, blocked names are never imported, and
every failure (import, registration, a hook that raises or returns the wrong
thing, a clash with another plugin) becomes one warning line naming the
distribution, or a :class:`~recommender.PluginError` when strict.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any, Final

import attrs
import pluggy

from . import hookspecs
from .errors import PluginError
from .exercises import ExercisePack, pack_problems

__all__ = [
    "BUILTIN",
    "GROUP",
    "HOOKS",
    "EntryPoint",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
    "discover",
    "format_traceback",
    "rule_source_problems",
]

#: The entry-point group, the pluggy project name and the hook prefix.
GROUP: Final = "recommender"
#: Every hook, with the type of the items it returns.
HOOKS: Final = {
    "recommender_exercise_packs": "ExercisePack",
    "recommender_output_formats": "OutputFormat",
    "recommender_rule_files": "RuleSource",
}
#: The distribution label of the package's own plugins.
BUILTIN: Final = "recommender (built-in)"

_DIST = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+?)\.(dist|egg)-info$")
_NORMALIZE = re.compile(r"[-_.]+")


def _norm(name: str) -> str:
    # Distribution names compare case- and separator-insensitively (PEP 503),
    # and people type entry-point names the same loose way.
    return _NORMALIZE.sub("-", name).lower()


@attrs.frozen
class EntryPoint:
    """One ``recommender`` entry point: ``name = module[:attribute]``, the
    distribution that declares it and the ``sys.path`` entry it was found in."""

    name: str
    value: str
    distribution: str
    version: str
    path: str = ""


@attrs.frozen
class PluginInfo:
    """What ``recommend plugins`` reports for one plugin.

    ``status`` is ``active``, ``disabled`` or ``failed: <reason>``; ``packs``
    holds ``(pack name, exercise count)`` for the packs actually in use.
    """

    name: str
    distribution: str
    version: str
    status: str
    packs: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class PluginFailure:
    """One problem with one plugin.

    ``line`` is the warning printed for it; ``details`` lists every problem
    behind it (``recommend plugins check`` prints them all); ``conflict`` is
    true when the plugin is fine on its own and only clashes with another.
    """

    plugin: str
    label: str
    reason: str
    line: str
    details: tuple[str, ...] = ()
    conflict: bool = False


def _parse_entry_points(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == GROUP and "=" in line:
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


def discover(paths: Sequence[str] | None = None) -> list[EntryPoint]:
    """Entry points of the ``recommender`` group in ``paths`` (default:
    ``sys.path``), sorted by name, then distribution.

    Nothing is imported.  The first distribution of a name on the path wins,
    as with ``importlib.metadata``.
    """
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path if paths is None else paths:
        where = entry or "."
        try:
            children = os.listdir(where)
        except OSError:
            continue
        for child in sorted(children):
            if not child.endswith("-info"):
                continue
            m = _DIST.match(child)
            if m is None:
                continue
            dist = _norm(m["name"])
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(where, child, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                continue
            found.extend(EntryPoint(name, value, dist, m["version"], where) for name, value in _parse_entry_points(text))
    found.sort(key=lambda ep: (ep.name, ep.distribution))
    return found


def _on_sys_path(path: str) -> bool:
    target = os.path.abspath(path)
    return any(os.path.abspath(p or ".") == target for p in sys.path)


def _load(ep: EntryPoint) -> Any:
    """Import the object an entry point names.

    A distribution found outside ``sys.path`` (``Engine(plugin_paths=...)``)
    is imported from where it was found, without changing ``sys.path``.
    """
    module, _, attr = ep.value.partition(":")
    module = module.split("[", 1)[0].strip()
    top = module.partition(".")[0]
    if ep.path and top not in sys.modules and not _on_sys_path(ep.path):
        spec = importlib.machinery.PathFinder.find_spec(top, [ep.path])
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"No module named {top!r} in {ep.path}", name=top)
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[top] = loaded
        try:
            spec.loader.exec_module(loaded)
        except BaseException:
            del sys.modules[top]
            raise
    obj: Any = importlib.import_module(module)
    for part in attr.split("[", 1)[0].strip().split(".") if attr.strip() else ():
        obj = getattr(obj, part)
    return obj


def _exc_text(exc: BaseException) -> str:
    # One line: a multi-line exception message would break the one-line
    # warning contract, and its first line is the part that says what failed.
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _more(problems: Sequence[str]) -> str:
    n = len(problems) - 1
    if n <= 0:
        return ""
    return f" (and {n} more problem{'s' if n != 1 else ''}; run 'recommend plugins check')"


def _object_name(plugin: object, index: int) -> str:
    name = getattr(plugin, "__name__", None)
    return name if isinstance(name, str) and name else f"app-{index}"


def _routines(plugin: object) -> list[tuple[str, Any]]:
    """``(name, function)`` for every function-like attribute of ``plugin``,
    read without running properties or ``__getattr__``."""
    if isinstance(plugin, ModuleType):
        # A module's attributes are plain values: reading its __dict__ is the
        # same as inspect.getattr_static and much cheaper.
        return sorted((k, v) for k, v in vars(plugin).items() if inspect.isfunction(v))
    out = []
    for attr in sorted(dir(plugin)):
        try:
            static = inspect.getattr_static(plugin, attr)
        except AttributeError:
            continue
        if isinstance(static, (staticmethod, classmethod)):
            static = static.__func__
        if inspect.isroutine(static):
            out.append((attr, static))
    return out


def rule_source_problems(item: object) -> list[str]:
    """Validate one item from ``recommender_rule_files``; empty means valid."""
    from .rules import RuleSource

    if not isinstance(item, RuleSource):
        return [f"expected a RuleSource, got {type(item).__name__}"]
    return []


class _Manager(pluggy.PluginManager):
    """pluggy's manager with a fast path for plugin modules.

    pluggy inspects every attribute of a plugin with
    ``inspect.getattr_static``, which costs about half a millisecond per
    module; a module's attributes are plain values in its ``__dict__``, so
    they can be read directly with the same result.
    """

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if isinstance(plugin, ModuleType):
            value = plugin.__dict__.get(name)
            if not inspect.isfunction(value):
                return None
            opts = getattr(value, f"{GROUP}_impl", None)
            return opts if isinstance(opts, dict) else None
        return super().parse_hookimpl_opts(plugin, name)


class PluginHost:
    """A private pluggy manager: built-ins first, then the application's
    plugin objects, then installed plugins in name order.

    Problems are collected in :attr:`failures` (and :attr:`warnings`, one
    line each) or raised as :class:`PluginError` when ``strict``.
    """

    def __init__(
        self,
        *,
        autoload: bool = True,
        disabled: Iterable[str] = (),
        strict: bool = False,
        builtins: Sequence[tuple[str, object]] = (),
        extra: Sequence[object] = (),
        paths: Sequence[str] | None = None,
    ) -> None:
        self.strict = strict
        self.pm: pluggy.PluginManager = _Manager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self.notes: list[str] = []
        #: Imported plugin objects by name, including ones that then failed.
        self.objects: dict[str, object] = {}
        self._infos: dict[str, PluginInfo] = {}
        self._label: dict[str, str] = {}
        self._failed: set[str] = set()
        for name, plugin in builtins:
            self.pm.register(plugin, name=name)
            self._label[name] = BUILTIN
        for i, plugin in enumerate(extra):
            self.register(plugin, _object_name(plugin, i), "the application")
        if autoload:
            self._autoload(discover(paths), disabled)

    # -- reporting -----------------------------------------------------------

    @property
    def warnings(self) -> list[str]:
        """One line per problem, in the order they were found."""
        return [*self.notes, *(f.line for f in self.failures)]

    @property
    def infos(self) -> list[PluginInfo]:
        """Discovered plugins, sorted by name."""
        return [self._infos[k] for k in sorted(self._infos)]

    def label(self, plugin: str) -> str:
        """``distribution version`` of a registered plugin."""
        return self._label.get(plugin, "unknown distribution")

    def _fail(
        self,
        plugin: str,
        label: str,
        reason: str,
        exc: BaseException | None = None,
        *,
        details: Sequence[str] = (),
        conflict: bool = False,
        drop: bool = True,
        name_taken: bool = False,
    ) -> None:
        """Record (or, when strict, raise) one problem.  ``drop`` means the
        whole plugin is skipped; otherwise only the items named in ``reason``.
        ``name_taken`` means ``plugin`` names another plugin too, whose
        status must not change."""
        line = f"plugin {plugin!r} ({label}) {'skipped' if drop else 'partly skipped'}: {reason}"
        if self.strict:
            err = PluginError(line, distribution=label)
            if exc is not None:
                raise err from exc
            raise err
        self.failures.append(PluginFailure(plugin, label, reason, line, tuple(details) or (reason,), conflict))
        if drop and not name_taken:
            self._failed.add(plugin)
            if plugin in self._infos:
                self._infos[plugin] = attrs.evolve(self._infos[plugin], status=f"failed: {reason}", packs=())

    # -- loading -------------------------------------------------------------

    def _autoload(self, eps: Sequence[EntryPoint], disabled: Iterable[str]) -> None:
        blocked = {_norm(d) for d in disabled if d.strip()}
        used: set[str] = set()
        for ep in eps:
            hit = {_norm(ep.name), ep.distribution} & blocked
            if hit:
                used |= hit
                self._infos.setdefault(ep.name, PluginInfo(ep.name, ep.distribution, ep.version, "disabled"))
                continue
            label = f"{ep.distribution} {ep.version}"
            if ep.name in self._label or ep.name in self._infos:
                owner = self._label.get(ep.name) or f"{self._infos[ep.name].distribution} {self._infos[ep.name].version}"
                # Not recorded in infos: the name is the other plugin's line.
                self._fail(ep.name, label, f"the plugin name {ep.name!r} is already used by {owner}", conflict=True, name_taken=True)
                continue
            self._infos[ep.name] = PluginInfo(ep.name, ep.distribution, ep.version, "active")
            try:
                plugin = _load(ep)
            except (Exception, SystemExit) as exc:  # anything a plugin's import raises
                self._fail(ep.name, label, f"cannot import: {_exc_text(exc)}", exc)
                continue
            self.register(plugin, ep.name, label)
        for name in sorted(blocked - used):
            known = ", ".join(ep.name for ep in eps) or "none"
            self.notes.append(f"cannot disable plugin {name!r}: no installed plugin has that name (installed: {known})")

    def register(self, plugin: object, name: str, label: str) -> bool:
        """Check ``plugin``'s hook implementations and register it; a problem
        is recorded against ``name`` and ``label`` and returns false."""
        if name in self._label:
            self._fail(name, label, f"the plugin name {name!r} is already used by {self._label[name]}", conflict=True, name_taken=True)
            return False
        self.objects[name] = plugin
        problems = self._impl_problems(plugin)
        if problems:
            self._fail(name, label, problems[0] + _more(problems), details=problems)
            return False
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # pluggy's own validation of a third-party object
            self._fail(name, label, "; ".join(str(exc).split("\n")) or _exc_text(exc), exc)
            return False
        self._label[name] = label
        return True

    def _impl_problems(self, plugin: object) -> list[str]:
        """Hook implementations pluggy would ignore or reject, as messages."""
        problems: list[str] = []
        found = 0
        try:
            routines = _routines(plugin)
        except Exception as exc:  # a hostile __dir__ or __dict__
            return [f"cannot list its attributes: {_exc_text(exc)}"]
        for attr, static in routines:
            opts = getattr(static, f"{GROUP}_impl", None)
            marked = isinstance(opts, dict)
            hook = str((opts.get("specname") if isinstance(opts, dict) else None) or attr)
            if hook not in HOOKS:
                if not marked and not attr.startswith(f"{GROUP}_"):
                    continue  # an ordinary helper function
                import difflib  # only when something is misspelt

                close = difflib.get_close_matches(hook, list(HOOKS), n=1, cutoff=0.8)
                if marked or close:
                    hint = f" (did you mean {close[0]!r}?)" if close else f" (hooks: {', '.join(HOOKS)})"
                    problems.append(f"unknown hook {hook!r}{hint}")
                continue
            if not marked:
                problems.append(f"function {attr!r} is not marked with @hookimpl, so it would never be called")
                continue
            found += 1
            try:
                params = inspect.signature(getattr(plugin, attr)).parameters.values()
            except Exception:  # no signature to read; pluggy will judge it
                continue
            passed = tuple(getattr(self.pm.hook, hook).spec.argnames)
            for p in params:
                takes = p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                if takes and p.default is p.empty and p.name not in passed:
                    offers = f"it passes {', '.join(passed)}" if passed else "it passes none"
                    problems.append(f"{hook}() asks for argument {p.name!r}, which the hook does not pass ({offers})")
        if not problems and not found:
            problems.append(f"implements no hooks (expected functions marked @hookimpl named {', '.join(HOOKS)})")
        return problems

    # -- calling -------------------------------------------------------------

    def call(self, hook: str, check: Callable[[object], list[str]]) -> list[tuple[str, object]]:
        """Call ``hook`` on each plugin separately, in plugin-name order, and
        return ``(plugin, item)`` for every item of every plugin whose whole
        answer is valid; any problem skips that plugin (or raises)."""
        kind = HOOKS[hook]
        out: list[tuple[str, object]] = []
        caller = getattr(self.pm.hook, hook)
        for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
            name = impl.plugin_name
            if name in self._failed:
                continue
            label = self.label(name)
            try:
                result = impl.function()
                wrong = result is not None and (isinstance(result, (str, bytes, Mapping)) or not isinstance(result, Iterable))
                items: list[object] = [] if result is None or wrong else list(result)
            except (Exception, SystemExit) as exc:  # a plugin's hook failing must not stop the rest
                self._fail(name, label, f"{hook} raised {_exc_text(exc)}", exc)
                continue
            if wrong:
                self._fail(name, label, f"{hook} returned {type(result).__name__}, expected an iterable of {kind}")
                continue
            problems = [p for item in items for p in check(item)]
            if problems:
                details = [f"{hook} returned an invalid item: {p}" for p in problems]
                self._fail(name, label, details[0] + _more(details), details=details)
                continue
            out.extend((name, item) for item in items)
        return out

    def packs(self) -> list[tuple[str, ExercisePack]]:
        """Valid packs from every plugin: the built-in pack first, then by
        pack name.  A pack whose name is taken skips its plugin; exercises
        whose ids an earlier pack already has are left out of the later pack,
        with one line per pack."""
        items = [(p, i) for p, i in self.call("recommender_exercise_packs", pack_problems) if isinstance(i, ExercisePack)]
        items.sort(key=lambda x: (self._label.get(x[0]) != BUILTIN, x[1].name != "default", x[1].name))
        owner: dict[str, str] = {}
        for plugin, pack in items:
            # Pack names first: a plugin skipped for a taken name must not
            # have claimed exercise ids on the way.
            if plugin in self._failed:
                continue
            if pack.name in owner:
                self._fail(plugin, self.label(plugin), f"pack name {pack.name!r} is already provided by {owner[pack.name]}", conflict=True)
                continue
            owner[pack.name] = self.label(plugin)
        ids: dict[str, str] = {}
        kept: list[tuple[str, ExercisePack]] = []
        for plugin, pack in items:
            if plugin in self._failed:
                continue
            clash = [e.id for e in pack.exercises if e.id in ids]
            if clash:
                shown = ", ".join(f"{i} ({ids[i]})" for i in clash[:3]) + (", ..." if len(clash) > 3 else "")
                n = len(clash)
                self._fail(
                    plugin,
                    self.label(plugin),
                    f"pack {pack.name!r}: {n} exercise{'s' if n != 1 else ''} left out because another pack already "
                    f"has {'their ids' if n != 1 else 'its id'}: {shown}",
                    details=[f"pack {pack.name!r}: exercise id {i!r} is already used by pack {ids[i]!r}" for i in clash],
                    conflict=True,
                    drop=False,
                )
                pack = attrs.evolve(pack, exercises=tuple(e for e in pack.exercises if e.id not in ids))
            for e in pack.exercises:
                ids[e.id] = pack.name
            if pack.exercises:
                kept.append((plugin, pack))
        counts: dict[str, list[tuple[str, int]]] = {}
        for plugin, pack in kept:
            counts.setdefault(plugin, []).append((pack.name, len(pack.exercises)))
        for name, info in self._infos.items():
            if info.status == "active":
                self._infos[name] = attrs.evolve(info, packs=tuple(counts.get(name, ())))
        return kept

    def formats(self, check: Callable[[object], list[str]]) -> list[tuple[str, Any]]:
        """Valid output formats from every plugin, built-ins first; a format
        whose name is taken is left out with one line."""
        items = self.call("recommender_output_formats", check)
        items.sort(key=lambda x: (self._label.get(x[0]) != BUILTIN, x[0]))
        taken: dict[str, str] = {}
        out: list[tuple[str, Any]] = []
        for plugin, item in items:
            fmt_name = str(getattr(item, "name", ""))
            if fmt_name in taken:
                self._fail(plugin, self.label(plugin), f"format {fmt_name!r} left out: the name is already used by {taken[fmt_name]}",
                           conflict=True, drop=False)
                continue
            taken[fmt_name] = self.label(plugin)
            out.append((plugin, item))
        return out

    def keep_rules(self, items: Sequence[tuple[str, Any]], problems_with: Callable[[list[Any]], list[str]]) -> list[Any]:
        """Plugin rule files that load, taken plugin by plugin in name order:
        a plugin whose files do not load on top of those kept so far is
        skipped, with the first problem.  Called only after the full set
        failed to load, so the normal path compiles the rules once."""
        kept: list[Any] = []
        for plugin in sorted({p for p, _ in items}):
            mine = [i for p, i in items if p == plugin]
            problems = problems_with([*kept, *mine])
            if problems:
                details = [f"recommender_rule_files returned rules that do not load: {p}" for p in problems]
                self._fail(plugin, self.label(plugin), details[0] + _more(details), details=details)
            else:
                kept.extend(mine)
        return kept


def format_traceback(exc: BaseException) -> str:
    """The full traceback of ``exc`` and its causes (for strict mode)."""
    import traceback

    return "".join(traceback.format_exception(exc))

