"""The engine: profile -> rules -> prescription -> selection -> schedule ->
progression -> verify.  One engine holds its own plugins, packs and compiled
rules and no global state, so an application may keep several."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import InputError, NoSafePlanError, PackError, PlanFileError, PluginError, RecommenderError, RuleError, ScreeningRefusal
from .exercises import Exercise, ExercisePack
from .facts import facts_from_profile
from .formats import OutputFormat, RenderContext, format_problems
from .limits import path_text
from .plan import (
    SECONDS_PER_REP,
    Aerobic,
    Plan,
    PlanNotice,
    PrescribedValue,
    Session,
    Week,
    planned_exercises,
    well_formed,
)
from .plugins import PluginHost, PluginInfo, exception_text
from .prescription import Prescription
from .profile import FIRST_START, LAST_START, Profile, checked_profile
from .progression import progress
from .rules import RuleSet, RuleSource, load_rule_sources, read_rule_path, rule_read_error, shipped_rule_sources
from .schedule import choose_days, session_dates
from .selection import SelectionIndex, Selector
from .values import plain_date
from .verify import Violation, exercise_minutes, verify_plan

__all__ = ["Engine"]


def _builtins() -> list[tuple[str, object]]:
    from . import render, render_html, render_ics
    from .packs import default

    return [("default", default), ("formats", render), ("formats-html", render_html), ("formats-ics", render_ics)]


class Engine:
    """Plans training for profiles with one set of rules and packs.

    ``rules`` adds the user's rule files, folders or :class:`RuleSource`
    values on top of the shipped rules (``shipped_rules=False`` leaves those
    out) and plugin rules.  ``packs`` adds the application's own packs;
    ``default_pack=False`` leaves out the built-in one.  ``plugins`` is
    ``True`` to discover installed plugins, ``False`` for none, or a list of
    plugin objects to register without any discovery.  ``disable_plugins``
    names entry points never to import; ``strict_plugins`` turns plugin
    failures into :class:`~recommender.PluginError`.
    """

    def __init__(
        self,
        *,
        rules: Iterable[str | Path | RuleSource] | Path | RuleSource | None = (),
        packs: Iterable[ExercisePack] | ExercisePack | None = (),
        plugins: bool | Sequence[object] = True,
        disable_plugins: Iterable[str] | None = (),
        strict_plugins: bool = False,
        shipped_rules: bool = True,
        default_pack: bool = True,
        plugin_paths: Sequence[str | os.PathLike[str]] | None = None,
    ) -> None:
        # A string is an iterable of strings too: one given alone is one
        # name or path, never its letters.  None means none, as () does.
        if isinstance(rules, (str, bytes, os.PathLike, RuleSource)):
            rules = [rules]
        if isinstance(disable_plugins, str):
            disable_plugins = [disable_plugins]
        if isinstance(plugin_paths, (str, bytes, os.PathLike)):
            plugin_paths = [plugin_paths]
        rules, packs, disable_plugins = rules or (), packs or (), disable_plugins or ()
        # Path items too, as strings: sys.path holds strings.
        paths = [path_text(p, "plugin_paths", InputError) for p in plugin_paths] if plugin_paths is not None else None
        for name in disable_plugins:
            if not isinstance(name, str):
                raise InputError(f"expected plugin names (text), got {type(name).__name__}", key_path="disable_plugins", expected="plugin names")
        if isinstance(packs, ExercisePack):
            packs = [packs]
        builtins = _builtins()
        if not default_pack:
            builtins = [b for b in builtins if b[0] != "default"]
        self._host = PluginHost(
            autoload=plugins is True,
            disabled=disable_plugins,
            strict=strict_plugins,
            builtins=builtins,
            extra=list(plugins) if not isinstance(plugins, bool) else (),
            paths=paths,
        )
        # Every hook of every plugin answers before any answer is used: a
        # plugin that fails one hook (its formats included) gives nothing.
        self._host.call_all(format_problems)
        own = list(packs)
        from .exercises import pack_problems

        for pack in own:
            problems = pack_problems(pack)
            if problems:
                raise PackError(problems[0], key_path="packs", expected="a valid ExercisePack")
        user: list[RuleSource] = []
        # A file named twice (on its own and in its folder, or by two
        # spellings) is read once, as the person means it.
        read: set[str] = set()
        for r in rules:
            if isinstance(r, RuleSource):
                user.append(r)
                continue
            for src in read_rule_path(Path(path_text(r, "rules", rule_read_error))):
                real = os.path.realpath(src.name)
                if real not in read:
                    read.add(real)
                    user.append(src)
        shipped = shipped_rule_sources() if shipped_rules else []
        # The rules of the plugins that keep their pack names.  A plugin
        # skipped for its rule files may have held a name another plugin
        # lost to it, so the names are worked out again until they settle
        # (in practice once: no plugin's files fail).
        losers: frozenset[str] | None = None
        while True:
            plugin_items, now_losing = self._host.rule_items()
            if now_losing == losers:
                break
            losers = now_losing
            plugin_rules: list[Any] = [item for _, item in plugin_items]
            try:
                self.rules: RuleSet = load_rule_sources([("shipped", shipped), ("plugin", plugin_rules), ("user", user)])
            except RuleError:
                if not plugin_items:
                    raise
                # A plugin's broken rule file must not stop the engine: find the
                # plugins whose files load, then load again (user errors still raise).
                plugin_rules = self._host.keep_rules(plugin_items, lambda srcs: _rule_load_problems(shipped, srcs))
                self.rules = load_rule_sources([("shipped", shipped), ("plugin", plugin_rules), ("user", user)])
        # Packs last: a plugin whose rule files do not load is skipped with
        # its packs, and one whose pack name is taken now is skipped.
        found = self._host.packs()
        names = {p.name for _, p in found}
        # Exercise ids are unique across packs, as for plugins' packs: a
        # swap and the checks of a plan name an exercise by its id.
        ids = {e.id: p.name for _, p in found for e in p.exercises}
        for pack in own:
            if pack.name in names:
                raise PackError(f"pack name {pack.name!r} is already provided by a plugin", key_path="packs")
            names.add(pack.name)
            for i, e in enumerate(pack.exercises):
                if e.id in ids:
                    raise PackError(f"pack {pack.name!r}: exercise id {e.id!r} is already used by pack {ids[e.id]!r}",
                                    key_path=f"packs[{pack.name}].exercises[{i}].id", expected="an exercise id no other pack uses")
            ids.update((e.id, pack.name) for e in pack.exercises)
        self.packs: tuple[ExercisePack, ...] = tuple(sorted([p for _, p in found] + own, key=lambda p: (p.name != "default", p.name)))
        self.catalog: Mapping[tuple[str, str], Exercise] = {(p.name, e.id): e for p in self.packs for e in p.exercises}
        self._formats: dict[str, OutputFormat] | None = None
        # Which plugin provides each format, to name it when its render fails.
        self._format_sources: dict[str, tuple[str, str]] = {}
        self._indexes: dict[tuple[str, ...], SelectionIndex] = {}

    # -- plugins -----------------------------------------------------------

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per plugin problem that was skipped."""
        return tuple(self._host.warnings)

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """Installed plugins with their status and packs, sorted by name."""
        return tuple(self._host.infos)

    @property
    def formats(self) -> Mapping[str, OutputFormat]:
        """Output formats by name, built-in and from plugins."""
        if self._formats is None:
            found: dict[str, OutputFormat] = {}
            for plugin, item in self._host.formats(format_problems):
                if isinstance(item, OutputFormat):
                    found[item.name] = item
                    self._format_sources[item.name] = (plugin, self._host.label(plugin))
            self._formats = dict(sorted(found.items()))
        return self._formats

    # -- rules -------------------------------------------------------------

    def prescribe(self, profile: Profile) -> Prescription:
        """Evaluate the rules for ``profile``."""
        return self.rules.prescribe(facts_from_profile(checked_profile(profile)))

    def explain(self, profile: Profile) -> list[str]:
        """One line per prescription value and exclusion: the deciding rule,
        where it is, its layer, why, and the facts it read."""
        rx = self.prescribe(profile)
        out = []
        for name, pv in rx.values.items():
            ref = pv.decided_by
            read = ", ".join(f"{k}={v}" for k, v in ref.facts.items()) or "no facts"
            out.append(f"{name} = {pv.value}: {ref.because} [{ref.id}, {ref.location()}, {ref.layer}; read {read}]")
        for tag, refs in rx.excluded.items():
            out.append(f"excluded {tag}: " + "; ".join(f"{r.id} ({r.location()}, {r.layer})" for r in refs))
        return out

    def why(self, rule_id: str, profile: Profile) -> str:
        """Whether rule ``rule_id`` fires for ``profile`` and why (or the
        first condition that fails)."""
        if not isinstance(rule_id, str):
            raise PackError(f"expected a rule id (text), got {type(rule_id).__name__}", key_path="rule", expected="a rule id from 'recommend rules list'")
        rule = self.rules.get(rule_id)
        if rule is None:
            hint = self.rules.missing_hint(rule_id)
            raise PackError(f"no rule with id {rule_id!r}{hint}", key_path="rule", expected="a rule id from 'recommend rules list'")
        fires, reason = self.rules.why(rule_id, facts_from_profile(checked_profile(profile)))
        verdict = "fires" if fires else "does not fire"
        return f"rule {rule.id} ({rule.location()}, {rule.layer} layer) {verdict}: {reason}"

    # -- planning ----------------------------------------------------------

    def _packs_for(self, profile: Profile) -> list[ExercisePack]:
        if not profile.packs:
            return list(self.packs)
        by_name = {p.name: p for p in self.packs}
        for i, name in enumerate(profile.packs):
            if name not in by_name:
                avail = ", ".join(sorted(by_name)) or "none"
                # A disabled plugin's packs are unknown (it is never
                # imported), but the plugin may well be the one meant.
                off = [p.name for p in self.plugins if p.status == "disabled"]
                avail += f"; disabled plugins: {', '.join(off)}" if off else ""
                raise PackError(f"pack {name!r} is not available (installed: {avail})", key_path=f"packs[{i}]", expected="an installed pack")
        return [by_name[n] for n in profile.packs]

    def recommend(self, profile: Profile, *, today: datetime.date | None = None) -> Plan:
        """Build, verify and return the plan for ``profile``.

        Raises :class:`ScreeningRefusal` when screening says not to start,
        :class:`NoSafePlanError` naming the constraint when no safe plan
        exists, and never returns a plan the verifier rejects.
        """
        profile = checked_profile(profile)
        today = _checked_today(today)
        rx = self.rules.prescribe(facts_from_profile(profile))
        if rx.refusals:
            ref, reason = rx.refusals[0]
            raise ScreeningRefusal(reason, constraint="screening", rule_id=ref.id, file=ref.location())
        packs = self._packs_for(profile)
        first = profile.first_day(today)
        selector = Selector(packs, profile, rx, self._selection_index(packs))
        days = choose_days(profile.days, int(rx["sessions_per_week"]), int(rx["min_rest_hours"]), first, rule=rx.rule_for("min_rest_hours"))
        try:
            template = selector.template(len(days))
        except NoSafePlanError as exc:
            if exc.constraint == "session_minutes":
                self._suggest_minutes(exc, profile, packs, len(days))
            raise
        swaps = selector.swaps(template)
        swap_rules = {s.replacement: s.because for s in swaps}
        steps = progress(
            weeks=profile.weeks,
            sets=int(rx["sets_per_exercise"]),
            reps_low=int(rx["reps_low"]),
            reps_high=int(rx["reps_high"]),
            rir=int(rx["rir"]),
            max_increase_pct=int(rx["max_weekly_increase_pct"]),
            load_step_pct=int(rx["load_step_pct"]),
            deload_every=int(rx["deload_every_weeks"]),
            deload_sets_pct=int(rx["deload_sets_pct"]),
        )
        dose_rules = (rx.rule_for("sets_per_exercise"), rx.rule_for("reps_high"), rx.rule_for("rir"))
        reps = (int(rx["reps_low"]), int(rx["reps_high"]))
        timed = (reps[0] * SECONDS_PER_REP, reps[1] * SECONDS_PER_REP)
        warmup = int(rx["warmup_minutes"])
        rest = int(rx["rest_seconds"])
        # Every field of each choice's exercise, in field order; the fields
        # of the week's dose are the week's own (see planned_exercises).
        fixed = []
        for choices in template:
            bases = []
            for c in choices:
                ex = c.exercise
                in_seconds = ex.unit == "seconds"
                because = tuple(dict.fromkeys((c.reason, *dose_rules, *swap_rules.get(ex.id, ()))))
                bases.append(({"id": ex.id, "name": ex.name, "pack": c.pack, "areas": ex.areas, "sets": 0, "reps": timed if in_seconds else reps,
                               "rir": 0, "rest_seconds": rest, "target": c.target, "because": because, "target_reps": (), "load_pct": 100,
                               "seconds_per_set": selector.set_seconds(ex), "progression": "", "unit": "seconds" if in_seconds else "reps"},
                              in_seconds))
            fixed.append(bases)
        # A session's length depends on the week only through its set count.
        minutes_for: dict[tuple[int, int], int] = {}
        weeks = []
        for number, step in enumerate(steps, start=1):
            sets, rir, load, by_rep = step.sets, step.rir, step.load_pct, step.target_reps
            dose = {"sets": sets, "rir": rir, "target_reps": by_rep, "load_pct": load, "progression": step.note}
            held_dose = {**dose, "target_reps": tuple([r * SECONDS_PER_REP for r in by_rep]), "progression": step.hold_note}
            sessions = []
            for i, ((day, date), bases) in enumerate(zip(session_dates(first, number, days), fixed, strict=True)):
                exercises = planned_exercises(bases, dose, held_dose)
                minutes = minutes_for.get((i, sets))
                if minutes is None:
                    minutes = minutes_for[i, sets] = exercise_minutes(exercises, warmup)
                sessions.append(Session(day, date, "strength", minutes, exercises, warmup))
            weeks.append(Week(number, step.deload, tuple(sessions)))
        plan = Plan(
            weeks=tuple(weeks),
            aerobic=self._aerobic(rx),
            notices=tuple(PlanNotice(n.rule, n.text, n.level) for n in rx.notices),
            rules_fired=tuple(r.id for r in rx.fired),
            prescription={k: PrescribedValue(v.value, v.decided_by.id, tuple(dict.fromkeys(c.id for c in v.contributors))) for k, v in rx.values.items()},
            swaps=tuple(swaps),
            packs=tuple(p.name for p in packs),
        )
        violations = verify_plan(plan, profile, rx, self.catalog, first, rules=self.rules.ids)
        if violations:
            v = violations[0]
            raise NoSafePlanError(v.line(), constraint=v.rule, rule_id=v.rule,
                                  suggestion="report this profile: the planner produced a plan its verifier rejects")
        return plan

    def _selection_index(self, packs: Sequence[ExercisePack]) -> SelectionIndex:
        # The profile-independent ranking of the packs is built once per engine.
        key = tuple(p.name for p in packs)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = SelectionIndex(packs)
        return index

    def _suggest_minutes(self, exc: NoSafePlanError, profile: Profile, packs: list[ExercisePack], sessions: int) -> None:
        # Say what would really work, found by planning with more time (or
        # one target area fewer), rather than guessing from exercise lengths.
        import attrs

        def fits(changed: Profile) -> bool:
            try:
                Selector(packs, changed, self.prescribe(changed), self._selection_index(packs)).template(sessions)
            except NoSafePlanError:
                return False
            return True

        # Only offered when it works: the last-named area is the one the
        # person cares least about.
        fewer = ""
        if profile.target_areas and fits(attrs.evolve(profile, target_areas=profile.target_areas[:-1])):
            fewer = f"drop the target area {profile.target_areas[-1]}"
        # In steps of 5 minutes, then by halves below the first that fits
        # (taking a longer session to fit what a shorter one does), so "at
        # least" is the least length that fits.
        for minutes in range(profile.session_minutes + 5, 181, 5):
            if fits(attrs.evolve(profile, session_minutes=minutes)):
                lo, hi = max(profile.session_minutes, minutes - 5), minutes  # lo does not fit, hi does
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    lo, hi = (lo, mid) if fits(attrs.evolve(profile, session_minutes=mid)) else (mid, hi)
                exc.suggestion = f"allow at least {hi} minutes per session" + (f", or {fewer}" if fewer else "")
                return
        exc.suggestion = (f"{fewer}, or " if fewer else "") + "add equipment or an exercise pack with shorter exercises"

    def _aerobic(self, rx: Prescription) -> Aerobic:
        lo, target, hi = int(rx["aerobic_minutes_min"]), int(rx["aerobic_minutes_target"]), int(rx["aerobic_minutes_max"])
        text = (
            f"Build up to about {target} minutes a week of moderate aerobic activity (brisk walking, cycling, "
            f"swimming: you can talk but not sing), spread over 3 or more days; the guideline range is {lo}-{hi} "
            f"minutes, or half that if vigorous. Start with what you can do and add a little each week."
        )
        rules = tuple(dict.fromkeys((rx.rule_for("aerobic_minutes_min"), rx.rule_for("aerobic_minutes_target"))))
        return Aerobic(lo, target, hi, "moderate", text, rules)

    def verify(self, plan: Plan, profile: Profile, *, today: datetime.date | None = None) -> list[Violation]:
        """Every rule ``plan`` breaks for ``profile`` (empty when clean).

        Week 1 begins on the profile's ``start``.  Without one, the plan was
        made to begin on the Monday after the day it was made, which a check
        run later cannot know: week 1 is then the week of the plan's first
        session (``today`` is used only for a plan without sessions).
        """
        profile = checked_profile(profile)
        if not isinstance(plan, Plan):
            raise PlanFileError(f"expected a Plan, got {type(plan).__name__} (see plan_from_dict)", file="<plan>", expected="a Plan")
        rx = self.rules.prescribe(facts_from_profile(profile))
        first = profile.first_day(_checked_today(today))
        if not well_formed(plan):
            # attrs checks nothing a Plan(...) built in code holds, and the
            # checks compare values, which a NaN passes.  Read back as plain
            # data, a mistyped plan gets the plan file's error naming the key,
            # and one that only differs in form (lists, ISO date strings) is
            # checked as its loaded twin.
            rebuilt = _read_back(plan)
            if rebuilt is None:
                raise PlanFileError("holds a value that is not plain data", file="<plan>", expected="a Plan as plan_from_dict builds one")
            plan = rebuilt
        return self._verify(plan, profile, rx, first)

    def _verify(self, plan: Plan, profile: Profile, rx: Prescription, first: datetime.date) -> list[Violation]:
        if profile.start is None:
            dated = [s.date for s in plan.weeks[0].sessions] if plan.weeks else []
            if dated:
                earliest = min(dated)
                first = earliest - datetime.timedelta(days=earliest.weekday())
        return verify_plan(plan, profile, rx, self.catalog, first, rules=self.rules.ids)

    # -- output ------------------------------------------------------------

    def render(self, plan: Plan, format: str = "text", *, profile: Profile | None = None, explain: bool = False, color: bool = False) -> str:
        """Render ``plan`` in the named format.

        Raises :class:`~recommender.PluginError` naming the format and the
        plugin that provides it when its render function raises (the
        original exception is the ``__cause__``) or returns something other
        than ``str``; errors of this package's own kind pass through.
        """
        fmt = self.formats.get(format)
        if fmt is None:
            raise PackError(f"unknown format {format!r}; expected one of {', '.join(self.formats)}", key_path="format", expected="a format name")
        if profile is not None:
            profile = checked_profile(profile)
        because = {r.id: r.because for r in self.rules.rules}
        explanation = tuple(self.explain(profile)) if explain and profile is not None else ()
        context = RenderContext(profile=profile, because=because, explain=explain, color=color, explanation=explanation)
        try:
            text = fmt.render(plan, context)
        except RecommenderError:
            raise  # said on purpose, such as the ics format's missing library
        except (Exception, SystemExit) as exc:  # a format's own code, often a plugin's (sys.exit() too)
            raise self._render_error(format, f"render raised {exception_text(exc)}") from exc
        if not isinstance(text, str):
            raise self._render_error(format, f"render returned {type(text).__name__}, expected str")
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:  # a lone surrogate, which no file or terminal can hold
                raise self._render_error(format, f"render returned text that is not valid Unicode (at character {exc.start})") from None
        return text

    def _render_error(self, format: str, reason: str) -> PluginError:
        plugin, label = self._format_sources.get(format, ("unknown", "unknown distribution"))
        return PluginError(f"format {format!r} from plugin {plugin!r} ({label}): {reason}", distribution=label, reason=reason)


def _read_back(plan: Plan) -> Plan | None:
    """``plan`` read back as plain data, as a plan file is: raises
    :class:`PlanFileError` naming the first wrong key; None when it holds
    something that is not even plain data."""
    import attrs

    from .plan import plan_from_dict

    def plain(_inst: object, _field: object, value: object) -> object:
        return value.isoformat() if isinstance(value, datetime.date) else value

    try:
        data = attrs.asdict(plan, value_serializer=plain)
    except Exception:  # an object attrs cannot walk: there is no key to name
        return None
    return plan_from_dict(data)


def _checked_today(today: object) -> datetime.date | None:
    """``today`` as a date (a date-time's date: a plan's dates are dates),
    or InputError when it is none, or one no plan could begin after."""
    if today is None:
        return None
    if isinstance(today, datetime.datetime):
        today = today.date()
    today = plain_date(today) or today  # a date subclass's (a frozen test clock's) as a plain date
    if type(today) is not datetime.date or not FIRST_START <= today <= LAST_START:
        from .converter import describe_value

        expected = f"a date from {FIRST_START} to {LAST_START}"
        raise InputError(f"expected {expected}, got {describe_value(today)}", key_path="today", expected=expected)
    return today


def _rule_load_problems(shipped: Sequence[RuleSource], sources: Sequence[RuleSource]) -> list[str]:
    try:
        load_rule_sources([("shipped", shipped), ("plugin", sources)])
    except RuleError as exc:
        return list(exc.problems)
    return []

