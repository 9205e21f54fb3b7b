"""Plugin discovery and loading, isolated so one broken plugin never takes
the tool down.

Discovery reads the ``recommender`` group straight from installed
distributions' ``entry_points.txt`` files on ``sys.path``: it costs a
directory listing per path entry, not an ``importlib.metadata`` import, and it
reads the filesystem every time, so installs and uninstalls show up at once.
A plugin that provides only data (packs, rule files) is answered from a cache
of its last results while its installed files are unchanged, without being
imported (see :class:`_HookCache`).
Entry points are loaded in name order, blocked names are never imported, and
every failure (import, registration, a hook that raises or returns the wrong
thing, a clash with another plugin) becomes one warning line naming the
distribution, or a :class:`~recommender.PluginError` when strict.
"""

from __future__ import annotations

import importlib
import importlib.machinery
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
from .exercises import DATA_FORMAT, ExercisePack, pack_from_data, pack_problems, pack_to_data
from .values import value_eq, value_hash, value_repr

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

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    name: str
    value: str
    distribution: str
    version: str
    path: str = ""
    #: The ``.dist-info`` (or ``.egg-info``) folder that declares it.
    info: str = ""


@attrs.frozen
class PluginInfo:
    """What ``recommend plugins`` reports for one plugin.

    ``status`` is ``active``, ``disabled`` or ``failed: <reason>``; ``packs``
    holds ``(pack name, exercise count)`` for the packs actually in use.
    """

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

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

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

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
    return _scan(sys.path if paths is None else paths, {})


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    # The change time too: tools can set a file's modification time back
    # (touch -r, cp -p, unpacking an archive) but not its change time.
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _entry_points(path: str, known: Mapping[str, Any] | None, read: dict[str, Any] | None) -> Sequence[tuple[str, str]]:
    """The ``recommender`` entries of one ``entry_points.txt`` (none when
    it is missing or unreadable)."""
    stamp = None
    if known is not None:
        try:
            st = os.stat(path)
        except OSError:
            return ()
        stamp = _stamp(st)
        before = known.get(path)
        if isinstance(before, tuple) and len(before) == 2 and before[0] == stamp and isinstance(before[1], tuple):
            if read is not None:
                read[path] = before
            return before[1]
    try:
        # A byte that is not UTF-8 (in another group, say) must not hide the
        # file's recommender entries without a word: it is read as U+FFFD.
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return ()
    entries = tuple(_parse_entry_points(text))
    if read is not None and stamp is not None:
        read[path] = (stamp, entries)
    return entries


def _scan(
    paths: Sequence[str],
    listings: dict[str, frozenset[str] | None],
    known: Mapping[str, Any] | None = None,
    read: dict[str, Any] | None = None,
) -> list[EntryPoint]:
    """:func:`discover`, also filling ``listings`` with what each path entry
    holds (None: it exists but is not a folder that can be listed, such as a
    zip file).

    ``known`` maps an ``entry_points.txt`` path to its size and times and
    entries as read before: a file with the same size and times is not read
    again.  ``read``, when given, gets the same for every file found.
    """
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in paths:
        where = entry or "."
        try:
            children = os.listdir(where)
        except FileNotFoundError:
            listings.setdefault(where, frozenset())
            continue
        except OSError:
            listings.setdefault(where, None)
            continue
        listings.setdefault(where, frozenset(children))
        # Only the metadata folders are sorted: the standard library's
        # folder alone holds a few hundred other names.
        for child in sorted([c for c in children if c.endswith("-info")]):
            m = _DIST.match(child)
            if m is None:
                continue
            dist = _norm(m["name"])
            if dist in seen:
                continue
            seen.add(dist)
            info = os.path.join(where, child)
            entries = _entry_points(f"{info}{os.sep}entry_points.txt", known, read)
            found.extend(EntryPoint(name, value, dist, m["version"], where, info) for name, value in entries)
    found.sort(key=lambda ep: (ep.name, ep.distribution))
    return found


#: Modules whose files no stored result depends on: the package's own
#: dependencies and theirs (validated data does not change with them),
#: setuptools' start-up hook, and the main script, which an app edits
#: without changing any plugin.
_UNRECORDED: Final = frozenset({"__main__", "attr", "attrs", "cattr", "cattrs", "pluggy", "tomli_w", "typing_extensions", "exceptiongroup",
                                 "_distutils_hack"})

#: Hooks whose results are plain data, so they can be stored: a plugin that
#: implements only these need not be imported while its files are unchanged.
_CACHEABLE: Final = frozenset({"recommender_exercise_packs", "recommender_rule_files"})


def _core_stamp() -> tuple[object, ...]:
    # What stored packs were validated with: the checks and the vocabulary.
    from . import cache, exercises, vocabulary

    stamps = [cache.file_stamp(module.__file__ or "") for module in (exercises, vocabulary)]
    return () if None in stamps else (DATA_FORMAT, *stamps)


class _HookCache:
    """Stored hook results of installed plugins, so a plugin whose installed
    files have not changed is not imported again.

    One entry (see :mod:`recommender.cache`) per ``sys.path``.  A plugin's
    results are used only when everything they could depend on is exactly as
    when they were stored: its distribution's name, version and every file its
    ``RECORD`` lists (path, size, modification and change times), the files
    of the libraries loaded when they were stored (other plugins' modules
    aside), the checks and vocabulary they were validated with, and the
    Python version.  A distribution without a ``RECORD`` (an editable
    install, a folder on ``PYTHONPATH``) or whose module could be shadowed
    by an earlier path entry is always imported.  Only results that passed
    every check are stored, so failures are found and reported on every run.
    """

    def __init__(self, paths: Sequence[str]) -> None:
        from . import cache

        self._cache = cache
        self._paths = [p or "." for p in paths]
        self._listings: dict[str, frozenset[str] | None] = {}
        joined = "\0".join(self._paths)
        # A name that is the same in every process (str hashes are salted
        # per process; an int's is not), without importing a checksum module
        # at every start: the entry's text is compared in full anyway.
        self._name = f"{hash(int.from_bytes(joined.encode('utf-8', 'surrogateescape'), 'little')) & 0xFFFFFFFF:08x}"
        self._text = repr((_core_stamp(), joined))
        stored = cache.load("plugins", self._name, self._text)
        if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], dict) and isinstance(stored[1], dict)):
            stored = ({}, {})
        self._known: dict[str, Any] = stored[0]
        self._entries: dict[str, Any] = stored[1]
        self._read: dict[str, Any] = {}
        self._keys: dict[str, tuple[object, ...] | None] = {}
        # The key of each plugin looked up, taken before it was imported.
        self._looked_up: dict[tuple[str, str], tuple[object, ...] | None] = {}
        self._tops: list[frozenset[str] | None] | None = None
        self._dirty = False
        # What was loaded before any plugin (see _imported_files).
        self._preloaded = frozenset(sys.modules)
        self._stamps: dict[str, tuple[int, int, int] | None] = {}
        self._imports: tuple[int, tuple[tuple[object, ...], ...] | None] | None = None

    def scan(self) -> list[EntryPoint]:
        """:func:`discover` over the cache's paths, reading only the
        ``entry_points.txt`` files that changed since the last run."""
        eps = _scan(self._paths, self._listings, self._known, self._read)
        # Distributions no longer installed are dropped on the next write.
        present = {ep.info for ep in eps}
        self._entries = {k: v for k, v in self._entries.items() if k in present}
        if self._read != self._known:
            self._dirty = True
        return eps

    def _shadowed(self, top: str, where: str) -> bool:
        """Whether a path entry before ``where`` may hold module ``top``."""
        if self._tops is None:
            self._tops = []
            for path in self._paths:
                names = self._listings.get(path)
                self._tops.append(None if names is None else frozenset(n.partition(".")[0] for n in names))
        for path, tops in zip(self._paths, self._tops, strict=True):
            if path == where:
                return False
            if tops is None or top in tops:
                return True
        return True

    def _key(self, ep: EntryPoint) -> tuple[object, ...] | None:
        """Everything the plugin's results could depend on, or None when
        that cannot be known from its distribution's ``RECORD``."""
        top = ep.value.partition(":")[0].split("[", 1)[0].strip().partition(".")[0]
        if top in sys.modules or not ep.info:
            return None  # imported already, so there is nothing to save
        if ep.info not in self._keys:
            entry = self._entries.get(ep.info)
            self._keys[ep.info] = _record_key(ep, entry[0] if isinstance(entry, tuple) and entry else None)
        key = self._keys[ep.info]
        # The module must be one of the distribution's own files, and the
        # one an import would find.
        if key is None or top not in key[3] or self._shadowed(top, ep.path):  # type: ignore[operator]
            return None
        return key

    def lookup(self, ep: EntryPoint) -> dict[str, list[object]] | None:
        """The stored results of ``ep``'s hooks, by hook name, or None."""
        key = self._looked_up[ep.info, ep.name] = self._key(ep)
        entry = self._entries.get(ep.info)
        if key is None or not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != key:
            return None
        stored = entry[1].get(ep.name) if isinstance(entry[1], dict) else None
        try:
            value, hooks, imports = stored  # type: ignore[misc]
            if value != ep.value or any(self._file_stamp(path) != tuple(stamp) for path, *stamp in imports):
                return None
            return {hook: _decode(hook, data) for hook, data in hooks.items()}
        except Exception:  # a damaged entry: import the plugin instead
            return None

    def remember(self, ep: EntryPoint, results: Mapping[str, Sequence[object]]) -> None:
        """Store ``ep``'s validated results (nothing when one is not plain
        data, or ``ep`` was not looked up first)."""
        key = self._looked_up.get((ep.info, ep.name))
        if key is None:
            return
        data = {}
        for hook, items in results.items():
            encoded = _encode(hook, items)
            if encoded is None:
                return
            data[hook] = encoded
        imports = self._imported_files()
        if imports is None:
            return
        entry = self._entries.get(ep.info)
        plugins = dict(entry[1]) if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key and isinstance(entry[1], dict) else {}
        plugins[ep.name] = (ep.value, _shared(data, {}), imports)
        self._entries[ep.info] = (key, plugins)
        self._dirty = True

    def _installed(self, path: str) -> bool:
        """Whether ``path`` lies in a ``sys.path`` folder holding installed
        distributions (their ``*-info`` folders), as the scan listed them."""
        for entry, names in self._listings.items():
            if names and path.startswith(entry.rstrip(os.sep) + os.sep) and any(n.endswith("-info") for n in names):
                return True
        return False

    def _file_stamp(self, path: str) -> tuple[int, int, int] | None:
        # Several plugins may import the same library: each file once a run.
        if path not in self._stamps:
            try:
                self._stamps[path] = _stamp(os.stat(path))
            except (OSError, ValueError):
                self._stamps[path] = None
        return self._stamps[path]

    def _imported_files(self) -> tuple[tuple[object, ...], ...] | None:
        """``(path, size, mtime, ctime)`` of the module files a plugin's
        results may come from, outside the standard library, this package
        and its dependencies, the main script and the plugins' own
        distributions (their ``RECORD`` covers those); None when one cannot
        be read.  Those are the modules loaded since the plugins started
        loading, and those loaded before from a folder of installed
        distributions: a library the app imported first, but not the app's
        own modules, whose edits would otherwise make every plugin import
        again.

        Taken for all plugins together, since a library a second plugin
        imports is already loaded by the first: an upgrade or removal of
        any such library makes each plugin stored with it import again."""
        if self._imports is not None and self._imports[0] == len(sys.modules):
            return self._imports[1]
        own = {"recommender"}
        for key in self._looked_up.values():
            if key is not None:
                own.update(key[3])  # type: ignore[arg-type]
        files: set[tuple[object, ...]] = set()
        result: tuple[tuple[object, ...], ...] | None = None
        for name, module in list(sys.modules.items()):
            top = name.partition(".")[0]
            # Loaded before the plugins or not, a library may be what a
            # plugin's pack comes from (an app may import it first).
            if top in own or top in _UNRECORDED or top in sys.stdlib_module_names:
                continue
            path = getattr(module, "__file__", None)
            if not isinstance(path, str):
                continue  # built in, or a namespace package: no file to change
            if name in self._preloaded and not self._installed(path):
                continue
            stamp = self._file_stamp(path)
            if stamp is None:
                break
            files.add((path, *stamp))
        else:
            result = tuple(sorted(files, key=str))
        self._imports = (len(sys.modules), result)
        return result

    def save(self) -> None:
        """Write what was remembered (silently: the cache only saves time)."""
        if self._dirty:
            self._dirty = False
            self._cache.store("plugins", self._name, self._text, (self._read, self._entries))


def _record_key(ep: EntryPoint, hint: object = None) -> tuple[object, ...] | None:
    """The distribution, its version, the top-level names it installs, the
    size and times of its ``RECORD`` and ``(path, size, mtime, ctime)`` of
    every other file it lists outside its ``.dist-info`` folder.

    ``hint``, a key stored earlier, saves reading ``RECORD`` again when its
    size and times are unchanged; every file is still looked at.
    """
    try:
        st = os.stat(f"{ep.info}{os.sep}RECORD")
        stamp = _stamp(st)
        head = (ep.info, ep.distribution, ep.version)
        rels: list[str] | None = None
        if isinstance(hint, tuple) and len(hint) == 6 and hint[:3] == head and hint[4] == stamp:
            try:
                tops = frozenset(hint[3])
                rels = [str(f[0]) for f in hint[5]]
            except (TypeError, IndexError):
                rels = None
        if rels is None:
            tops, rels = _read_record(ep)
        files = []
        for rel in rels:
            st = os.stat(os.path.join(ep.path, rel))
            files.append((rel, *_stamp(st)))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # no RECORD, or a listed file is missing: import as usual
    return (*head, tops, stamp, tuple(files))


_MODULE_SUFFIXES: Final = tuple(importlib.machinery.all_suffixes())


def _read_record(ep: EntryPoint) -> tuple[frozenset[str], list[str]]:
    """Top-level names and the files (besides its own metadata) a
    distribution's ``RECORD`` lists."""
    with open(os.path.join(ep.info, "RECORD"), encoding="utf-8") as fh:
        record = fh.read()
    own = os.path.basename(ep.info) + "/"
    rels = []
    tops = set()
    for line in record.splitlines():
        if not line:
            continue
        if line.startswith('"'):
            raise ValueError("a quoted path")  # rare enough to always import
        rel = line.split(",", 1)[0]
        if rel.startswith(own) or rel.endswith(".pyc"):
            # Metadata cannot change what a hook returns (RECORD's own stamp
            # covers a reinstall), and bytecode is derived from the sources.
            continue
        head, sep, _ = rel.partition("/")
        # Only a folder or a module file can be imported; a .pth file named
        # like the module (flit's editable installs) only points elsewhere.
        if sep or head.endswith(_MODULE_SUFFIXES):
            tops.add(head.partition(".")[0])
        rels.append(rel)
    return frozenset(tops), rels


def _shared(value: Any, seen: dict[Any, Any]) -> Any:
    """``value`` with equal strings and tuples made one object: marshal
    then writes each once, and reading the entry back is faster."""
    if type(value) is str:
        return seen.setdefault(value, value)
    if type(value) is tuple:
        return seen.setdefault(value, tuple(_shared(v, seen) for v in value))
    if type(value) is dict:
        return {k: _shared(v, seen) for k, v in value.items()}
    return value


def _encode(hook: str, items: Sequence[object]) -> tuple[object, ...] | None:
    out = []
    for item in items:
        if hook == "recommender_exercise_packs":
            data = pack_to_data(item) if isinstance(item, ExercisePack) else None
        else:
            from .rules import RuleSource

            plain = isinstance(item, RuleSource) and type(item) is RuleSource and type(item.name) is str and type(item.text) is str
            data = (item.name, item.text) if plain and isinstance(item, RuleSource) else None
        if data is None:
            return None
        out.append(data)
    return tuple(out)


def _decode(hook: str, data: Sequence[Any]) -> list[object]:
    if hook == "recommender_exercise_packs":
        return [pack_from_data(d) for d in data]
    if hook == "recommender_rule_files":
        from .rules import RuleSource

        return [RuleSource(name, text) for name, text in data]
    raise ValueError(hook)


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
        from importlib.util import module_from_spec  # only for this rare case, not at every start

        spec = importlib.machinery.PathFinder.find_spec(top, [ep.path])
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"No module named {top!r} in {ep.path}", name=top)
        loaded = module_from_spec(spec)
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


def exception_text(exc: BaseException) -> str:
    """``exc`` in one line: its type and the first line of its message."""
    # A multi-line exception message would break the one-line warning
    # contract, and its first line is the part that says what failed.
    try:
        text = str(exc).strip().splitlines()
    except Exception:  # a plugin's own exception class whose __str__ fails
        text = ["<exception str() failed>"]  # what Python's tracebacks say
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
    # RuleSource does not check its fields, and the rule loader reads them
    # as text: anything else would stop the whole run, not skip the plugin.
    if not isinstance(item.name, str):
        return [f"RuleSource name: expected str, got {type(item.name).__name__}"]
    if not isinstance(item.text, str):
        return [f"RuleSource {item.name!r}: text: expected the TOML text as str, got {type(item.text).__name__}"]
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
        self._objects: dict[str, object] = {}
        self._infos: dict[str, PluginInfo] = {}
        # Disabled plugins whose name another distribution's plugin then took.
        self._set_aside: list[PluginInfo] = []
        # Plugins answered from the cache: their stored results by hook, and
        # their entry points, imported only if their objects are asked for.
        self._cache: _HookCache | None = None
        self._hits: dict[str, dict[str, list[object]]] = {}
        self._unimported: dict[str, EntryPoint] = {}
        # Imported plugins whose results may be stored once every hook they
        # implement has answered validly.
        self._pending: dict[str, tuple[EntryPoint, frozenset[str]]] = {}
        self._results: dict[str, dict[str, list[object]]] = {}
        self._label: dict[str, str] = {}
        self._failed: set[str] = set()
        # Every valid answer by hook, kept even for plugins that fail later:
        # what is used is filtered by _failed when it is read.
        self._answers: dict[str, list[tuple[str, object]]] = {}
        self._pack_names_settled = False
        for name, plugin in builtins:
            self.pm.register(plugin, name=name)
            self._label[name] = BUILTIN
        for i, plugin in enumerate(extra):
            self.register(plugin, _object_name(plugin, i), "the application")
        if autoload:
            from .cache import cache_dir

            # Strict mode is for finding problems: it always imports.
            if paths is None and not strict and cache_dir() is not None:
                self._cache = _HookCache(sys.path)
                eps = self._cache.scan()
            else:
                eps = discover(paths)
            self._autoload(eps, disabled)

    # -- reporting -----------------------------------------------------------

    @property
    def objects(self) -> dict[str, object]:
        """Imported plugin objects by name, including ones that then failed.

        Plugins answered from the cache are imported now, on first use.
        """
        for name, ep in sorted(self._unimported.items()):
            del self._unimported[name]
            try:
                self._objects[name] = _load(ep)
            except (Exception, SystemExit) as exc:  # anything a plugin's import raises
                self._fail(name, self.label(name), f"cannot import: {exception_text(exc)}", exc)
        return self._objects

    @property
    def warnings(self) -> list[str]:
        """One line per problem, in the order they were found."""
        return [*self.notes, *(f.line for f in self.failures)]

    @property
    def infos(self) -> list[PluginInfo]:
        """Discovered plugins, sorted by name (then distribution)."""
        return sorted([*self._infos.values(), *self._set_aside], key=lambda i: (i.name, i.distribution))

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
            err = PluginError(line, distribution=label, reason=reason)
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
        # What each loaded plugin's entry point names: pluggy holds an object
        # once, so a second name for it (an old plugin name kept for
        # compatibility) is skipped, the same with or without the cache.
        targets: dict[str, str] = {}
        for ep in eps:
            hit = {_norm(ep.name), ep.distribution} & blocked
            if hit:
                used |= hit
                self._infos.setdefault(ep.name, PluginInfo(ep.name, ep.distribution, ep.version, "disabled"))
                continue
            label = f"{ep.distribution} {ep.version}"
            held = self._infos.get(ep.name)
            owner = self._label.get(ep.name) or (f"{held.distribution} {held.version}" if held and held.status != "disabled" else None)
            if owner is not None:
                # Not recorded in infos: the name is the other plugin's line.
                self._fail(ep.name, label, f"the plugin name {ep.name!r} is already used by {owner}", conflict=True, name_taken=True)
                continue
            if held is not None:
                # Its distribution was disabled (--disable-plugin DIST), so
                # the name is free for this one; both are still listed.
                self._set_aside.append(held)
            self._infos[ep.name] = PluginInfo(ep.name, ep.distribution, ep.version, "active")
            target = "".join(ep.value.split("[", 1)[0].split())
            if target in targets:
                self._fail(ep.name, label, f"{target} is already loaded as plugin {targets[target]!r}", conflict=True)
                continue
            stored = self._cache.lookup(ep) if self._cache is not None else None
            if stored is not None:
                self._hits[ep.name] = stored
                self._unimported[ep.name] = ep
                self._label[ep.name] = label
                targets[target] = ep.name
                continue
            try:
                plugin = _load(ep)
            except (Exception, SystemExit) as exc:  # anything a plugin's import raises
                self._fail(ep.name, label, f"cannot import: {exception_text(exc)}", exc)
                continue
            registered = self.register(plugin, ep.name, label)
            if registered:
                targets[target] = ep.name
            if registered and self._cache is not None:
                hooks = frozenset(c.name for c in self.pm.get_hookcallers(plugin) or ())
                if hooks and hooks <= _CACHEABLE:
                    self._pending[ep.name] = (ep, hooks)
        for name in sorted(blocked - used):
            known = ", ".join(ep.name for ep in eps) or "none"
            self.notes.append(f"cannot disable plugin {name!r}: no installed plugin has that name (installed: {known})")

    def register(self, plugin: object, name: str, label: str) -> bool:
        """Check ``plugin``'s hook implementations and register it; a problem
        is recorded against ``name`` and ``label`` and returns false."""
        if name in self._label:
            self._fail(name, label, f"the plugin name {name!r} is already used by {self._label[name]}", conflict=True, name_taken=True)
            return False
        self._objects[name] = plugin
        problems = self._impl_problems(plugin)
        if problems:
            self._fail(name, label, problems[0] + _more(problems), details=problems)
            return False
        other = self.pm.get_name(plugin)
        if other is not None:
            # pluggy's own message lists every registered plugin.
            self._fail(name, label, f"{_object_name(plugin, 0)} is already loaded as plugin {other!r}", conflict=True)
            return False
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # pluggy's own validation of a third-party object
            self._fail(name, label, "; ".join(str(exc).split("\n")) or exception_text(exc), exc)
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
            return [f"cannot list its attributes: {exception_text(exc)}"]
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
            wrapper = next((k for k in ("wrapper", "hookwrapper") if isinstance(opts, dict) and opts.get(k)), None)
            if wrapper:
                # It would be called like any hook and give its generator.
                problems.append(f"{hook} is marked as a wrapper, but each plugin's hook is called on its own, so nothing "
                                f"passes through it (remove {wrapper}=True)")
                continue
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

    def call_all(self, format_check: Callable[[object], list[str]]) -> None:
        """Call every hook of every plugin.

        This comes before any result is used, because a plugin that fails
        one hook is skipped as a whole: none of its packs, rule files or
        formats may reach a plan.  Rule files are loaded next (see
        :meth:`rule_items` and :meth:`keep_rules`), and :meth:`packs` and
        :meth:`formats` then give what the plugins still standing provide.
        """
        self.call("recommender_exercise_packs", pack_problems)
        self.call("recommender_rule_files", rule_source_problems)
        self.call("recommender_output_formats", format_check)

    def _name_losers(self) -> dict[str, tuple[str, str]]:
        """The plugins standing that offer a pack name another has: plugin
        -> (pack name, the label of the plugin that has it).

        Plugins are taken in turn, the built-in ones first, then by name; a
        plugin keeps its names only if none is taken yet, so a plugin only
        ever loses a name to one that keeps it."""
        offered: dict[str, list[ExercisePack]] = {}
        for plugin, pack in self._sorted_packs():
            offered.setdefault(plugin, []).append(pack)
        order = sorted(offered, key=lambda p: (self._label.get(p) != BUILTIN, p))
        owner: dict[str, str] = {}
        losers: dict[str, tuple[str, str]] = {}
        for plugin in order:
            names = [pack.name for pack in offered[plugin]]
            taken = next((n for i, n in enumerate(names) if n in owner or n in names[:i]), None)
            if taken is not None:
                losers[plugin] = (taken, owner.get(taken, self.label(plugin)))
                continue
            for name in names:
                owner[name] = self.label(plugin)
        return losers

    def rule_items(self) -> tuple[list[tuple[str, object]], frozenset[str]]:
        """The rule files of the plugins standing that keep their pack names,
        and which plugins lose theirs.  Call again after :meth:`keep_rules`
        skipped a plugin: its packs may have been the ones that took a name."""
        losers = frozenset(self._name_losers())
        return [(p, i) for p, i in self.call("recommender_rule_files", rule_source_problems) if p not in losers], losers

    def call(self, hook: str, check: Callable[[object], list[str]]) -> list[tuple[str, object]]:
        """Call ``hook`` on each plugin separately, in plugin-name order, and
        return ``(plugin, item)`` for every item of every plugin whose whole
        answer is valid and that has not failed since; any problem skips that
        plugin (or raises).  Each hook is called once: later calls give the
        first answers, without the plugins that failed in the meantime."""
        if hook not in self._answers:
            self._answers[hook] = self._call(hook, check)
        return [(name, item) for name, item in self._answers[hook] if name not in self._failed]

    def _call(self, hook: str, check: Callable[[object], list[str]]) -> list[tuple[str, object]]:
        kind = HOOKS[hook]
        out: list[tuple[str, object]] = []
        caller = getattr(self.pm.hook, hook)
        answers: list[tuple[str, Callable[[], Any]]] = [(impl.plugin_name, impl.function) for impl in caller.get_hookimpls()]
        answers += [(name, hit[hook].copy) for name, hit in self._hits.items() if hook in hit]
        for name, function in sorted(answers, key=lambda a: a[0]):
            if name in self._failed:
                continue
            label = self.label(name)
            try:
                result = function()
                # None is wrong too: it is what a hook without its return
                # statement gives, and accepting it would hide the mistake.
                wrong = result is None or isinstance(result, (str, bytes, Mapping)) or not isinstance(result, Iterable)
                items: list[object] = [] if wrong else list(result)
            except (Exception, SystemExit) as exc:  # a plugin's hook failing must not stop the rest
                self._fail(name, label, f"{hook} raised {exception_text(exc)}", exc)
                continue
            if wrong:
                got = "None" if result is None else type(result).__name__
                hint = " (is its return statement missing?)" if result is None else ""
                self._fail(name, label, f"{hook} returned {got}, expected an iterable of {kind}{hint}")
                continue
            problems = [p for item in items for p in check(item)]
            if problems:
                details = [f"{hook} returned an invalid item: {p}" for p in problems]
                self._fail(name, label, details[0] + _more(details), details=details)
                continue
            out.extend((name, item) for item in items)
            if name in self._pending:
                self._remember(name, hook, items)
        if self._cache is not None:
            self._cache.save()
        return out

    def _remember(self, name: str, hook: str, items: list[object]) -> None:
        # Stored only once every check is done (see _store): rule files that
        # do not load are found after the hooks have answered.
        self._results.setdefault(name, {})[hook] = items

    def _store(self) -> None:
        """Give the cache the results of every plugin whose hooks all
        answered and that did not fail on its own (a clash with another
        plugin is found again from the stored results)."""
        if self._cache is None:
            return
        broken = {f.plugin for f in self.failures if not f.conflict}
        for name, (ep, hooks) in list(self._pending.items()):
            done = self._results.get(name, {})
            if set(done) == hooks and name not in broken:
                del self._pending[name]
                self._cache.remember(ep, done)
        self._cache.save()

    def _sorted_packs(self) -> list[tuple[str, ExercisePack]]:
        items = [(p, i) for p, i in self.call("recommender_exercise_packs", pack_problems) if isinstance(i, ExercisePack)]
        items.sort(key=lambda x: (self._label.get(x[0]) != BUILTIN, x[1].name != "default", x[1].name))
        return items

    def _settle_pack_names(self) -> None:
        """Skip each plugin offering a pack name an earlier pack has.  Done
        once, after the rule files (see :meth:`rule_items`)."""
        if self._pack_names_settled:
            return
        self._pack_names_settled = True
        for plugin, (name, owner) in self._name_losers().items():
            self._fail(plugin, self.label(plugin), f"pack name {name!r} is already provided by {owner}", conflict=True)

    def packs(self) -> list[tuple[str, ExercisePack]]:
        """Valid packs from every plugin still standing after
        :meth:`call_all` and :meth:`keep_rules`: the built-in pack first,
        then by pack name.  Exercises whose ids an earlier pack already has
        are left out of the later pack, with one line per pack; a plugin
        left with nothing to offer at all is skipped, so its status says so."""
        self._settle_pack_names()
        items = self._sorted_packs()
        ids: dict[str, str] = {}
        kept: list[tuple[str, ExercisePack]] = []
        emptied: list[tuple[str, list[str]]] = []
        for plugin, pack in items:
            clash = [e.id for e in pack.exercises if e.id in ids]
            details = [f"pack {pack.name!r}: exercise id {i!r} is already used by pack {ids[i]!r}" for i in clash]
            shown = ", ".join(f"{i} ({ids[i]})" for i in clash[:3]) + (", ..." if len(clash) > 3 else "")
            n = len(clash)
            if clash and n == len(pack.exercises):
                # Decided below, once it is known whether the plugin keeps anything else.
                what = "its only exercise has an id" if n == 1 else f"all {n} of its exercises have ids"
                emptied.append((plugin, [f"pack {pack.name!r} left out: {what} another pack already has: {shown}", *details]))
                continue
            if clash:
                self._fail(
                    plugin,
                    self.label(plugin),
                    f"pack {pack.name!r}: {n} exercise{'s' if n != 1 else ''} left out because another pack already "
                    f"has {'their ids' if n != 1 else 'its id'}: {shown}",
                    details=details,
                    conflict=True,
                    drop=False,
                )
                pack = attrs.evolve(pack, exercises=tuple(e for e in pack.exercises if e.id not in ids))
            for e in pack.exercises:
                ids[e.id] = pack.name
            if pack.exercises:
                kept.append((plugin, pack))
        keeps_something = {p for p, _ in kept}
        for hook in ("recommender_rule_files", "recommender_output_formats"):
            keeps_something.update(p for p, _ in self._answers.get(hook, ()) if p not in self._failed)
        for plugin, (reason, *details) in emptied:
            self._fail(plugin, self.label(plugin), reason, details=details, conflict=True, drop=plugin not in keeps_something)
        counts: dict[str, list[tuple[str, int]]] = {}
        for plugin, pack in kept:
            counts.setdefault(plugin, []).append((pack.name, len(pack.exercises)))
        for name, info in self._infos.items():
            if info.status == "active":
                # Built directly: attrs.evolve reads the class's fields on
                # every call, and there is one call per installed plugin.
                self._infos[name] = PluginInfo(info.name, info.distribution, info.version, info.status, tuple(counts.get(name, ())))
        self._store()
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

