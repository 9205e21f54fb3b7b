"""Output formats: a name, a file suffix and a render function.

Built-in formats are registered through the same hook plugins use
(:func:`recommender.hookspecs.recommender_output_formats`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from .plan import Plan
from .profile import Profile
from .values import value_eq, value_hash, value_repr

__all__ = ["OutputFormat", "RenderContext", "format_problems"]


@attrs.frozen
class RenderContext:
    """What a renderer may use besides the plan.

    ``because`` maps rule ids to their ``because`` sentences; ``color`` is
    true only when writing to a terminal that allows colour.
    """

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    profile: Profile | None = None
    because: Mapping[str, str] = attrs.field(factory=dict)
    explain: bool = False
    color: bool = False
    explanation: tuple[str, ...] = ()


@attrs.frozen
class OutputFormat:
    """One output format for ``recommend --format NAME``."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    name: str
    description: str
    suffix: str
    render: Callable[[Plan, RenderContext], str]


def format_problems(item: object) -> list[str]:
    """Validate a format returned by a plugin; empty means valid."""
    if not isinstance(item, OutputFormat):
        return [f"expected an OutputFormat, got {type(item).__name__}"]
    if not item.name or not item.name.replace("-", "").isalnum() or item.name.lower() != item.name:
        return [f"format name must be lower-case letters and digits, got {item.name!r}"]
    if not callable(item.render):
        return [f"format {item.name!r}: render is not callable"]
    return []
