"""The ``ics`` output format: one calendar event per training session.

Written with the ``icalendar`` library (the optional ``calendar`` extra),
imported only when a calendar is rendered so the CLI starts fast.

Events use floating local time (the profile's ``start_time`` wherever the
person is), so a calendar shows 18:00 as 18:00 in any time zone.  UIDs are a
hash of the week-1 anchor date, the week number and the session's position in
the week: importing an updated plan (new equipment, another day of the week)
replaces its events instead of adding a second copy.  DTSTAMP is derived from
the plan, not the clock, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import datetime

from .errors import OutputError
from .formats import OutputFormat, RenderContext
from .hookspecs import hookimpl
from .plan import Plan, PlannedExercise, Session, Week
from .render import progression_notes, rir_legend

__all__ = ["event_uid", "plan_anchor", "render_ics"]

DEFAULT_START_TIME = "18:00"
PRODID = "-//recommender//strength plan//EN"
INSTALL_HINT = "pip install 'recommender[calendar]'"


def plan_anchor(plan: Plan, ctx: RenderContext) -> datetime.date | None:
    """The date the UIDs hang on: the profile's ``start`` when it has one,
    else the Monday on or before the first session (which is where a plan
    without ``start`` begins)."""
    if ctx.profile is not None and ctx.profile.start is not None:
        return ctx.profile.start
    for week in plan.weeks:
        for s in week.sessions:
            return s.date - datetime.timedelta(days=s.date.weekday())
    return None


def event_uid(anchor: datetime.date, week: int, index: int) -> str:
    """A UID that stays the same while the plan's start, the week and the
    session's position in the week stay the same."""
    import hashlib  # only calendars need it, and it loads OpenSSL

    digest = hashlib.sha256(f"recommender|{anchor.isoformat()}|week {week}|session {index}".encode()).hexdigest()
    return f"{digest[:32]}@recommender"


def _start_time(ctx: RenderContext) -> datetime.time:
    text = ctx.profile.start_time if ctx.profile is not None else DEFAULT_START_TIME
    hh, _, mm = text.partition(":")
    return datetime.time(int(hh), int(mm))


def _dose(e: PlannedExercise) -> str:
    span = f"{e.reps[0]}-{e.reps[1]}"
    unit = "seconds" if e.unit == "seconds" else "reps"
    if not e.target_reps:
        sets = f"{e.sets} x {span} {unit}"
    elif len(set(e.target_reps)) == 1:
        sets = f"{e.sets} x {e.target_reps[0]} {unit} (range {span})"
    else:
        sets = f"{e.sets} sets of {'/'.join(str(r) for r in e.target_reps)} {unit} (range {span})"
    load = f", load {e.load_pct}% of week 1" if e.load_pct != 100 else ""
    return f"{sets}, RIR {e.rir}, rest {e.rest_seconds}s{load}"


def _description(plan: Plan, week: Week, s: Session) -> str:
    # A critical notice (see a professional first) leads, as in every
    # output: a calendar shows the start of a description, if that.
    critical = [f"IMPORTANT: {n.text}" for n in plan.notices if n.level == "critical"]
    lines = [*critical, *([""] if critical else []),
             f"Week {week.number}{' (deload: lighter week)' if week.deload else ''}, about {s.minutes} min, {s.warmup_minutes} min warm-up first."]
    lines.append("")
    for n, e in enumerate(s.exercises, start=1):
        lines.append(f"{n}. {e.name}{' (target area)' if e.target else ''}: {_dose(e)}")
    notes = progression_notes(s.exercises)
    if notes:
        lines.append("")
        lines.extend(f"Progression: {note}" for note in notes)
    lines.append("")
    lines.append(rir_legend(s.exercises))
    warnings = [n for n in plan.notices if n.level == "warning"]
    if warnings:
        lines.append("")
        lines.extend(f"Safety: {n.text}" for n in warnings)
    lines.append("")
    lines.append("General guidance, not medical advice.")
    return "\n".join(lines)


def render_ics(plan: Plan, ctx: RenderContext) -> str:
    """The plan as an iCalendar file: one VEVENT per session."""
    try:
        import icalendar
    except ImportError:
        raise OutputError(
            f"the ics format needs the icalendar library; install it with: {INSTALL_HINT}",
            key_path="--format ics",
            expected="icalendar installed",
        ) from None
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Strength plan")
    anchor = plan_anchor(plan, ctx)
    if anchor is None:
        return str(cal.to_ical().decode("utf-8"))
    # Fixed, plan-derived stamp: re-rendering must not change the bytes.
    stamp = datetime.datetime.combine(anchor, datetime.time(0, 0), tzinfo=datetime.UTC)
    at = _start_time(ctx)
    total = len(plan.weeks)
    for week in plan.weeks:
        for index, s in enumerate(week.sessions, start=1):
            event = icalendar.Event()
            event.add("uid", event_uid(anchor, week.number, index))
            event.add("dtstamp", stamp)
            event.add("dtstart", datetime.datetime.combine(s.date, at))
            event.add("duration", datetime.timedelta(minutes=s.minutes))
            deload = ", deload" if week.deload else ""
            event.add("summary", f"Strength training: week {week.number} of {total}{deload}, session {index} of {len(week.sessions)}")
            event.add("description", _description(plan, week, s))
            event.add("categories", ["Strength training"])
            event.add("transp", "OPAQUE")
            cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    """The calendar format."""
    return (OutputFormat("ics", "iCalendar file: one event per session, for any calendar app", ".ics", render_ics),)
