"""Hook specifications: the whole plugin API.

A plugin is a module (or object) with functions named after these hooks and
decorated with :data:`hookimpl`; it is found through the ``recommender``
entry-point group.  The built-in default pack and output formats use exactly
these hooks.  Every hook is called with keyword arguments only, once per
engine, when the engine is built; results are validated, then sorted by name,
so the order plugins were installed in never matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .exercises import ExercisePack
    from .formats import OutputFormat
    from .rules import RuleSource

__all__ = ["hookimpl", "hookspec"]

#: Marks hook specifications (used only by this module).
hookspec = pluggy.HookspecMarker("recommender")
#: Marks a plugin's hook implementations: ``@recommender.hookimpl``.
hookimpl = pluggy.HookimplMarker("recommender")


@hookspec
def recommender_exercise_packs() -> Iterable[ExercisePack]:  # type: ignore[empty-body]
    """Return the exercise packs this plugin provides.

    Called once when an engine loads its plugins.  Return an iterable of
    :class:`recommender.ExercisePack`; each pack's ``name`` must be unique
    among installed packs.  A pack that fails validation is skipped with a
    warning naming the plugin's distribution (or raises with strict plugins).
    """


@hookspec
def recommender_rule_files() -> Iterable[RuleSource]:  # type: ignore[empty-body]
    """Return rule files to load into the ``plugin`` layer.

    Called once when an engine loads its rules.  Return an iterable of
    :class:`recommender.RuleSource` (a name and TOML text, e.g. read with
    ``importlib.resources``).  Plugin rules sit above the shipped rules and
    below the user's own; they may tighten safety rules, never loosen them.
    """


@hookspec
def recommender_output_formats() -> Iterable[OutputFormat]:  # type: ignore[empty-body]
    """Return extra output formats for ``recommend --format NAME``.

    Called once when an engine is asked for its formats.  Return an iterable
    of :class:`recommender.OutputFormat`; a name already taken by another
    format is skipped with a warning.
    """
