"""Selection: which exercises fill each session of the weekly template.

Exercises are filtered by equipment, experience and the excluded
contraindication tags, ranked per area deterministically, and packed into
sessions by priority: target areas, then the other areas (in every session if
time allows, spread over the week if not), then extra target work, then
filling the remaining time.  Every choice keeps the caps on sets per area.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

import attrs

from .errors import NoSafePlanError
from .exercises import Exercise, ExercisePack
from .plan import Swap
from .prescription import Prescription
from .profile import Profile
from .values import value_repr
from .vocabulary import AREAS, LEVELS

__all__ = ["Choice", "SelectionIndex", "Selector", "session_seconds"]


@attrs.frozen
class Choice:
    """An exercise chosen for a session, and why."""

    __repr__ = value_repr

    pack: str
    exercise: Exercise
    target: bool
    reason: str  # the rule id that put it there


def exercise_seconds(ex: Exercise, sets: int, rest_seconds: int) -> int:
    """Time one exercise takes: every set plus the rest after it."""
    return sets * (ex.seconds_per_set + rest_seconds)


def session_seconds(exercises: Sequence[Exercise], sets: int, rest_seconds: int) -> int:
    return sum(exercise_seconds(e, sets, rest_seconds) for e in exercises)


class SelectionIndex:
    """The profile-independent part of ranking, built once per set of packs.

    For each area, the usable-or-not candidates sorted by every rank key
    except area purity (which depends on the person's target areas), so a
    :class:`Selector` only filters and partitions instead of sorting.
    """

    __slots__ = ("by_area", "flat")

    def __init__(self, packs: Sequence[ExercisePack]) -> None:
        level_of = {lvl: i for i, lvl in enumerate(LEVELS)}
        # (pack, exercise, equipment, level index, tags, areas); the list
        # index is the exercise's position in pack order.
        self.flat: list[tuple[str, Exercise, frozenset[str], int, frozenset[str], frozenset[str]]] = [
            (p.name, ex, frozenset(ex.equipment), level_of[ex.level], frozenset(ex.contraindications), frozenset(ex.areas))
            for p in packs
            for ex in p.exercises
        ]
        pack_rank = {p.name: (1 if p.name == "default" else 0, p.name) for p in packs}

        def static_key(i: int) -> tuple[object, ...]:
            pack, ex, _, lvl, _, _ = self.flat[i]
            # Selector's rank without area purity; (pack, id) is unique, so
            # a stable partition by purity afterwards gives the full order.
            return (0 if ex.mechanic == "compound" else 1, len(ex.areas), -lvl, -len(ex.equipment), pack_rank[pack], ex.id)

        self.by_area: dict[str, list[int]] = {
            a: sorted((i for i, item in enumerate(self.flat) if a in item[5]), key=static_key) for a in AREAS
        }


class Selector:
    """Builds the weekly template of sessions for one person."""

    def __init__(self, packs: Sequence[ExercisePack], profile: Profile, rx: Prescription, index: SelectionIndex | None = None) -> None:
        self.profile = profile
        self.rx = rx
        owned = set(profile.equipment) | {"bodyweight"}
        level = LEVELS.index(profile.experience)
        excluded = set(rx.excluded)
        targets = set(profile.target_areas)
        self.targets = [a for a in profile.target_areas]
        # Read once: every pick consults these.
        self._n_sets = int(rx["sets_per_exercise"])
        self._rest = int(rx["rest_seconds"])
        self._budget_s = (int(rx["session_minutes"]) - int(rx["warmup_minutes"])) * 60
        self._cap_s = int(rx["max_sets_per_area_session"])
        self._cap_w = int(rx["max_sets_per_area_week"])
        # Installed packs are preferred on ties: the person added them on purpose.
        pack_rank = {p.name: (1 if p.name == "default" else 0, p.name) for p in packs}
        index = index if index is not None else SelectionIndex(packs)
        usable_at: list[bool] = []
        self.unsafe: list[tuple[str, Exercise]] = []
        for pack, ex, equipment, lvl, tags, _ in index.flat:
            if not equipment <= owned or lvl > level:
                usable_at.append(False)
                continue
            safe = excluded.isdisjoint(tags)
            usable_at.append(safe)
            if not safe:
                self.unsafe.append((pack, ex))

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
        self.by_area: dict[str, list[tuple[str, Exercise]]] = {}
        # How many of each area's candidates lead the list as the pure tier.
        self._npure: dict[str, int] = {}
        flat = index.flat
        for a in AREAS:
            pure: list[tuple[str, Exercise]] = []
            mixed: list[tuple[str, Exercise]] = []
            in_target = a in targets
            for i in index.by_area[a]:
                if usable_at[i]:
                    pack, ex, _, _, _, areas = flat[i]
                    (pure if (areas <= targets if in_target else targets.isdisjoint(areas)) else mixed).append((pack, ex))
            self._npure[a] = len(pure)
            self.by_area[a] = pure + mixed
        # The quickest usable exercise's seconds per set, found on first need.
        self._quickest: list[int | None] = []

    # -- helpers -----------------------------------------------------------

    def _sets(self) -> int:
        return self._n_sets

    def _budget(self) -> int:
        return self._budget_s

    def _fits(self, chosen: list[Choice], ex: Exercise) -> bool:
        secs = session_seconds([c.exercise for c in chosen] + [ex], self._n_sets, self._rest)
        return secs <= self._budget_s

    def _area_sets(self, chosen: Sequence[Choice]) -> Counter[str]:
        count: Counter[str] = Counter()
        sets = self._n_sets
        for c in chosen:
            for a in c.exercise.areas:
                count[a] += sets
        return count

    def _pick(
        self, area: str, chosen: list[Choice], variant: int, week_sets: Mapping[str, int], sessions: int, in_session: Mapping[str, int] | None = None
    ) -> tuple[str, Exercise] | None:
        """The best exercise for ``area`` that still fits this session and
        the caps; ``week_sets`` and ``in_session`` (sets per area so far)
        must give 0 for an area not yet trained."""
        names = {c.exercise.name for c in chosen}
        patterns = {c.exercise.pattern for c in chosen if area in c.exercise.areas}
        items = self.by_area[area]
        npure = self._npure[area]
        # The candidates not in this session yet, by tier (area purity),
        # and those of them with a movement pattern the session lacks.
        options: tuple[list[tuple[str, Exercise]], list[tuple[str, Exercise]]] = ([], [])
        fresh: tuple[list[tuple[str, Exercise]], list[tuple[str, Exercise]]] = ([], [])
        for i, c in enumerate(items):
            ex = c[1]
            if ex.name not in names:
                tier = 0 if i < npure else 1
                options[tier].append(c)
                if ex.pattern not in patterns:
                    fresh[tier].append(c)
        # Vary the movement pattern within a session when the pack allows.
        tiers = fresh if fresh[0] or fresh[1] else options
        if in_session is None:
            in_session = self._area_sets(chosen)
        sets, rest = self._n_sets, self._rest
        room_s, room_w = self._cap_s - sets, self._cap_w - sets
        room_t = self._budget_s - sum(sets * (c.exercise.seconds_per_set + rest) for c in chosen)
        # Rotate between sessions for variety, but only within the best tier
        # (area purity first), so a later session never gets a worse fit.
        for tier_items in tiers:
            n = len(tier_items)
            for j in range(n):
                pack, ex = tier_items[(variant + j) % n]
                if sets * (ex.seconds_per_set + rest) > room_t:
                    continue
                for a in ex.areas:
                    if in_session[a] > room_s or week_sets[a] > room_w:
                        break
                else:
                    return pack, ex
        return None

    # -- the template -------------------------------------------------------

    def template(self, sessions: int) -> list[list[Choice]]:
        """One list of choices per weekly session, in training order."""
        others = [a for a in AREAS if a not in self.targets]
        for t in self.targets:
            if not self.by_area[t]:
                self._no_exercise(t)
        for a in others:
            if not self.by_area[a]:
                self._no_exercise(a)
        extra = int(self.rx["target_extra_exercises"]) if self.targets else 0
        plans = [("all", extra), ("split", extra), ("split", 0)]
        last_error: NoSafePlanError | None = None
        for layout, n_extra in plans:
            if layout == "split" and sessions < 2 and others:
                continue
            try:
                week = self._build(sessions, layout, n_extra, others)
            except NoSafePlanError as exc:
                last_error = exc
                continue
            if self._targets_lead(week, others):
                return week
            last_error = NoSafePlanError(
                "the available exercises cannot give the target areas more weekly sets than the other areas",
                constraint="target_areas",
                suggestion="add equipment, allow more session time, or choose fewer target areas",
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
                suggestion="add equipment such as a resistance band, or install an exercise pack with more options",
                rule_id=rules[0] if rules else None,
            )
        raise NoSafePlanError(
            f"no exercise for {area} matches your equipment and experience",
            constraint=f"exercises for {area}",
            suggestion="add equipment, or install an exercise pack that covers this area",
            rule_id=self.rx.rule_for("all_areas_weekly"),
        )

    def _week_sets(self, week: Sequence[Sequence[Choice]]) -> Counter[str]:
        total: Counter[str] = Counter()
        for s in week:
            total.update(self._area_sets(s))
        return total

    def _build(self, sessions: int, layout: str, extra: int, others: list[str]) -> list[list[Choice]]:
        week: list[list[Choice]] = [[] for _ in range(sessions)]
        target_rule = self.rx.rule_for("target_areas_every_session")
        cover_rule = self.rx.rule_for("all_areas_weekly")
        # Running tallies of sets per area, per session and for the week.
        per_session: list[defaultdict[str, int]] = [defaultdict(int) for _ in range(sessions)]
        weekly: defaultdict[str, int] = defaultdict(int)
        sets = self._n_sets

        def add(i: int, area: str, target: bool, reason: str, variant: int) -> bool:
            got = self._pick(area, week[i], variant, weekly, sessions, per_session[i])
            if got is None:
                return False
            week[i].append(Choice(got[0], got[1], target, reason))
            for a in got[1].areas:
                per_session[i][a] += sets
                weekly[a] += sets
            return True

        for i in range(sessions):
            for t in self.targets:
                if per_session[i][t] == 0 and not add(i, t, True, target_rule, i):
                    raise self._too_short(f"the target area {t}")
        for j, a in enumerate(others):
            homes = range(sessions) if layout == "all" else [j % sessions]
            for i in homes:
                if per_session[i][a] == 0 and not add(i, a, False, cover_rule, i):
                    raise self._too_short(f"every major area ({a})")
        for i in range(sessions):
            for t in self.targets:
                for k in range(extra):
                    if not add(i, t, True, target_rule, i + k + 1):
                        raise self._too_short(f"extra work for {t}")
        self._fill(week, others, target_rule, cover_rule, add)
        for session in week:
            session.sort(key=lambda c: self._order(c))
        return week

    def _fill(self, week: list[list[Choice]], others: list[str], target_rule: str, cover_rule: str, add: Callable[[int, str, bool, str, int], bool]) -> None:
        # Use the remaining time: more target work first, then other areas
        # while the target areas keep their lead in weekly sets.
        for i, session in enumerate(week):
            progress = True
            while progress:
                progress = False
                for t in self.targets:
                    if add(i, t, True, target_rule, i + len(session)):
                        progress = True
                if not self.targets:
                    for a in others:
                        if add(i, a, False, cover_rule, i + len(session)):
                            progress = True
                if len(session) > 40:
                    break

    def _order(self, c: Choice) -> tuple[object, ...]:
        first = min((self.targets.index(a) for a in c.exercise.areas if a in self.targets), default=len(self.targets))
        area = min(AREAS.index(a) for a in c.exercise.areas)
        return (0 if c.target else 1, first if c.target else area, 0 if c.exercise.mechanic == "compound" else 1, c.exercise.id)

    def _targets_lead(self, week: Sequence[Sequence[Choice]], others: list[str]) -> bool:
        if not self.targets:
            return True
        total = self._week_sets(week)
        lowest = min(total[t] for t in self.targets)
        return all(total[a] < lowest for a in others)

    def _too_short(self, what: str) -> NoSafePlanError:
        sets, rest = self._sets(), int(self.rx["rest_seconds"])
        if not self._quickest:
            self._quickest.append(min((ex.seconds_per_set for items in self.by_area.values() for _, ex in items), default=None))
        quickest = self._quickest[0]
        # The same as the least exercise_seconds over every candidate.
        shortest = 0 if quickest is None else sets * (quickest + rest)
        others = len([a for a in AREAS if a not in self.targets])
        sessions = max(1, int(self.rx["sessions_per_week"]))
        per_session = len(self.targets) + math.ceil(others / sessions)
        need = int(self.rx["warmup_minutes"]) + math.ceil(shortest * per_session / 60)
        return NoSafePlanError(
            f"{self.rx['session_minutes']} minutes per session cannot fit {what} within the caps on sets",
            constraint="session_minutes",
            suggestion=f"allow at least about {need} minutes per session, or choose fewer target areas",
            rule_id=self.rx.rule_for("session_minutes"),
        )

    def swaps(self, week: Sequence[Sequence[Choice]]) -> list[Swap]:
        """Exercises that would have been chosen for an area but for an
        exclusion, each paired with the chosen exercise that replaced it
        (same movement pattern where possible)."""
        out: list[Swap] = []
        seen: set[str] = set()
        chosen_by_area: dict[str, list[tuple[str, Exercise]]] = {}
        for session in week:
            for c in session:
                for a in c.exercise.areas:
                    items = chosen_by_area.setdefault(a, [])
                    if (c.pack, c.exercise) not in items:
                        items.append((c.pack, c.exercise))
        for area in AREAS:
            picked = chosen_by_area.get(area)
            if not picked:
                continue
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
