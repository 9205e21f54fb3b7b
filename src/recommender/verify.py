"""The verifier: checks any plan against the rules, independently of how it
was made.  The engine runs it on every plan before returning it; ``recommend
check`` runs it on plan files, including hand-edited ones."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Container, Mapping, Sequence
from typing import Any

import attrs

from .claims import unsupported_claim
from .errors import one_line
from .exercises import Exercise
from .plan import SECONDS_PER_REP, Plan, PlannedExercise, Session
from .prescription import Prescription
from .profile import Profile
from .values import value_eq, value_hash, value_repr
from .vocabulary import AEROBIC_INTENSITIES, AREAS, DAYS, LEVELS

__all__ = ["Violation", "verify_plan"]

@attrs.frozen
class Violation:
    """One way a plan breaks a rule: the rule id and where."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    rule: str
    message: str
    week: int | None = None
    day: str | None = None
    date: datetime.date | None = None
    exercise: str | None = None

    def line(self) -> str:
        where = []
        if self.week is not None:
            where.append(f"week {self.week}")
        if self.day:
            where.append(f"{self.day} {self.date.isoformat() if self.date else ''}".strip())
        if self.exercise:
            where.append(self.exercise)
        prefix = (", ".join(where) + ": ") if where else ""
        # A hand-edited plan's day or id may hold a line break or an escape
        # sequence: the line stays one line and shows them escaped.
        return one_line(f"{prefix}{self.message} [rule {self.rule}]")


def _claim_message(what: str, claim: str, text: str) -> str:
    return f"{what} makes a claim the evidence does not support: {claim}: {text[:60]!r}"


def session_minutes(session: Session) -> int:
    """Recompute a session's length from its exercises (claims are not trusted)."""
    return exercise_minutes(session.exercises, session.warmup_minutes)


def exercise_minutes(exercises: Sequence[PlannedExercise], warmup_minutes: int) -> int:
    """How long a session of ``exercises`` takes, warm-up included."""
    secs = sum(e.sets * (e.seconds_per_set + e.rest_seconds) for e in exercises)
    return warmup_minutes + math.ceil(secs / 60)


def rep_units(e: PlannedExercise) -> int:
    """The week-volume units of one load-percent of ``e``: its target reps
    times :data:`SECONDS_PER_REP`, or its held seconds (a held second
    counts as that fraction of a rep).  A week's volume is the sum of each
    exercise's units times its ``load_pct``: a whole number, so volumes
    compare exactly."""
    return sum(e.target_reps[: e.sets]) * (1 if e.unit == "seconds" else SECONDS_PER_REP)


# What a check found: (rule id, message) pairs.  The entries are what the
# checks of one distinct exercise or one distinct dose found, with the
# values the plan-order checks read (see verify_plan).
Found = tuple[tuple[str, str], ...]
ExerciseEntry = tuple[bool, tuple[str, ...], Found, tuple[bool, int, int] | None, Found, tuple[str, str], str, int]
DoseEntry = tuple[bool, Found, Found, int, int]


def verify_plan(
    plan: Plan,
    profile: Profile,
    rx: Prescription,
    catalog: Mapping[tuple[str, str], Exercise],
    first_day: datetime.date,
    *,
    rules: Container[str] | None = None,
) -> list[Violation]:
    """Every violation of the rules in ``plan``, in plan order; empty when clean.

    ``rules`` holds the ids of the loaded rules, which the plan's ``because``
    lists and notices may name; by default, the rules that fired for ``rx``.
    """
    out: list[Violation] = []
    add = out.append
    for ref, reason in rx.refusals:
        add(Violation(ref.id, f"no plan may be built: {reason}"))
    if rx.refusals:
        return out
    r = rx.rule_for
    known: Container[str] = rules if rules is not None else {ref.id for ref in rx.fired}
    # Plain values: the checks below read them hundreds of times.
    v = {name: value.value for name, value in rx.values.items()}
    targets = list(profile.target_areas)
    owned = set(profile.equipment) | {"bodyweight"}
    level = LEVELS.index(profile.experience)
    excluded = set(rx.excluded)
    ordered = "exercise_order" in rx.values and bool(v["exercise_order"])
    # Exercises seen so far: load_pct is relative to each one's first appearance.
    seen_pids: set[tuple[str, str]] = set()

    def exercise_checks(e: PlannedExercise) -> tuple[tuple[str, ...], Found, tuple[bool, int, int] | None, Found]:
        """What depends only on the exercise: its areas, the catalog checks,
        its place in the exercise order, and the target-area marking."""
        found: list[tuple[str, str]] = []
        order = None
        claim = unsupported_claim(e.name)
        if claim:
            found.append(("plan.claims", _claim_message("exercise name", claim, e.name)))
        unknown = [b for b in e.because if b not in known]
        if unknown:
            found.append(("plan.because", f"'because' names {', '.join(map(repr, unknown))}, which {'is' if len(unknown) == 1 else 'are'} not a loaded rule"))
        ex = catalog.get((e.pack, e.id))
        if ex is None:
            found.append(("plan.exercise", f"unknown exercise {e.id!r} in pack {e.pack!r}"))
            areas: tuple[str, ...] = e.areas
        else:
            areas = ex.areas
            # What the person reads must be the pack's: the checks use the pack's values.
            if e.name != ex.name:
                found.append(("plan.name", f"named {e.name[:60]!r}; the pack calls it {ex.name!r}"))
            if tuple(e.areas) != ex.areas:
                found.append(("plan.areas", f"lists areas {', '.join(map(str, e.areas)) or 'none'}; the pack says {', '.join(ex.areas)}"))
            if not set(ex.equipment) <= owned:
                found.append(("plan.equipment", f"needs {', '.join(sorted(set(ex.equipment) - owned))}, which the profile does not list"))
            if LEVELS.index(ex.level) > level:
                found.append(("plan.level", f"is a {ex.level} exercise; the profile is {profile.experience}"))
            bad = tuple(t for t in ex.contraindications if t in excluded)
            if bad:
                for rule in rx.rules_excluding(bad):
                    found.append((rule, f"contraindicated ({', '.join(bad)})"))
            if e.unit != ex.unit:
                # A hold counted as reps (or reps as seconds) changes what every dose check reads.
                found.append(("plan.unit", f"counted in {str(e.unit)[:20]}; the pack counts it in {ex.unit}"))
            if e.seconds_per_set < ex.seconds_per_set:
                found.append((r("session_minutes"), f"claims {e.seconds_per_set}s per set; the pack says {ex.seconds_per_set}s"))
            if ordered:
                # Same key order as the planner: within the target block by the
                # person's priority, elsewhere large areas before small, and
                # multi-joint before single-joint within each group.
                group = (min((targets.index(a) for a in ex.areas if a in targets), default=len(targets)) if e.target
                         else min(AREAS.index(a) for a in ex.areas))
                order = (e.target, group, 0 if ex.mechanic == "compound" else 1)
        is_target = bool(set(areas) & set(targets))
        marked = (r("target_areas_first"), "marked as target work but trains no target area")
        return tuple(areas), tuple(found), order, ((marked,) if e.target and not is_target else ())

    def dose_checks(e: PlannedExercise, deload: bool) -> tuple[Found, Found]:
        """What depends only on the dose (and the progression note), which a
        week's exercises share: a set count below one, then the rest of the
        dose checks."""
        no_sets = ((r("sets_per_exercise"), f"{e.sets} sets; at least 1"),) if e.sets < 1 else ()
        found: list[tuple[str, str]] = []
        claim = unsupported_claim(e.progression)
        if claim:
            found.append(("plan.claims", _claim_message("progression note", claim, e.progression)))
        if e.rir < v["rir"]:
            found.append((r("rir"), f"{e.rir} reps in reserve; at least {v['rir']} required (never closer to failure)"))
        if not deload and e.rir > max(v["rir"], 3):
            found.append(("effort.near-fatigue", f"{e.rir} reps in reserve is too far from fatigue to train the area"))
        if e.sets > v["sets_per_exercise"]:
            found.append((r("sets_per_exercise"), f"{e.sets} sets; at most {v['sets_per_exercise']}"))
        elif deload and e.sets > deload_sets:
            found.append((r("deload_sets_pct"), f"{e.sets} sets in a deload week; at most {deload_sets} ({v['deload_sets_pct']}% of {v['sets_per_exercise']})"))
        lo, hi = e.reps
        k = SECONDS_PER_REP if e.unit == "seconds" else 1
        if lo < v["reps_low"] * k or hi > v["reps_high"] * k or lo > hi:
            found.append((r("reps_high"), f"{'hold' if k > 1 else 'rep'} range {lo}-{hi}; the rules give {v['reps_low'] * k}-{v['reps_high'] * k}"))
        if len(e.target_reps) != e.sets or any(not lo <= t <= hi for t in e.target_reps):
            found.append((r("reps_high"), f"target reps {list(e.target_reps)} do not match {e.sets} sets within {lo}-{hi}"))
        if e.rest_seconds < v["rest_seconds"]:
            found.append((r("rest_seconds"), f"{e.rest_seconds}s rest between sets; at least {v['rest_seconds']}s"))
        return no_sets, tuple(found)

    # Most checks depend only on the exercise (the same every week) or only
    # on the dose (the same for a whole week): each distinct one is checked
    # once, and the verdicts are applied in plan order.  An entry also says
    # whether it found anything, so a clean exercise costs two look-ups and
    # the checks that depend on its place in the plan.
    # As the planner rounds: at least one set is kept.
    deload_sets = max(1, v["sets_per_exercise"] * v["deload_sets_pct"] // 100)
    by_exercise: dict[Any, ExerciseEntry] = {}
    by_dose: dict[Any, DoseEntry] = {}
    targets_first = v["target_areas_first"]
    session_cap = v["session_minutes"]
    area_cap = v["max_sets_per_area_session"]
    week_cap = v["max_sets_per_area_week"]
    every_session = v["target_areas_every_session"]

    def exercise_entry(e: PlannedExercise) -> ExerciseEntry:
        areas, found, order, marked = exercise_checks(e)
        # The name case-folded (the movement), and a hold's claimed set time (0 for reps).
        return (bool(found or marked), areas, found, order, marked, (e.pack, e.id), e.name.casefold(),
                e.seconds_per_set if e.unit == "seconds" else 0)

    def dose_entry(e: PlannedExercise, deload: bool) -> DoseEntry:
        no_sets, bad_dose = dose_checks(e, deload)
        return (bool(no_sets or bad_dose), no_sets, bad_dose, rep_units(e), max(e.target_reps, default=0))

    if len(plan.weeks) != profile.weeks:
        add(Violation("plan.weeks", f"plan has {len(plan.weeks)} weeks; the profile asks for {profile.weeks}"))
    timeline: list[tuple[datetime.date, int, Session, set[str]]] = []
    volumes: list[tuple[int, bool, int, list[tuple[tuple[str, str], int]]]] = []
    a_week = datetime.timedelta(days=7)
    for wi, week in enumerate(plan.weeks, start=1):
        number, deload = week.number, week.deload
        if number != wi:
            add(Violation("plan.weeks", f"week numbered {number} in position {wi}", week=number))
        if len(week.sessions) != v["sessions_per_week"]:
            add(Violation(r("sessions_per_week"), f"{len(week.sessions)} strength sessions; the rules ask for {v['sessions_per_week']}", week=number))
        week_start = first_day + datetime.timedelta(days=7 * (number - 1))
        weekly: dict[str, int] = {}
        loads: list[tuple[tuple[str, str], int]] = []
        volume = 0  # see rep_units
        for s in week.sessions:
            at: dict[str, Any] = {"week": number, "day": s.day, "date": s.date}
            if s.day not in profile.days:
                add(Violation("plan.days", f"session on {s.day}, which is not one of the profile's days", **at))
            if s.day in DAYS and s.date.weekday() != DAYS.index(s.day):
                add(Violation("plan.days", f"date {s.date} is not a {s.day}", **at))
            if not week_start <= s.date < week_start + a_week:
                add(Violation("plan.days", f"date {s.date} is outside week {number}", **at))
            if s.kind != "strength":
                add(Violation("plan.kind", f"session kind {s.kind[:40]!r}; every session of the plan is a strength session", **at))
            # The session's length is summed below with the exercises; its
            # violation, if any, goes here, before the exercises' own.
            length_at = len(out)
            if s.warmup_minutes < v["warmup_minutes"]:
                add(Violation(r("warmup_minutes"), f"warm-up of {s.warmup_minutes} minutes; at least {v['warmup_minutes']} needed", **at))
            area_sets: defaultdict[str, int] = defaultdict(int)
            movements: list[str] = []
            seconds = 0
            seen_non_target = False
            last_order: tuple[bool, int, int] | None = None
            for e in s.exercises:
                key: Any = (e.pack, e.id, e.name, e.areas, e.target, e.seconds_per_set, e.because, e.unit)
                try:
                    bad_exercise, areas, found, order, marked, pid, movement, held = by_exercise[key]
                except KeyError:
                    bad_exercise, areas, found, order, marked, pid, movement, held = by_exercise[key] = exercise_entry(e)
                except TypeError:  # a hand-built plan with unhashable fields
                    bad_exercise, areas, found, order, marked, pid, movement, held = exercise_entry(e)
                sets = e.sets
                key = (sets, e.reps, e.rir, e.rest_seconds, e.target_reps, deload, e.unit, e.progression)
                try:
                    bad_dose, no_sets, dose_found, units, longest = by_dose[key]
                except KeyError:
                    bad_dose, no_sets, dose_found, units, longest = by_dose[key] = dose_entry(e, deload)
                except TypeError:
                    bad_dose, no_sets, dose_found, units, longest = dose_entry(e, deload)
                if bad_exercise:
                    for rule, message in found:
                        add(Violation(rule, message, **at, exercise=e.id))
                if order is not None:
                    if last_order is not None and last_order[0] == order[0] and order[1:] < last_order[1:]:
                        what = "a multi-joint exercise after a single-joint one" if order[1] == last_order[1] else "a larger area after a smaller one"
                        add(Violation(r("exercise_order"), f"out of order: {what}", **at, exercise=e.id))
                    last_order = order
                for a in areas:
                    area_sets[a] += sets
                movements.append(movement)
                if held and longest > held:
                    # The session's length counts each set's claimed time: a hold lasting longer would hide minutes.
                    add(Violation(r("session_minutes"), f"claims {held}s per set; its holds last up to {longest}s", **at, exercise=e.id))
                seconds += sets * (e.seconds_per_set + e.rest_seconds)
                load = e.load_pct
                loads.append((pid, load))
                volume += units * load
                if bad_dose:
                    for rule, message in no_sets:
                        add(Violation(rule, message, **at, exercise=e.id))
                # load_pct is relative to the load chosen when the exercise first
                # appears, so it starts at 100 at most and is never zero.
                first = pid not in seen_pids
                if load < 1 or (first and load > 100):
                    add(Violation(r("load_step_pct"), f"load of {load}% of the starting load; it starts at 100% at most and stays above 0",
                                  **at, exercise=e.id))
                if first:
                    seen_pids.add(pid)
                if bad_dose:
                    for rule, message in dose_found:
                        add(Violation(rule, message, **at, exercise=e.id))
                if bad_exercise:
                    for rule, message in marked:
                        add(Violation(rule, message, **at, exercise=e.id))
                if e.target:
                    if targets_first and seen_non_target:
                        add(Violation(r("target_areas_first"), "target-area work must come before the other exercises", **at, exercise=e.id))
                else:
                    seen_non_target = True
            if len(set(movements)) < len(movements):
                # Listed twice (or named alike in two packs), one movement's
                # sets count together against the cap on sets per exercise.
                most = deload_sets if deload else v["sets_per_exercise"]
                total: dict[str, int] = {}
                listed_last: dict[str, PlannedExercise] = {}
                for e, movement in zip(s.exercises, movements, strict=True):
                    total[movement] = total.get(movement, 0) + e.sets
                    listed_last[movement] = e
                for movement, n in total.items():
                    if n > most and movements.count(movement) > 1:
                        e = listed_last[movement]
                        add(Violation(r("deload_sets_pct" if deload else "sets_per_exercise"),
                                      f"{n} sets of {e.name[:60]!r} in one {'deload-week ' if deload else ''}session, listed more than once; at most {most}",
                                      **at, exercise=e.id))
            # As session_minutes(s) computes it.
            minutes = s.warmup_minutes + math.ceil(seconds / 60)
            if minutes > session_cap:
                out.insert(length_at, Violation(r("session_minutes"), f"session takes {minutes} minutes; the limit is {session_cap}", **at))
            if s.minutes != minutes:
                out.insert(length_at, Violation("plan.minutes", f"session claims {s.minutes} minutes; its warm-up and exercises take {minutes}", **at))
            # Sorted only to report in area order, so only when something is over.
            if area_sets and max(area_sets.values()) > area_cap:
                for a, n in sorted(area_sets.items()):
                    if n > area_cap:
                        add(Violation(r("max_sets_per_area_session"), f"{n} sets for {a} in one session; at most {area_cap}", **at))
            if every_session:
                for t in targets:
                    if area_sets.get(t, 0) == 0:
                        add(Violation(r("target_areas_every_session"), f"target area {t} is not trained", **at))
            for a, n in area_sets.items():
                weekly[a] = weekly.get(a, 0) + n
            timeline.append((s.date, number, s, {a for a, n in area_sets.items() if n}))
        if weekly and max(weekly.values()) > week_cap:
            for a, n in sorted(weekly.items()):
                if n > week_cap:
                    add(Violation(r("max_sets_per_area_week"), f"{n} sets for {a} this week; at most {week_cap}", week=number))
        if v["all_areas_weekly"]:
            for a in AREAS:
                if not weekly.get(a, 0):
                    add(Violation(r("all_areas_weekly"), f"area {a} is not trained this week", week=number))
        if targets and not deload and week.sessions:
            lowest = min(weekly.get(t, 0) for t in targets)
            for a in AREAS:
                if a not in targets and weekly.get(a, 0) >= lowest:
                    add(Violation(r("target_areas_every_session"), f"{a} gets {weekly.get(a, 0)} sets, not fewer than the target areas' {lowest}", week=number))
        volumes.append((number, deload, volume, loads))

    timeline.sort(key=lambda x: x[0])
    for i, (d1, _w1, s1, a1) in enumerate(timeline):
        for d2, w2, s2, a2 in timeline[i + 1 :]:
            hours = (d2 - d1).days * 24
            if hours >= v["min_rest_hours"]:
                break
            shared = a1 & a2
            if shared:
                add(Violation(r("min_rest_hours"), f"only {hours} hours after {s1.day} {d1} for {', '.join(sorted(shared))}; at least {v['min_rest_hours']} needed",
                              week=w2, day=s2.day, date=d2))

    cap = v["max_weekly_increase_pct"]
    step = v["load_step_pct"]
    prev: int | None = None  # volume of the last training week
    # A deload week is compared with the week just before it, whatever its
    # kind, so a run of weeks all marked deload cannot hide growing volume.
    last: int | None = None
    # Loads are followed per exercise appearance, so an exercise done twice a
    # week cannot hide a jump behind its other session.
    last_load: dict[tuple[str, str], int] = {}
    run = 0
    for number, deload, vol, loads in volumes:
        before_week, last = last, vol
        if deload:
            run = 0
            if before_week is not None and vol >= before_week:
                add(Violation(r("deload_sets_pct"), "deload week is not lighter than the week before", week=number))
            for key, load in loads:
                earlier = last_load.get(key)
                if earlier and load > earlier:
                    add(Violation(r("deload_sets_pct"), f"load rises from {earlier}% to {load}% in a deload week", week=number, exercise=key[1]))
            continue
        run += 1
        if run >= v["deload_every_weeks"]:
            add(Violation(r("deload_every_weeks"), f"{run} training weeks in a row without a deload; at most {v['deload_every_weeks'] - 1}", week=number))
        if prev is not None and prev > 0 and vol * 100 > prev * (100 + cap):
            add(Violation(r("max_weekly_increase_pct"), f"weekly volume grows {100 * (vol / prev - 1):.1f}%; at most {cap}%", week=number))
        for key, load in loads:
            before = last_load.get(key)
            if before and load * 100 > before * (100 + step):
                add(Violation(r("load_step_pct"), f"load rises from {before}% to {load}%; at most {step}% a step", week=number, exercise=key[1]))
            last_load[key] = load
        prev = vol

    shown: dict[str, dict[str, str]] = {}
    for pn in plan.notices:
        shown.setdefault(pn.rule, {}).setdefault(pn.text, pn.level)
        if pn.rule not in known:
            add(Violation("plan.notice", f"notice names rule {pn.rule[:60]!r}, which is not a loaded rule"))
    for required in rx.notices:
        if required.rule not in shown:
            add(Violation(required.rule, "required notice is missing from the plan"))
        elif required.text not in shown[required.rule]:
            add(Violation(required.rule, "required notice is altered: its text differs from the rule's"))
        elif shown[required.rule][required.text] != required.level:
            add(Violation(required.rule, f"required notice is shown as {shown[required.rule][required.text]}; the rule makes it {required.level}"))
    seen_lesser = False
    for pn in plan.notices:
        if pn.level != "critical":
            seen_lesser = True
        elif seen_lesser:
            add(Violation(pn.rule, "critical notice must come before every other notice"))
    # Every other text the plan shows: each is checked once per text
    # (memoised).  A rule's own notice was checked when its rule loaded.
    from_rules = {n.text for n in rx.notices}
    texts = [("notice", pn.text) for pn in plan.notices if pn.text not in from_rules]
    texts.append(("aerobic text", plan.aerobic.text))
    for sw in plan.swaps:
        texts += (("swap", sw.excluded_name), ("swap", sw.replacement_name))
    for what, text in texts:
        claim = unsupported_claim(text)
        if claim:
            add(Violation("plan.claims", _claim_message(what, claim, text)))
    aerobic = plan.aerobic
    if aerobic.minutes_target < v["aerobic_minutes_target"]:
        add(Violation(r("aerobic_minutes_target"), f"aerobic target {aerobic.minutes_target} min/week; the rules ask for {v['aerobic_minutes_target']}"))
    if aerobic.minutes_min < v["aerobic_minutes_min"]:
        add(Violation(r("aerobic_minutes_min"), f"aerobic range from {aerobic.minutes_min} min/week; the rules start it at {v['aerobic_minutes_min']}"))
    most, shown_most = v["aerobic_minutes_max"], max(aerobic.minutes_min, aerobic.minutes_target, aerobic.minutes_max)
    if shown_most > most:
        add(Violation(r("aerobic_minutes_max"), f"aerobic range up to {shown_most} min/week; the rules allow at most {most}"))
    if aerobic.intensity not in AEROBIC_INTENSITIES:
        add(Violation(r("aerobic_minutes_target"), f"aerobic intensity {aerobic.intensity[:40]!r}; the rules' minutes are {' or '.join(AEROBIC_INTENSITIES)} activity"))
    # A swap's names are what the person reads about it: the packs' names.
    for sw in plan.swaps:
        for ex_id, as_shown, role in ((sw.excluded, sw.excluded_name, "left-out"), (sw.replacement, sw.replacement_name, "replacement")):
            ex = None
            for pack in plan.packs:
                ex = catalog.get((pack, ex_id))
                if ex is not None:
                    break
            if ex is None:
                add(Violation("plan.exercise", f"swap names an unknown {role} exercise {ex_id[:60]!r}"))
            elif as_shown != ex.name:
                add(Violation("plan.name", f"swap shows the {role} exercise {ex_id!r} as {as_shown[:60]!r}; the pack calls it {ex.name!r}"))
    for what, because in (("aerobic", aerobic.because), *(("swap", sw.because) for sw in plan.swaps)):
        unknown = [b for b in because if b not in known]
        if unknown:
            add(Violation("plan.because", f"{what} 'because' names {', '.join(repr(b[:60]) for b in unknown)}, not a loaded rule"))
    return out
