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
    name = item.name
    # ASCII only: str.isalnum() also takes "über" or "٣", which no one types after --format.
    if not isinstance(name, str) or not name or not name.isascii() or not name.replace("-", "").isalnum() or name.lower() != name:
        return [f"format name: expected lower-case letters, digits and '-', got {name!r}"]
    # OutputFormat does not check its fields, and `recommend formats` and
    # --out FILE read these as text: anything else would stop every run.
    out = [f"format {name!r}: {field}: expected str, got {type(value).__name__}"
           for field, value in (("description", item.description), ("suffix", item.suffix)) if not isinstance(value, str)]
    if not callable(item.render):
        out.append(f"format {name!r}: render is not callable")
    return out
