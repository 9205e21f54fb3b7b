"""Plugin discovery and loading, isolated so one broken plugin never takes
the tool down.

Discovery reads the ``recommender`` group straight from installed
distributions' ``entry_points.txt`` files on ``sys.path``: it costs a
directory listing, not an ``importlib.metadata`` import.  Entry points are
loaded in name order, blocked names are never imported, and every failure
(import, registration, a hook that raises or returns the wrong type) becomes
one warning naming the distribution, or a :class:`PluginError` when strict.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pluggy

from . import hookspecs
from .errors import PluginError
from .exercises import ExercisePack, pack_problems

__all__ = ["EntryPoint", "PluginHost", "PluginInfo", "discover"]

GROUP = "recommender"
_HOOKS = ("recommender_exercise_packs", "recommender_rule_files", "recommender_output_formats")
_DIST = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+?)\.(dist|egg)-info$")


@attrs.frozen
class EntryPoint:
    """One ``recommender`` entry point: ``name = module[:attribute]``."""

    name: str
    value: str
    distribution: str
    version: str


@attrs.frozen
class PluginInfo:
    """What ``recommend plugins`` reports for one plugin."""

    name: str
    distribution: str
    version: str
    status: str
    packs: tuple[tuple[str, int], ...] = ()


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
    """Entry points of the ``recommender`` group, sorted by name.

    The first distribution of a name on ``sys.path`` wins, as with
    ``importlib.metadata``.
    """
    seen: set[str] = set()
    found: dict[str, EntryPoint] = {}
    for entry in paths if paths is not None else sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for child in sorted(names):
            m = _DIST.match(child)
            if m is None:
                continue
            dist = m["name"].replace("_", "-").lower()
            if dist in seen:
                continue
            seen.add(dist)
            try:
                text = Path(entry or ".", child, "entry_points.txt").read_text(encoding="utf-8")
            except OSError:
                continue
            for name, value in _parse_entry_points(text):
                found.setdefault(name, EntryPoint(name, value, dist, m["version"]))
    return [found[k] for k in sorted(found)]


def _load(ep: EntryPoint) -> Any:
    module, _, attr = ep.value.partition(":")
    obj: Any = importlib.import_module(module.strip())
    for part in attr.strip().split(".") if attr.strip() else ():
        obj = getattr(obj, part)
    return obj


class PluginHost:
    """A private pluggy manager: built-ins first, then installed plugins."""

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
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.warnings: list[str] = []
        self.infos: list[PluginInfo] = []
        self._dist: dict[str, str] = {}
        for name, plugin in builtins:
            self.pm.register(plugin, name=name)
            self._dist[name] = "recommender (built-in)"
        for i, plugin in enumerate(extra):
            name = f"app-{i}"
            self._register(plugin, name, "the application")
        if autoload:
            blocked = set(disabled)
            for ep in discover(paths):
                if ep.name in blocked:
                    self.infos.append(PluginInfo(ep.name, ep.distribution, ep.version, "disabled"))
                    continue
                self._load_entry_point(ep)

    def _fail(self, who: str, dist: str, reason: str, exc: BaseException | None) -> None:
        line = f"plugin {who!r} ({dist}) skipped: {reason}"
        if self.strict:
            err = PluginError(line, distribution=dist)
            if exc is not None:
                raise err from exc
            raise err
        self.warnings.append(line)

    def _register(self, plugin: object, name: str, dist: str) -> bool:
        unknown = [a for a in dir(plugin) if a.startswith("recommender_") and a not in _HOOKS]
        if unknown:
            self._fail(name, dist, f"unknown hook {unknown[0]!r}", None)
            return False
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # pluggy validation of a third-party object
            self._fail(name, dist, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": "), exc)
            return False
        self._dist[name] = dist
        return True

    def _load_entry_point(self, ep: EntryPoint) -> None:
        dist = f"{ep.distribution} {ep.version}"
        try:
            plugin = _load(ep)
        except Exception as exc:  # anything a plugin's import raises
            self._fail(ep.name, dist, f"failed to import: {type(exc).__name__}: {exc}", exc)
            self.infos.append(PluginInfo(ep.name, ep.distribution, ep.version, f"failed: {type(exc).__name__}: {exc}"))
            return
        if not self._register(plugin, ep.name, dist):
            self.infos.append(PluginInfo(ep.name, ep.distribution, ep.version, f"failed: {self.warnings[-1].split(': ', 1)[-1] if self.warnings else 'invalid'}"))
            return
        self.infos.append(PluginInfo(ep.name, ep.distribution, ep.version, "active"))

    def call(self, hook: str, check: Callable[[object], list[str]]) -> list[tuple[str, object]]:
        """Call ``hook`` on each plugin separately; return ``(plugin, item)``
        for every valid item, skipping (or raising for) the rest."""
        out: list[tuple[str, object]] = []
        caller = getattr(self.pm.hook, hook)
        for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
            dist = self._dist.get(impl.plugin_name, "unknown distribution")
            try:
                result = impl.function()
                items = list(result) if result is not None else []
            except Exception as exc:  # a plugin's hook failing must not stop the rest
                self._fail(impl.plugin_name, dist, f"{hook} raised {type(exc).__name__}: {exc}", exc)
                self._mark_failed(impl.plugin_name, f"{hook} raised {type(exc).__name__}: {exc}")
                continue
            for item in items:
                problems = check(item)
                if problems:
                    self._fail(impl.plugin_name, dist, f"{hook} returned an invalid item: {problems[0]}", None)
                    self._mark_failed(impl.plugin_name, problems[0])
                    continue
                out.append((impl.plugin_name, item))
        return out

    def _mark_failed(self, name: str, reason: str) -> None:
        self.infos = [attrs.evolve(i, status=f"failed: {reason}") if i.name == name else i for i in self.infos]

    def packs(self) -> list[tuple[str, ExercisePack]]:
        """Valid packs from every plugin, sorted by pack name; duplicate
        pack names and exercise ids are skipped with a warning."""
        items = self.call("recommender_exercise_packs", pack_problems)
        items.sort(key=lambda x: (x[1].name != "default", x[1].name))  # type: ignore[attr-defined]
        out: list[tuple[str, ExercisePack]] = []
        owner: dict[str, str] = {}
        ids: dict[str, str] = {}
        for plugin, item in items:
            assert isinstance(item, ExercisePack)
            pack = item
            dist = self._dist.get(plugin, plugin)
            if pack.name in owner:
                self._fail(plugin, dist, f"pack name {pack.name!r} is already provided by {owner[pack.name]}", None)
                continue
            owner[pack.name] = dist
            clash = [e.id for e in pack.exercises if e.id in ids]
            if clash:
                self.warnings.append(
                    f"plugin {plugin!r} ({dist}): {len(clash)} exercise id(s) already provided by another pack "
                    f"skipped: {', '.join(clash[:3])}{'...' if len(clash) > 3 else ''}"
                )
                keep = tuple(e for e in pack.exercises if e.id not in ids)
                if not keep:
                    continue
                pack = attrs.evolve(pack, exercises=keep)
            for e in pack.exercises:
                ids[e.id] = pack.name
            out.append((plugin, pack))
        counts = {}
        for plugin, pack in out:
            counts.setdefault(plugin, []).append((pack.name, len(pack.exercises)))
        self.infos = [attrs.evolve(i, packs=tuple(counts.get(i.name, ()))) for i in self.infos]
        return out


def format_traceback(exc: BaseException) -> str:
    """The full traceback of ``exc`` and its causes (for strict mode)."""
    return "".join(traceback.format_exception(exc))


_ = ModuleType
