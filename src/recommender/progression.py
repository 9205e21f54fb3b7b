"""Progression over weeks: reps first, then load, within the rules' caps,
with a lighter deload week on schedule."""

from __future__ import annotations

import functools

import attrs

from .plan import SECONDS_PER_REP
from .values import value_eq, value_hash, value_repr

__all__ = ["Step", "progress", "week_volume"]


@attrs.frozen
class Step:
    """One exercise's dose for one week.

    ``note`` says what to do this week; ``hold_note`` says the same for an
    exercise held for seconds, whose reps are seconds of holding
    (:data:`~recommender.plan.SECONDS_PER_REP` a rep).
    """

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    sets: int
    target_reps: tuple[int, ...]
    load_pct: int
    rir: int
    deload: bool
    note: str
    hold_note: str = ""


def week_volume(steps: list[tuple[int, tuple[int, ...], int]]) -> float:
    """Volume load of ``(sets, target_reps, load_pct)`` triples."""
    return sum(sum(reps[:sets]) * load / 100 for sets, reps, load in steps)


def progress(
    *,
    weeks: int,
    sets: int,
    reps_low: int,
    reps_high: int,
    rir: int,
    max_increase_pct: int,
    load_step_pct: int,
    deload_every: int,
    deload_sets_pct: int,
) -> list[Step]:
    """The dose of one exercise for each week.

    Each working week adds one rep to one set, as long as the exercise's
    volume grows by at most ``max_increase_pct``; when every set reaches
    ``reps_high`` the load rises by ``load_step_pct`` (never more than the
    cap) and reps return to ``reps_low``.  Every ``deload_every``-th week
    keeps ``deload_sets_pct`` of the sets at 90% load with two more reps in
    reserve, then training resumes where it left off.
    """
    return list(_steps(weeks, sets, reps_low, reps_high, rir, max_increase_pct, load_step_pct, deload_every, deload_sets_pct))


# The steps are a pure function of these numbers and immutable, and the same
# few prescriptions recur from plan to plan: kept, keyed by every argument.
@functools.lru_cache(maxsize=256, typed=True)
def _steps(
    weeks: int, sets: int, reps_low: int, reps_high: int, rir: int, max_increase_pct: int, load_step_pct: int, deload_every: int, deload_sets_pct: int,
) -> tuple[Step, ...]:
    hold_low = reps_low * SECONDS_PER_REP
    reps = [reps_low] * sets
    load = 100
    out: list[Step] = []
    step_pct = min(load_step_pct, max_increase_pct)
    started = False
    for week in range(1, weeks + 1):
        if deload_every and week % deload_every == 0:
            kept = max(1, (sets * deload_sets_pct) // 100)
            deload_note = "deload: fewer sets, lighter load, stop well short of fatigue"
            out.append(Step(kept, tuple(reps[:kept]), load * 90 // 100, rir + 2, True, deload_note, deload_note))
            continue
        note = f"week 1: pick a load you can lift {reps_low} times with the reps in reserve shown"
        hold = f"week 1: pick a load you can hold for {hold_low} seconds with the reserve shown"
        if started:
            current = sum(reps) * load
            i = next((k for k, r in enumerate(reps) if r < reps_high), None)
            if i is not None and (sum(reps) + 1) * load <= current * (100 + max_increase_pct) / 100:
                reps[i] += 1
                note = "add one rep to one set if last week felt within the reps in reserve"
                hold = f"hold one set {SECONDS_PER_REP} seconds longer if last week felt within the reserve shown"
            elif i is None and step_pct > 0:
                load = load * (100 + step_pct) // 100
                reps = [reps_low] * sets
                note = f"add about {step_pct}% load and return to {reps_low} reps"
                hold = f"add about {step_pct}% load and return to {hold_low}-second holds"
            else:
                note = "repeat last week's sets and reps"
                hold = "repeat last week's sets and holds"
        started = True
        out.append(Step(sets, tuple(reps), load, rir, False, note, hold))
    return tuple(out)
