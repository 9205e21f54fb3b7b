"""Test helpers for plugin and pack authors.

Everything here validates exactly as the plugin loader does, because it *is*
the loader: the same :class:`~recommender.plugins.PluginHost`, hooks and
checks, without entry-point discovery.  In a plugin's tests::

    import my_plugin
    from recommender.testing import check_plugin, isolated_engine, sample_profile

    def test_plugin_loads_cleanly() -> None:
        assert check_plugin(my_plugin) == []

    def test_plans_use_my_pack() -> None:
        engine = isolated_engine(my_plugin)
        plan = engine.recommend(sample_profile(packs=["default", "my-pack"]))
        assert "my-pack" in plan.packs

and, for a pytest fixture, in ``conftest.py``::

    from recommender.testing import engine_fixture
    import my_plugin

    engine = engine_fixture(my_plugin)   # a fixture named "engine"

This module is not a pytest plugin and registers nothing; import what you need.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .engine import Engine, _builtins, _rule_load_problems
from .errors import PluginError, RecommenderError
from .exercises import ExercisePack, pack_problems
from .formats import OutputFormat, format_problems
from .hookspecs import hookimpl
from .plugins import PluginHost, rule_source_problems
from .profile import Profile, profile_from_dict
from .rules import RuleSource, shipped_rule_sources

__all__ = ["check_installed", "check_pack", "check_plugin", "engine_fixture", "isolated_engine", "sample_profile"]

_UNDER_TEST = "the plugin under test"

#: A profile every valid rule set can plan for; override what your test needs.
SAMPLE_PROFILE: Mapping[str, Any] = {
    "age": 35,
    "experience": "beginner",
    "goal": "general_fitness",
    "days": ["mon", "thu"],
    "session_minutes": 45,
    "start": "2026-12-07",
}


def sample_profile(**overrides: Any) -> Profile:
    """A valid profile (35, beginner, general fitness, Monday and Thursday,
    45 minutes) with ``overrides`` applied, e.g. ``equipment=["kettlebell"]``."""
    import datetime

    data: dict[str, Any] = {**SAMPLE_PROFILE, **overrides}
    if isinstance(data.get("start"), str):
        data["start"] = datetime.date.fromisoformat(data["start"])
    return profile_from_dict(data, source="sample_profile()")


def isolated_engine(*plugins: object, rules: Iterable[str | Path | RuleSource] = (), **kw: Any) -> Engine:
    """An :class:`~recommender.Engine` with the built-ins and exactly
    ``plugins``: no entry-point discovery, so what else is installed never
    changes the result.

    Plugins are strict unless ``strict_plugins=False`` is passed, so a broken
    plugin fails the test with its traceback instead of a warning.  Other
    keyword arguments go to :class:`~recommender.Engine`.
    """
    kw.setdefault("strict_plugins", True)
    return Engine(plugins=list(plugins), rules=rules, **kw)


def engine_fixture(
    *plugins: object,
    name: str = "engine",
    scope: str = "function",
    **kw: Any,
) -> Any:
    """A pytest fixture named ``name`` that returns ``isolated_engine(*plugins, **kw)``.

    Assign it in ``conftest.py`` or a test module: ``engine = engine_fixture(my_plugin)``.
    pytest is imported only when this is called.
    """
    import pytest

    def _fixture() -> Engine:
        return isolated_engine(*plugins, **kw)

    _fixture.__doc__ = f"An isolated engine with {', '.join(_name(p) for p in plugins) or 'only the built-ins'}."
    return pytest.fixture(name=name, scope=scope)(_fixture)  # type: ignore[call-overload]


def _name(plugin: object) -> str:
    value = getattr(plugin, "__name__", None)
    return value if isinstance(value, str) and value else type(plugin).__name__


def _problems(plugin: object, *, conflicts: bool = True) -> list[str]:
    """Every problem the loader finds with ``plugin`` next to the built-ins.

    Each line is one problem, without the ``plugin ... skipped:`` prefix the
    loader's one-line warning adds.  ``conflicts=False`` leaves out clashes
    with other plugins (pack names, exercise ids, format names).
    """
    host = PluginHost(autoload=False, builtins=_builtins())
    name = _name(plugin)
    if not host.register(plugin, name, _UNDER_TEST):
        return _lines(host, name, conflicts)
    # In the engine's order: every hook, then rule files, then packs.
    host.call_all(format_problems)
    items = host.call("recommender_rule_files", rule_source_problems)
    if items:
        shipped = shipped_rule_sources()
        host.keep_rules(items, lambda srcs: _rule_load_problems(shipped, srcs))
    host.packs()
    formats = [f for p, f in host.formats(format_problems) if p == name and isinstance(f, OutputFormat)]
    lines = _lines(host, name, conflicts)
    if formats and not lines:
        lines.extend(_render_problems(plugin, formats))
    return lines


def _lines(host: PluginHost, name: str, conflicts: bool) -> list[str]:
    return [d for f in host.failures if f.plugin == name and (conflicts or not f.conflict) for d in f.details]


def _render_problems(plugin: object, formats: Sequence[OutputFormat]) -> list[str]:
    """Render a sample plan with each of the plugin's formats: a format that
    raises or returns something other than text would fail at run time."""
    engine = isolated_engine(plugin, strict_plugins=False)
    profile = sample_profile()
    try:
        plan = engine.recommend(profile)
    except RecommenderError as exc:
        return [f"cannot build a sample plan to render with its formats: {exc.line()}"]
    out = []
    for fmt in formats:
        try:
            engine.render(plan, fmt.name, profile=profile)
        except PluginError as exc:  # render raised, or returned something other than text
            out.append(f"format {fmt.name!r}: {exc.reason}")
        except RecommenderError as exc:
            out.append(f"format {fmt.name!r}: render raised {type(exc).__name__}: {exc}")
    return out


def check_plugin(plugin: object) -> list[str]:
    """Every problem the loader would find with ``plugin`` (a module or any
    object with ``@hookimpl`` functions); empty means it loads cleanly.

    Checks hook names and arguments, registers it, calls every hook it
    implements, validates what each returns, loads its rule files on top of
    the shipped rules, renders a sample plan with its formats, and reports
    clashes with the built-in pack and formats.
    """
    return _problems(plugin)


def check_pack(pack: object) -> list[str]:
    """Every problem the loader would find with ``pack``; empty means valid.

    Runs :func:`recommender.pack_problems` (every problem, not just the
    first) and reports a pack name or exercise ids the built-in pack already
    uses, which the loader would reject or leave out.
    """
    problems = pack_problems(pack)
    if problems or not isinstance(pack, ExercisePack):
        return problems
    return _problems(_pack_plugin(pack))


def _pack_plugin(pack: ExercisePack) -> object:
    """A plugin object whose only hook returns ``pack``, as a module would."""

    @hookimpl
    def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
        return (pack,)

    return SimpleNamespace(__name__=f"pack {pack.name!r}", recommender_exercise_packs=recommender_exercise_packs)


def check_installed(engine: Engine) -> list[str]:
    """Problems with what ``engine`` loaded, one line each (what
    ``recommend plugins check`` prints): load failures and clashes between
    plugins as the loader reported them, then every problem with each
    imported plugin in full, then any invalid pack."""
    host: PluginHost = engine._host
    engine.formats  # noqa: B018 (formats load lazily; their clashes count too)
    lines = [f.line for f in host.failures if f.conflict or f.plugin not in host.objects]
    for name in sorted(host.objects):
        obj = host.objects[name]
        label = next((f.label for f in host.failures if f.plugin == name), None) or host.label(name)
        lines.extend(f"plugin {name!r} ({label}): {p}" for p in _problems(obj, conflicts=False))
    for pack in engine.packs:
        lines.extend(pack_problems(pack))
    return list(dict.fromkeys(lines))

