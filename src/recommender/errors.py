"""The exception hierarchy.  Every error the package raises derives from
:class:`RecommenderError`, carries structured fields and renders as one line.

- :class:`RecommenderError`
  - :class:`InputError` (exit code 2): a file or value the caller gave is wrong
    - :class:`ProfileError`: a profile
    - :class:`RuleError`: a rule file (may carry several problems)
    - :class:`PackError`: an exercise pack
    - :class:`PlanFileError`: a plan file given to the checker
    - :class:`OutputError`: an output target that cannot be written
  - :class:`PluginError` (exit code 2): a plugin failed under ``strict_plugins``,
    or an output format's render function failed
  - :class:`NoSafePlanError` (exit code 3): no plan meets every rule
    - :class:`ScreeningRefusal`: the screening answers say not to start now
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .converter import Problem

__all__ = [
    "InputError",
    "NoSafePlanError",
    "OutputError",
    "PackError",
    "PlanFileError",
    "PluginError",
    "ProfileError",
    "RecommenderError",
    "RuleError",
    "ScreeningRefusal",
]


def one_line(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped
    (``\\n``), so a message quoting odd input still prints as one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class RecommenderError(Exception):
    """Base class of every error this package raises on purpose."""

    #: Process exit code the CLI uses for this kind of error.
    exit_code: int = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        key_path: str | None = None,
        expected: str | None = None,
        rule_id: str | None = None,
    ) -> None:
        self.message = one_line(message)
        self.file = file if file is None else one_line(file)
        self.key_path = key_path if key_path is None else one_line(key_path)
        self.expected = expected
        self.rule_id = rule_id
        super().__init__(self.line())

    def __str__(self) -> str:
        return self.line()

    def line(self) -> str:
        """The one-line rendering: ``file: key.path: message``."""
        parts = [p for p in (self.file, self.key_path) if p]
        parts.append(self.message)
        return ": ".join(parts)


class InputError(RecommenderError):
    """Something the caller supplied is malformed or impossible."""

    exit_code = 2


class ProfileError(InputError):
    """A profile could not be read or does not match the profile contract.

    ``problems`` lists every problem found, the first being the one the
    message names (for text that is no profile at all, that one alone).
    """

    def __init__(self, message: str, *, problems: Sequence[Problem] = (), **fields: str | None) -> None:
        super().__init__(message, **fields)
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[Problem, ...]:
        if not self._problems:
            # Built on first use: most of these errors are only printed, and
            # Problem's module loads cattrs.
            from .converter import Problem

            self._problems = (Problem(self.key_path or "", self.message, self.expected or ""),)
        return self._problems


class PlanFileError(InputError):
    """A plan file given to the checker could not be read."""


class OutputError(InputError):
    """An output file could not be written (nothing was changed)."""


class PackError(InputError):
    """An exercise pack is invalid or was asked for and is not available."""


class RuleError(InputError):
    """One or more rule files are invalid; ``problems`` lists every one.

    Each problem is already a complete line (``file:line: id: message``).
    """

    def __init__(self, problems: Sequence[str], **fields: str | None) -> None:
        self.problems = tuple(one_line(p) for p in problems)
        first = self.problems[0] if self.problems else "invalid rules"
        more = len(self.problems) - 1
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(first + suffix, **fields)

    def line(self) -> str:
        return self.message


class PluginError(RecommenderError):
    """A plugin failed to load or misbehaved while plugins are strict, or an
    output format failed to render.

    ``distribution`` is the ``name version`` of the plugin's distribution;
    ``reason`` says what went wrong without naming the plugin.
    """

    exit_code = 2

    def __init__(self, message: str, *, distribution: str | None = None, reason: str | None = None, **fields: str | None) -> None:
        self.distribution = distribution
        self.reason = message if reason is None else one_line(reason)
        super().__init__(message, **fields)


class NoSafePlanError(RecommenderError):
    """No plan satisfies every rule for this profile.

    ``constraint`` names what could not be met and ``suggestion`` what would
    make a plan possible.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        constraint: str,
        suggestion: str = "",
        rule_id: str | None = None,
        file: str | None = None,
    ) -> None:
        self.constraint = one_line(constraint)
        self.suggestion = one_line(suggestion)
        super().__init__(message, rule_id=rule_id, file=file)

    def line(self) -> str:
        text = f"no safe plan: {self.constraint}: {self.message}"
        if self.suggestion:
            text += f"; {self.suggestion}"
        return text


class ScreeningRefusal(NoSafePlanError):
    """The screening answers mean exercise could be dangerous right now."""

    def line(self) -> str:
        return f"not building a plan: {self.message}"
