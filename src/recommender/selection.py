"""Selection: which exercises fill each session of the weekly template.

Exercises are filtered by equipment, experience and the excluded
contraindication tags, ranked per area deterministically, and packed into
sessions by priority: target areas, then the other areas (in every session if
time allows, spread over the week if not), then extra target work, then
filling the remaining time.  Every choice keeps the caps on sets per area.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .errors import NoSafePlanError
from .exercises import Exercise, ExercisePack
from .limits import MAX_EXERCISES_PER_SESSION
from .plan import SECONDS_PER_REP, Swap
from .prescription import Prescription
from .profile import Profile
from .values import value_eq, value_hash, value_repr
from .vocabulary import AREAS, LEVELS

__all__ = ["Choice", "SelectionIndex", "Selector"]


@attrs.frozen
class Choice:
    """An exercise chosen for a session, and why."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    pack: str
    exercise: Exercise
    target: bool
    reason: str  # the rule id that put it there


#: One usable candidate as selection reads it: pack name, exercise, name (case-folded),
#: movement pattern and areas, unpacked once so picking does no attribute lookups.
_Candidate = tuple[str, Exercise, str, str, tuple[str, ...]]

#: The person-dependent filtering and partition of an index, see
#: :meth:`SelectionIndex.usable`: per area the pure and the mixed candidates,
#: and the exercises left out only for safety.
_Usable = tuple[dict[str, tuple[list[_Candidate], list[_Candidate]]], list[tuple[str, Exercise]]]

class SelectionIndex:
    """The profile-independent part of ranking, built once per set of packs.

    For each area, the usable-or-not candidates sorted by every rank key
    except area purity (which depends on the person's target areas), so a
    :class:`Selector` only filters and partitions instead of sorting.
    The filtering and the weekly templates are also kept (a bounded number)
    for each combination of every input they read, so people with the same
    equipment, experience, exclusions, targets and doses share the work.
    """

    __slots__ = ("_candidates", "_swaps", "_templates", "_usable", "by_area", "flat")

    def __init__(self, packs: Sequence[ExercisePack]) -> None:
        level_of = {lvl: i for i, lvl in enumerate(LEVELS)}
        # Exercises share a few equipment, tag and area combinations: one
        # set per combination is cheaper to look up than to build again.
        # (Looked up inline: a helper's three calls were a noticeable share
        # of indexing an exercise, and packs hold thousands.)
        sets: dict[tuple[str, ...], frozenset[str]] = {}
        known = sets.get
        # (pack, exercise, equipment, level index, tags, areas); the list
        # index is the exercise's position in pack order.
        flat: list[tuple[str, Exercise, frozenset[str], int, frozenset[str], frozenset[str]]] = []
        # Each candidate as picking reads it, made once.
        candidates: list[_Candidate] = []
        # Selector's rank without area purity, flat (a nested tuple costs a
        # second comparison); (pack, id) is unique, so a stable partition by
        # purity afterwards gives the full order.
        keys: list[tuple[object, ...]] = []
        by_area: dict[str, list[int]] = {a: [] for a in AREAS}
        ranked_in = by_area.get
        for p in packs:
            name = p.name
            last = 1 if name == "default" else 0
            for ex in p.exercises:
                i = len(flat)
                lvl = level_of[ex.level]
                gear, tags, areas = ex.equipment, ex.contraindications, ex.areas
                gear_set = known(gear)
                if gear_set is None:
                    gear_set = sets[gear] = frozenset(gear)
                tag_set = known(tags)
                if tag_set is None:
                    tag_set = sets[tags] = frozenset(tags)
                area_set = known(areas)
                if area_set is None:
                    area_set = sets[areas] = frozenset(areas)
                flat.append((name, ex, gear_set, lvl, tag_set, area_set))
                # Named alike but for case is one movement ("Leg press" in
                # one pack, "Leg Press" in another): a session has it once.
                candidates.append((name, ex, ex.name.casefold(), ex.pattern, areas))
                keys.append((0 if ex.mechanic == "compound" else 1, len(areas), -lvl, -len(gear), last, name, ex.id))
                for a in area_set:
                    ranked = ranked_in(a)
                    if ranked is not None:  # validated packs name known areas only
                        ranked.append(i)
        for ranked in by_area.values():
            ranked.sort(key=keys.__getitem__)
        self.flat = flat
        self._candidates = candidates
        self.by_area = by_area
        self._usable: dict[Any, _Usable] = {}
        self._templates: dict[Any, tuple[tuple[Choice, ...], ...]] = {}
        self._swaps: dict[Any, tuple[Swap, ...]] = {}

    def usable(self, owned: frozenset[str], level: int, excluded: frozenset[str], targets: frozenset[str]) -> _Usable:
        """Per area the usable candidates in rank order, split into those
        that stay within (or, for other areas, away from) the target areas
        and the rest; and the exercises usable but for an excluded tag.

        The lists are shared between callers and must not be changed.
        """
        key = (owned, level, excluded, targets)
        found = self._usable.get(key)
        if found is not None:
            return found
        usable_at: list[bool] = []
        unsafe: list[tuple[str, Exercise]] = []
        for pack, ex, equipment, lvl, tags, _ in self.flat:
            if not equipment <= owned or lvl > level:
                usable_at.append(False)
                continue
            safe = excluded.isdisjoint(tags)
            usable_at.append(safe)
            if not safe:
                unsafe.append((pack, ex))
        tiers: dict[str, tuple[list[_Candidate], list[_Candidate]]] = {}
        flat, candidates = self.flat, self._candidates
        for a, ranked in self.by_area.items():
            pure: list[_Candidate] = []
            mixed: list[_Candidate] = []
            in_target = a in targets
            for i in ranked:
                if usable_at[i]:
                    areas = flat[i][5]
                    (pure if (areas <= targets if in_target else targets.isdisjoint(areas)) else mixed).append(candidates[i])
            tiers[a] = (pure, mixed)
        return _remember(self._usable, key, (tiers, unsafe))

    def template(self, key: Any) -> tuple[tuple[Choice, ...], ...] | None:
        """A weekly template made before for the inputs ``key``, or None."""
        return self._templates.get(key)

    def keep_template(self, key: Any, week: Sequence[Sequence[Choice]]) -> None:
        """Remember the weekly template made for the inputs ``key``."""
        _remember(self._templates, key, tuple(tuple(s) for s in week))

    def swaps(self, key: Any) -> tuple[Swap, ...] | None:
        """The swaps worked out before for the inputs ``key``, or None."""
        return self._swaps.get(key)

    def keep_swaps(self, key: Any, swaps: Sequence[Swap]) -> None:
        """Remember the swaps worked out for the inputs ``key``."""
        _remember(self._swaps, key, tuple(swaps))


#: How many filterings and templates an index keeps: enough for the common
#: combinations in a batch, small enough to never matter for memory.
_REMEMBERED = 512

_V = TypeVar("_V")


def _remember(table: dict[Any, _V], key: Any, value: _V) -> _V:
    if len(table) >= _REMEMBERED:
        table.clear()
    table[key] = value
    return value


def fewer_targets(targets: Sequence[str]) -> str:
    """What to suggest to someone with these target areas: one fewer."""
    return "choose no target area" if len(targets) == 1 else "choose fewer target areas"


class _Session:
    """One session while it is being filled: the choices and running tallies
    that every pick reads (a working object, never part of a plan)."""

    __slots__ = ("choices", "names", "patterns", "seconds", "sets")

    def __init__(self) -> None:
        self.choices: list[Choice] = []
        self.names: set[str] = set()
        # Movement patterns already in the session, per area they train.
        self.patterns: dict[str, set[str]] = {}
        self.seconds = 0
        self.sets: defaultdict[str, int] = defaultdict(int)

    def copy(self) -> _Session:
        other = _Session()
        other.choices = self.choices.copy()
        other.names = self.names.copy()
        other.patterns = {a: p.copy() for a, p in self.patterns.items()}
        other.seconds = self.seconds
        other.sets = self.sets.copy()
        return other


class Selector:
    """Builds the weekly template of sessions for one person."""

    def __init__(self, packs: Sequence[ExercisePack], profile: Profile, rx: Prescription, index: SelectionIndex | None = None) -> None:
        self.profile = profile
        self.rx = rx
        level = LEVELS.index(profile.experience)
        targets = set(profile.target_areas)
        self.targets = [a for a in profile.target_areas]
        # Read once: every pick consults these.
        self._n_sets = int(rx["sets_per_exercise"])
        self._rest = int(rx["rest_seconds"])
        self._budget_s = (int(rx["session_minutes"]) - int(rx["warmup_minutes"])) * 60
        # The longest hold prescribed: a timed set takes at least this long.
        self._hold = int(rx["reps_high"]) * SECONDS_PER_REP
        self._cap_s = int(rx["max_sets_per_area_session"])
        self._cap_w = int(rx["max_sets_per_area_week"])
        # Installed packs are preferred on ties: the person added them on purpose.
        pack_rank = {p.name: (1 if p.name == "default" else 0, p.name) for p in packs}
        index = index if index is not None else SelectionIndex(packs)
        self._index = index
        usable_key = (frozenset(profile.equipment) | {"bodyweight"}, level, frozenset(rx.excluded), frozenset(targets))
        self._tiers, self.unsafe = index.usable(*usable_key)
        # Everything template() reads, for reusing the index's templates.
        self._inputs = (
            usable_key, tuple(self.targets), int(rx["target_extra_exercises"]) if self.targets else 0, self._n_sets, self._rest,
            self._budget_s, self._cap_s, self._cap_w, rx.rule_for("target_areas_every_session"), rx.rule_for("all_areas_weekly"), self._hold,
        )

        def rank(item: tuple[str, Exercise], area: str) -> tuple[object, ...]:
            pack, ex = item
            pure = set(ex.areas) <= targets if area in targets else not (set(ex.areas) & targets)
            return (
                0 if pure else 1,
                0 if ex.mechanic == "compound" else 1,
                len(ex.areas),
                level - LEVELS.index(ex.level),
                -len(ex.equipment),
                pack_rank[pack],
                ex.id,
            )

        self._rank = rank
        # The quickest usable exercise's seconds per set, found on first need.
        self._quickest: list[int | None] = []

    @property
    def by_area(self) -> dict[str, list[tuple[str, Exercise]]]:
        """Each area's usable (pack, exercise) candidates, best first."""
        return {a: [(c[0], c[1]) for c in pure] + [(c[0], c[1]) for c in mixed] for a, (pure, mixed) in self._tiers.items()}

    # -- helpers -----------------------------------------------------------

    def _sets(self) -> int:
        return self._n_sets

    def set_seconds(self, ex: Exercise) -> int:
        """How long one set of ``ex`` takes in this plan: the pack's time,
        or for a hold the longest hold prescribed if that is longer."""
        return max(ex.seconds_per_set, self._hold) if ex.unit == "seconds" else ex.seconds_per_set

    def _pick(self, area: str, session: _Session, variant: int, week_sets: Mapping[str, int]) -> _Candidate | None:
        """The best exercise for ``area`` that still fits ``session`` and
        the caps; ``week_sets`` (sets per area so far) must give 0 for an
        area not yet trained."""
        names = session.names
        pure, mixed = self._tiers[area]
        # The candidates not in this session yet, by tier (area purity)...
        if names:
            pure = [c for c in pure if c[2] not in names]
            mixed = [c for c in mixed if c[2] not in names]
        tiers = (pure, mixed)
        # ...preferring those with a movement pattern the session lacks for
        # this area, to vary the movement within a session when the pack allows.
        patterns = session.patterns.get(area)
        if patterns:
            fresh = ([c for c in pure if c[3] not in patterns], [c for c in mixed if c[3] not in patterns])
            if fresh[0] or fresh[1]:
                tiers = fresh
        sets, rest, hold = self._n_sets, self._rest, self._hold
        room_s, room_w = self._cap_s - sets, self._cap_w - sets
        room_t = self._budget_s - session.seconds
        in_session = session.sets
        # Rotate between sessions for variety, but only within the best tier
        # (area purity first), so a later session never gets a worse fit.
        for tier_items in tiers:
            n = len(tier_items)
            for j in range(n):
                c = tier_items[(variant + j) % n]
                # set_seconds, inlined: picking reads it for every candidate.
                secs = c[1].seconds_per_set
                if secs < hold and c[1].unit == "seconds":
                    secs = hold
                if sets * (secs + rest) > room_t:
                    continue
                for a in c[4]:
                    if in_session[a] > room_s or week_sets[a] > room_w:
                        break
                else:
                    return c
        return None

    # -- the template -------------------------------------------------------

    def template(self, sessions: int) -> list[list[Choice]]:
        """One list of choices per weekly session, in training order."""
        key = (*self._inputs, sessions)
        known = self._index.template(key)
        if known is not None:
            return [list(s) for s in known]
        week = self._template(sessions)
        self._index.keep_template(key, week)
        return week

    def _template(self, sessions: int) -> list[list[Choice]]:
        others = [a for a in AREAS if a not in self.targets]
        for t in self.targets:
            if not any(self._tiers[t]):
                self._no_exercise(t)
        for a in others:
            if not any(self._tiers[a]):
                self._no_exercise(a)
        try:
            return self._layouts(sessions, others)
        except NoSafePlanError as exc:
            if exc.constraint != "session_minutes":
                raise
            # Too little time for the best-ranked exercises: the quickest
            # ones first (rank deciding between equally quick ones) may fit.
            ranked = self._tiers
            self._tiers = {a: (sorted(pure, key=lambda c: self.set_seconds(c[1])), sorted(mixed, key=lambda c: self.set_seconds(c[1])))
                           for a, (pure, mixed) in ranked.items()}
            try:
                return self._layouts(sessions, others)
            except NoSafePlanError:
                raise exc from None
            finally:
                self._tiers = ranked

    def _layouts(self, sessions: int, others: list[str]) -> list[list[Choice]]:
        """The first layout that fits: every session with all areas, then
        the other areas split over the sessions, with and without extra
        target work."""
        extra = int(self.rx["target_extra_exercises"]) if self.targets else 0
        plans = [("all", extra), ("split", extra), ("split", 0)]
        last_error: NoSafePlanError | None = None
        # The layouts share their first steps; each step's outcome is kept
        # for the next layout instead of being worked out again.
        done: dict[str, tuple[list[_Session], defaultdict[str, int]]] = {}
        for layout, n_extra in plans:
            if layout == "split" and sessions < 2 and others:
                continue
            try:
                week, weekly = self._build(sessions, layout, n_extra, others, done)
            except NoSafePlanError as exc:
                last_error = exc
                continue
            if self._targets_lead(weekly, others):
                return week
            last_error = NoSafePlanError(
                "the available exercises cannot give the target areas more weekly sets than the other areas",
                constraint="target_areas",
                suggestion=f"add equipment, allow more session time, or {fewer_targets(self.targets)}",
                rule_id=self.rx.rule_for("target_areas_every_session"),
            )
        assert last_error is not None
        raise last_error

    def _no_exercise(self, area: str) -> None:
        blocked = [ex for _, ex in self.unsafe if area in ex.areas]
        if blocked:
            tags = sorted({t for ex in blocked for t in ex.contraindications if t in self.rx.excluded})
            rules = self.rx.rules_excluding(tuple(tags))
            raise NoSafePlanError(
                f"every exercise for {area} with your equipment and experience is excluded ({', '.join(tags)})",
                constraint=f"exercises for {area}",
                suggestion=("add equipment such as a resistance band, or " if "resistance_band" not in self.profile.equipment else "")
                + "install an exercise pack with more options",
                rule_id=rules[0] if rules else None,
            )
        raise NoSafePlanError(
            f"no exercise for {area} matches your equipment and experience",
            constraint=f"exercises for {area}",
            suggestion="add equipment, or install an exercise pack that covers this area",
            rule_id=self.rx.rule_for("all_areas_weekly"),
        )

    def _add(self, session: _Session, weekly: defaultdict[str, int], area: str, target: bool, reason: str, variant: int) -> bool:
        if len(session.choices) >= MAX_EXERCISES_PER_SESSION:
            return False  # a plan file holds no more (see recommender.limits)
        got = self._pick(area, session, variant, weekly)
        if got is None:
            return False
        pack, ex, name, pattern, areas = got
        session.choices.append(Choice(pack, ex, target, reason))
        session.names.add(name)
        sets = self._n_sets
        session.seconds += sets * (self.set_seconds(ex) + self._rest)
        tally = session.sets
        for a in areas:
            tally[a] += sets
            weekly[a] += sets
            found = session.patterns.get(a)
            if found is None:
                session.patterns[a] = {pattern}
            else:
                found.add(pattern)
        return True

    def _build(
        self, sessions: int, layout: str, extra: int, others: list[str], done: dict[str, tuple[list[_Session], defaultdict[str, int]]]
    ) -> tuple[list[list[Choice]], defaultdict[str, int]]:
        """One layout's week and its weekly sets per area.  ``done`` keeps
        the state after the steps that other layouts share."""
        target_rule = self.rx.rule_for("target_areas_every_session")
        cover_rule = self.rx.rule_for("all_areas_weekly")
        add = self._add
        kept = done.get(layout)
        if kept is None:
            kept = done.get("targets")
            if kept is None:
                # Running tallies of sets per area, per session and for the week.
                week = [_Session() for _ in range(sessions)]
                weekly: defaultdict[str, int] = defaultdict(int)
                for i, session in enumerate(week):
                    for t in self.targets:
                        if session.sets[t] == 0 and not add(session, weekly, t, True, target_rule, i):
                            raise self._too_short(f"to train the target area {t}")
                done["targets"] = ([s.copy() for s in week], weekly.copy())
            else:
                week, weekly = [s.copy() for s in kept[0]], kept[1].copy()
            for j, a in enumerate(others):
                homes = range(sessions) if layout == "all" else [j % sessions]
                for i in homes:
                    if week[i].sets[a] == 0 and not add(week[i], weekly, a, False, cover_rule, i):
                        raise self._too_short(f"to train every major area each week ({a} does not fit)")
            if layout == "split":
                done[layout] = ([s.copy() for s in week], weekly.copy())
        else:
            week, weekly = [s.copy() for s in kept[0]], kept[1].copy()
        for i, session in enumerate(week):
            for t in self.targets:
                for k in range(extra):
                    if not add(session, weekly, t, True, target_rule, i + k + 1):
                        raise self._too_short(f"for the extra work on {t}")
        before = [len(session.choices) for session in week], weekly.copy()
        self._fill(week, weekly, others, target_rule, cover_rule)
        lengths = [len(session.choices) for session in week]
        if not self._targets_lead(weekly, others) and self._targets_lead(before[1], others):
            # Filling added work that trains another area too, and it caught
            # up with a target area: the week before filling is the plan.
            lengths, weekly = before
        out = []
        for session, n in zip(week, lengths, strict=True):
            out.append(sorted(session.choices[:n], key=self._order))
        return out, weekly

    def _fill(self, week: list[_Session], weekly: defaultdict[str, int], others: list[str], target_rule: str, cover_rule: str) -> None:
        # Use the remaining time: more target work first, then other areas
        # while the target areas keep their lead in weekly sets.
        add = self._add
        for i, session in enumerate(week):
            chosen = session.choices
            progress = True
            while progress:
                progress = False
                for t in self.targets:
                    if add(session, weekly, t, True, target_rule, i + len(chosen)):
                        progress = True
                if not self.targets:
                    for a in others:
                        if add(session, weekly, a, False, cover_rule, i + len(chosen)):
                            progress = True
                if len(chosen) >= MAX_EXERCISES_PER_SESSION:
                    break

    def _order(self, c: Choice) -> tuple[object, ...]:
        first = min((self.targets.index(a) for a in c.exercise.areas if a in self.targets), default=len(self.targets))
        area = min(AREAS.index(a) for a in c.exercise.areas)
        return (0 if c.target else 1, first if c.target else area, 0 if c.exercise.mechanic == "compound" else 1, c.exercise.id)

    def _targets_lead(self, weekly: Mapping[str, int], others: list[str]) -> bool:
        if not self.targets:
            return True
        lowest = min(weekly.get(t, 0) for t in self.targets)
        return all(weekly.get(a, 0) < lowest for a in others)

    def _too_short(self, what: str) -> NoSafePlanError:
        sets, rest = self._sets(), int(self.rx["rest_seconds"])
        if not self._quickest:
            self._quickest.append(min((self.set_seconds(c[1]) for tiers in self._tiers.values() for items in tiers for c in items), default=None))
        quickest = self._quickest[0]
        # The least time one exercise takes: its sets (set_seconds each) and their rests.
        shortest = 0 if quickest is None else sets * (quickest + rest)
        others = len([a for a in AREAS if a not in self.targets])
        sessions = max(1, int(self.rx["sessions_per_week"]))
        per_session = len(self.targets) + math.ceil(others / sessions)
        need = int(self.rx["warmup_minutes"]) + math.ceil(shortest * per_session / 60)
        return NoSafePlanError(
            f"{self.rx['session_minutes']} minutes per session is too short {what}",
            constraint="session_minutes",
            # An estimate: the engine replaces it with what planning finds works.
            suggestion=f"allow at least about {need} minutes per session",
            rule_id=self.rx.rule_for("session_minutes"),
        )

    def swaps(self, week: Sequence[Sequence[Choice]]) -> list[Swap]:
        """Exercises that would have been chosen for an area but for an
        exclusion, each paired with the chosen exercise that replaced it
        (same movement pattern where possible)."""
        # Everything _swaps reads: what is usable and left out (the usable
        # key), the exercises chosen, and which rules left out which tags.
        key = (self._inputs[0], tuple((c.pack, c.exercise.id) for session in week for c in session),
               tuple((tag, tuple(ref.id for ref in refs)) for tag, refs in self.rx.excluded.items()))
        known = self._index.swaps(key)
        if known is None:
            known = tuple(self._swaps(week))
            self._index.keep_swaps(key, known)
        return list(known)

    def _swaps(self, week: Sequence[Sequence[Choice]]) -> list[Swap]:
        out: list[Swap] = []
        seen: set[str] = set()
        # By (pack, id), which names an exercise: comparing the exercises
        # themselves compared every field.
        chosen_by_area: dict[str, dict[tuple[str, str], tuple[str, Exercise]]] = {}
        for session in week:
            for c in session:
                for a in c.exercise.areas:
                    chosen_by_area.setdefault(a, {}).setdefault((c.pack, c.exercise.id), (c.pack, c.exercise))
        for area in AREAS:
            found = chosen_by_area.get(area)
            if not found:
                continue
            picked = list(found.values())
            worst = max(self._rank(p, area) for p in picked)
            blocked = sorted((u for u in self.unsafe if area in u[1].areas and self._rank(u, area) < worst), key=lambda u: self._rank(u, area))
            for _pack, ex in blocked[: len(picked)]:
                if ex.id in seen:
                    continue
                seen.add(ex.id)
                same = [p for p in picked if p[1].pattern == ex.pattern]
                _, repl = (same or picked)[0]
                tags = tuple(t for t in ex.contraindications if t in self.rx.excluded)
                out.append(Swap(area, ex.id, ex.name, repl.id, repl.name, self.rx.rules_excluding(tags), tags))
        return out
