"""Scheduling: which of the person's days hold a session, respecting rest."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from .errors import NoSafePlanError
from .vocabulary import DAYS

__all__ = ["choose_days", "session_dates"]


def _offsets(days: Sequence[str], first: datetime.date) -> list[tuple[int, str]]:
    start = first.weekday()
    return sorted(((DAYS.index(d) - start) % 7, d) for d in days)


def _min_gap(offsets: Sequence[int]) -> int:
    if len(offsets) == 1:
        return 7
    gaps = [b - a for a, b in itertools.pairwise(offsets)]
    gaps.append(offsets[0] + 7 - offsets[-1])
    return min(gaps)


def choose_days(days: Sequence[str], count: int, min_rest_hours: int, first: datetime.date, *, rule: str = "") -> list[tuple[int, str]]:
    """Pick ``count`` of ``days`` so that consecutive sessions (also across
    the week boundary) are at least ``min_rest_hours`` apart.

    Returns ``(offset_from_week_start, day)`` pairs.  Among the feasible
    choices the most evenly spread wins, then the earliest.  Raises
    :class:`NoSafePlanError` saying what would make it possible.
    """
    need = -(-min_rest_hours // 24)
    offsets = _offsets(days, first)
    best: tuple[int, ...] | None = None
    best_gap = -1
    if count <= len(offsets):
        for combo in itertools.combinations(range(len(offsets)), count):
            gap = _min_gap([offsets[i][0] for i in combo])
            if gap > best_gap:
                best, best_gap = combo, gap
    if best is None or best_gap < need:
        most = max(
            (k for k in range(1, len(offsets) + 1)
             if any(_min_gap([offsets[i][0] for i in c]) >= need for c in itertools.combinations(range(len(offsets)), k))),
            default=0,
        )
        example = ", ".join(DAYS[i] for i in range(0, 7, max(need, 1))[:count]) if count * need <= 7 else ""
        hint = (f"offer days such as {example}" if example
                else f"no week holds {count} sessions {need} days apart (at most {7 // need}): the rules must ask for fewer sessions")
        raise NoSafePlanError(
            f"{count} sessions a week need {min_rest_hours} hours of rest between them, but the days "
            f"{', '.join(days)} allow only {most} such session{'s' if most != 1 else ''}",
            constraint="min_rest_hours",
            suggestion=hint,
            rule_id=rule or None,
        )
    return [offsets[i] for i in best]


def session_dates(first: datetime.date, week: int, chosen: Sequence[tuple[int, str]]) -> list[tuple[str, datetime.date]]:
    """The (day, date) of each session in week number ``week`` (1-based)."""
    base = first + datetime.timedelta(days=7 * (week - 1))
    return [(day, base + datetime.timedelta(days=off)) for off, day in chosen]
