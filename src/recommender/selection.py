"""Selection: which exercises fill each session of the weekly template.

Exercises are filtered by equipment, experience and the excluded
contraindication tags, ranked per area deterministically, and packed into
sessions by priority: target areas, then the other areas (in every session if
time allows, spread over the week if not), then extra target work, then
filling the remaining time.  Every choice keeps the caps on sets per area.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import attrs

from .errors import NoSafePlanError
from .exercises import Exercise, ExercisePack
from .plan import Swap
from .prescription import Prescription
from .profile import Profile
from .vocabulary import AREAS, LEVELS

__all__ = ["Choice", "Selector", "session_seconds"]


@attrs.frozen
class Choice:
    """An exercise chosen for a session, and why."""

    pack: str
    exercise: Exercise
    target: bool
    reason: str  # the rule id that put it there


def exercise_seconds(ex: Exercise, sets: int, rest_seconds: int) -> int:
    """Time one exercise takes: every set plus the rest after it."""
    return sets * (ex.seconds_per_set + rest_seconds)


def session_seconds(exercises: Sequence[Exercise], sets: int, rest_seconds: int) -> int:
    return sum(exercise_seconds(e, sets, rest_seconds) for e in exercises)


class Selector:
    """Builds the weekly template of sessions for one person."""

    def __init__(self, packs: Sequence[ExercisePack], profile: Profile, rx: Prescription) -> None:
        self.profile = profile
        self.rx = rx
        owned = set(profile.equipment) | {"bodyweight"}
        level = LEVELS.index(profile.experience)
        excluded = set(rx.excluded)
        targets = set(profile.target_areas)
        self.targets = [a for a in profile.target_areas]
        # Installed packs are preferred on ties: the person added them on purpose.
        pack_rank = {p.name: (1 if p.name == "default" else 0, p.name) for p in packs}
        usable: list[tuple[str, Exercise]] = []
        self.unsafe: list[tuple[str, Exercise]] = []
        for pack in packs:
            for ex in pack.exercises:
                if not set(ex.equipment) <= owned or LEVELS.index(ex.level) > level:
                    continue
                (self.unsafe if excluded.intersection(ex.contraindications) else usable).append((pack.name, ex))

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
        self.by_area: dict[str, list[tuple[str, Exercise]]] = {
            a: sorted((c for c in usable if a in c[1].areas), key=lambda c, a=a: rank(c, a)) for a in AREAS
        }

    # -- helpers -----------------------------------------------------------

    def _sets(self) -> int:
        return int(self.rx["sets_per_exercise"])

    def _budget(self) -> int:
        return (int(self.rx["session_minutes"]) - int(self.rx["warmup_minutes"])) * 60

    def _fits(self, chosen: list[Choice], ex: Exercise) -> bool:
        secs = session_seconds([c.exercise for c in chosen] + [ex], self._sets(), int(self.rx["rest_seconds"]))
        return secs <= self._budget()

    def _area_sets(self, chosen: Sequence[Choice]) -> Counter[str]:
        count: Counter[str] = Counter()
        for c in chosen:
            for a in c.exercise.areas:
                count[a] += self._sets()
        return count

    def _pick(self, area: str, chosen: list[Choice], variant: int, week_sets: Counter[str], sessions: int) -> tuple[str, Exercise] | None:
        names = {c.exercise.name for c in chosen}
        patterns = {c.exercise.pattern for c in chosen if area in c.exercise.areas}
        options = [c for c in self.by_area[area] if c[1].name not in names]
        # Vary the movement pattern within a session when the pack allows.
        fresh = [c for c in options if c[1].pattern not in patterns] or options
        if not fresh:
            return None
        in_session = self._area_sets(chosen)
        cap_s = int(self.rx["max_sets_per_area_session"])
        cap_w = int(self.rx["max_sets_per_area_week"])
        # Rotate between sessions for variety, but only within the best tier
        # (area purity first), so a later session never gets a worse fit.
        tiers: dict[object, list[tuple[str, Exercise]]] = {}
        for c in fresh:
            tiers.setdefault(self._rank(c, area)[0], []).append(c)
        ordered = [c for tier in tiers.values() for c in tier[variant % len(tier):] + tier[: variant % len(tier)]]
        for pack, ex in ordered:
            if all(in_session[a] + self._sets() <= cap_s for a in ex.areas) and all(
                week_sets[a] + self._sets() <= cap_w for a in ex.areas
            ) and self._fits(chosen, ex):
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

        def add(i: int, area: str, target: bool, reason: str, variant: int) -> bool:
            got = self._pick(area, week[i], variant, self._week_sets(week), sessions)
            if got is None:
                return False
            week[i].append(Choice(got[0], got[1], target, reason))
            return True

        for i in range(sessions):
            for t in self.targets:
                if self._area_sets(week[i])[t] == 0 and not add(i, t, True, target_rule, i):
                    raise self._too_short(f"the target area {t}")
        for j, a in enumerate(others):
            homes = range(sessions) if layout == "all" else [j % sessions]
            for i in homes:
                if self._area_sets(week[i])[a] == 0 and not add(i, a, False, cover_rule, i):
                    raise self._too_short(f"every major area ({a})")
        for i in range(sessions):
            for t in self.targets:
                for k in range(extra):
                    if not add(i, t, True, target_rule, i + k + 1):
                        raise self._too_short(f"extra work for {t}")
        self._fill(week, others, target_rule, cover_rule)
        for session in week:
            session.sort(key=lambda c: self._order(c))
        return week

    def _fill(self, week: list[list[Choice]], others: list[str], target_rule: str, cover_rule: str) -> None:
        # Use the remaining time: more target work first, then other areas
        # while the target areas keep their lead in weekly sets.
        for i, session in enumerate(week):
            progress = True
            while progress:
                progress = False
                for t in self.targets:
                    got = self._pick(t, session, i + len(session), self._week_sets(week), len(week))
                    if got is not None:
                        session.append(Choice(got[0], got[1], True, target_rule))
                        progress = True
                if not self.targets:
                    for a in others:
                        got = self._pick(a, session, i + len(session), self._week_sets(week), len(week))
                        if got is not None:
                            session.append(Choice(got[0], got[1], False, cover_rule))
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
        shortest = min((exercise_seconds(ex, sets, rest) for opts in self.by_area.values() for _, ex in opts), default=0)
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
