"""Hook specifications: the whole plugin API.

A plugin is a module (or object) with functions named after these hooks and
decorated with :data:`hookimpl`; it is found through the ``recommender``
entry-point group.  The built-in default pack and output formats use exactly
these hooks.  Each hook is called on each plugin separately, in plugin-name
order, so the order plugins were installed in never matters; every result is
validated before use, and a plugin whose result is not valid is skipped with
one warning line.  Every hook of every plugin is called before any result is
used, so a plugin that fails one hook is skipped as a whole: none of its
packs, rule files or formats are used.  Returning ``None`` (a hook without its
``return`` statement) is a wrong return type like any other.  See
``docs/plugins.md`` for the author's guide.

What :func:`recommender_exercise_packs` and :func:`recommender_rule_files`
return is data, and it is remembered: a plugin that implements only these
two hooks, installed with a ``RECORD`` (as pip installs it), is not imported
again while its distribution's name, version and installed files, and the
files of the installed libraries loaded with it, are unchanged; the stored packs and rule
files are used instead.  So these hooks must build their result from the
distribution's own files and those libraries only, not from the environment,
the network, the time, another plugin's modules or whether an optional
library is installed (installing one later is not noticed).  An editable install, a
plugin that also provides output formats, ``--strict-plugins`` and
``RECOMMENDER_NO_CACHE=1`` always import.
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

    When: once per :class:`~recommender.Engine`, while it is being built
    (``recommend`` builds one engine per run), after the plugin module has
    been imported and registered.  It takes no arguments.

    Returns: an iterable (a tuple or list; not a bare pack, string or dict) of
    :class:`~recommender.ExercisePack`.  Each pack must pass
    :func:`recommender.pack_problems` and its ``name`` must be unique among
    installed packs.  An exercise whose ``id`` an earlier pack (the built-in
    pack first, then packs by name) already uses is left out of this pack.
    If the hook raises, returns the wrong type (``None`` included) or returns
    an invalid pack, the whole plugin is skipped with one warning line naming
    its distribution (a :class:`~recommender.PluginError` with strict
    plugins).  A plugin whose packs all lose every exercise, and that gives
    nothing else, is skipped too.
    """


@hookspec
def recommender_rule_files() -> Iterable[RuleSource]:  # type: ignore[empty-body]
    """Return rule files to load into the ``plugin`` rule layer.

    When: once per :class:`~recommender.Engine`, while it is being built,
    after :func:`recommender_exercise_packs`.  It takes no arguments.

    Returns: an iterable of :class:`~recommender.RuleSource` (a name to report
    problems under and the TOML text, usually read with
    ``importlib.resources``).  Plugin rules sit above the shipped rules and
    below the user's own; they may add rules and tighten safety rules, never
    loosen them.  If the plugin's files do not load, the whole plugin is
    skipped with one warning line (an error with strict plugins).
    """


@hookspec
def recommender_output_formats() -> Iterable[OutputFormat]:  # type: ignore[empty-body]
    """Return extra output formats for ``recommend --format NAME``.

    When: once per :class:`~recommender.Engine`, while it is being built,
    after :func:`recommender_rule_files`.  It takes no arguments.

    Returns: an iterable of :class:`~recommender.OutputFormat`, each with a
    lower-case ``name`` and a ``render(plan, context) -> str`` function.  If
    the hook raises or returns the wrong type, the whole plugin is skipped.  A
    format whose name is already taken (built-in formats come first) is left
    out with one warning line; the plugin's other formats are kept.  A
    ``render`` that raises or returns something other than ``str`` makes
    :meth:`~recommender.Engine.render` raise
    :class:`~recommender.PluginError` naming the format and its plugin.
    """
