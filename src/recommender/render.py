"""The built-in output formats: text, markdown, json and toml.

They are registered through :func:`recommender_output_formats`, the hook any
plugin uses to add a format.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .formats import OutputFormat, RenderContext
from .hookspecs import hookimpl
from .plan import SECONDS_PER_REP, Plan, PlannedExercise, Session, Week, plan_to_dict

__all__ = ["render_json", "render_markdown", "render_text", "render_toml"]

WIDTH = 80
_LEVEL_MARK = {"critical": "!!", "warning": "!", "info": "-"}


def _c(ctx: RenderContext, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if ctx.color else text


@functools.lru_cache(maxsize=1024)
def _wrap(text: str, indent: str, first: str = "") -> tuple[str, ...]:
    """``text`` filled to the width, as textwrap fills it.

    Remembered: the notices, the reasons and the aerobic advice are the same
    few texts in every plan, and a batch renders thousands of plans.
    """
    lead = first or indent
    # Plain text (words between single spaces, none too long for a line) is
    # filled greedily here, exactly as textwrap fills it but without its
    # per-call set-up and regular expressions; anything else goes to textwrap.
    if text.isprintable() and text[:1] not in ("", " ") and text[-1] != " " and "  " not in text:
        room = WIDTH - len(indent)
        left = WIDTH - len(lead)
        if max(map(len, text.split(" "))) <= min(left, room):
            # Greedy filling cuts each line at the last space that keeps it
            # within the width, found with one search per line, not per word.
            lines = []
            prefix = lead
            while len(text) > left:
                cut = text.rfind(" ", 0, left + 1)
                lines.append(prefix + text[:cut])
                text = text[cut + 1 :]
                prefix, left = indent, room
            lines.append(prefix + text)
            return tuple(lines)
    import textwrap  # rarely needed, and it compiles its patterns on import

    return tuple(textwrap.wrap(text, WIDTH, initial_indent=lead, subsequent_indent=indent, break_on_hyphens=False)) or (first,)


def _dose(e: PlannedExercise) -> str:
    reps = f"{e.reps[0]}-{e.reps[1]}" if e.reps[0] != e.reps[1] else str(e.reps[0])
    if e.unit == "seconds":
        reps += " s"
    return f"{e.sets} x {reps}, RIR {e.rir}, rest {e.rest_seconds}s"


def _why(e: PlannedExercise, ctx: RenderContext) -> str:
    first = e.because[0] if e.because else ""
    return ctx.because.get(first, first)


def _session_lines(s: Session, ctx: RenderContext, detail: bool) -> list[str]:
    head = f"  {s.day.capitalize()} {s.date.isoformat()}  {s.kind}, about {s.minutes} min ({s.warmup_minutes} min warm-up)"
    lines = [_c(ctx, "1", head)]
    for n, e in enumerate(s.exercises, start=1):
        mark = "*" if e.target else " "
        name = f"{n:>2}.{mark}{e.name}"
        dose = _dose(e)
        if len(name) + len(dose) + 6 <= WIDTH:
            lines.append(f"  {name.ljust(WIDTH - len(dose) - 4)}{dose}")
        else:
            lines.extend(_wrap(name, "       ", "  "))
            lines.append(" " * 7 + dose)
        if detail:
            lines.extend(_wrap(f"why: {_why(e, ctx)}", "         ", "       "))
            if ctx.explain:
                lines.extend(_wrap("rules: " + ", ".join(e.because), "         ", "       "))
    return lines


def _notices(plan: Plan, ctx: RenderContext) -> list[str]:
    out: list[str] = []
    for n in plan.notices:
        mark = _LEVEL_MARK.get(n.level, "-")
        body: Iterable[str] = _wrap(n.text, "   ", f"{mark} ".ljust(3))
        if n.level == "critical":
            body = [_c(ctx, "1;31", b) for b in body]
        elif n.level == "warning":
            body = [_c(ctx, "33", b) for b in body]
        out.extend(body)
    return out


def count_of(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def week_summary(week: Week) -> tuple[PlannedExercise, str] | None:
    """The exercise a later week is summed up by, and its reps per set
    ("9/8"), with the holds' seconds beside them ("9/8 (holds 27/24 s)").

    Every exercise of a week follows one prescription, so one stands for
    all; it is one done in reps where there is one, because a hold's
    targets are seconds."""
    exercises = [e for s in week.sessions for e in s.exercises]
    if not exercises:
        return None
    e = next((x for x in exercises if x.unit != "seconds"), exercises[0])
    reps = "/".join(str(r) for r in e.target_reps)
    hold = next((x for x in exercises if x.unit == "seconds"), None)
    if e.unit != "seconds" and hold is not None and hold.target_reps:
        reps += f" (holds {'/'.join(str(r) for r in hold.target_reps)} s)"
    elif e.unit == "seconds":
        reps += " s"
    return e, reps


def _week_change(week: Week) -> str:
    """What a later week changes: sets, reps per set, load and note."""
    summary = week_summary(week)
    if summary is None:
        return ""
    e, reps = summary
    return f"{count_of(e.sets, 'set')}, reps {reps}, load {e.load_pct}% of week 1, RIR {e.rir}: {e.progression}"


def progression_notes(exercises: Iterable[PlannedExercise]) -> list[str]:
    """The distinct progression notes of ``exercises``: those of the
    exercises done in reps first (the plan's main instruction), then those
    of the holds, each sorted."""
    reps: set[str] = set()
    holds: set[str] = set()
    for e in exercises:
        if e.progression:
            (holds if e.unit == "seconds" else reps).add(e.progression)
    return sorted(reps) + sorted(holds - reps)


def rir_legend(exercises: Iterable[PlannedExercise]) -> str:
    """What RIR means, with :func:`hold_reserve` when ``exercises`` hold a hold."""
    return "RIR = reps in reserve: stop each set with that many reps still in you." + hold_reserve(exercises)


def hold_reserve(exercises: Iterable[PlannedExercise]) -> str:
    """The sentence after the RIR legend saying what a rep in reserve is for
    a hold (a dose in seconds), with a leading space; empty when
    ``exercises`` hold none."""
    if not any(e.unit == "seconds" for e in exercises):
        return ""
    # A hold's range is its reps' range at SECONDS_PER_REP a rep (see
    # progression), so its reserve is counted the same way.
    return f" For a hold (s), stop with {SECONDS_PER_REP} seconds still in you for each rep in reserve."


def _exercises(plan: Plan) -> Iterable[PlannedExercise]:
    return (e for w in plan.weeks for s in w.sessions for e in s.exercises)


def _progression_notes(week: Week) -> list[str]:
    return progression_notes(e for s in week.sessions for e in s.exercises)


def render_text(plan: Plan, ctx: RenderContext) -> str:
    """A readable plan for the terminal, at most 80 columns wide."""
    first = plan.weeks[0] if plan.weeks else None
    days = ", ".join(s.day for s in first.sessions) if first else ""
    start = first.sessions[0].date.isoformat() if first and first.sessions else ""
    lines = [
        _c(ctx, "1", f"Strength plan: {count_of(len(plan.weeks), 'week')}, {count_of(len(first.sessions) if first else 0, 'session')} a week ({days})"),
        *_wrap(f"Starts {start}. * = your target areas. " + rir_legend(_exercises(plan)), ""),
        "",
    ]
    lines.extend(_notices(plan, ctx))
    shown_deload = False
    for week in plan.weeks:
        lines.append("")
        title = f"Week {week.number}" + (" (deload: lighter week)" if week.deload else "")
        full = week.number == 1 or ctx.explain or (week.deload and not shown_deload)
        shown_deload = shown_deload or week.deload
        if not full:
            # Later weeks repeat week 1's exercises; say only what changes.
            dates = ", ".join(f"{s.day.capitalize()} {s.date.isoformat()}" for s in week.sessions)
            lines.append(_c(ctx, "1;36", title) + f": {dates}")
            change = _week_change(week)
            if change:
                lines.extend(_wrap(f"same exercises, {change}", "    ", "  "))
            continue
        lines.append(_c(ctx, "1;36", title))
        for s in week.sessions:
            lines.extend(_session_lines(s, ctx, detail=week.number == 1 or ctx.explain))
        for note in _progression_notes(week):
            lines.extend(_wrap(f"progression: {note}", "    ", "  "))
    a = plan.aerobic
    lines.append("")
    lines.append(_c(ctx, "1", "Aerobic activity"))
    lines.extend(_wrap(a.text, "  "))
    if plan.swaps:
        lines.append("")
        lines.append(_c(ctx, "1", "Swapped for safety"))
        for sw in plan.swaps:
            lines.extend(_wrap(f"{sw.replacement_name} instead of {sw.excluded_name} ({', '.join(sw.tags)}; rule {', '.join(sw.because)})", "    ", "  - "))
    if ctx.explain and ctx.explanation:
        lines.append("")
        lines.append(_c(ctx, "1", "Why these values"))
        for line in ctx.explanation:
            lines.extend(_wrap(line, "      ", "  "))
    lines.append("")
    lines.append("This plan is general guidance, not medical advice.")
    return "\n".join(lines) + "\n"


#: Markdown's punctuation, escaped in every text that comes from rules,
#: packs or a plan read from a file (whose days and tags may be any
#: string), so each stays literal text: never markup, raw HTML, a link or
#: a table cell break.  Line breaks become spaces, so a multi-line notice
#: stays inside its quote.
_MD_ESCAPES = str.maketrans({**{c: "\\" + c for c in "\\`*_[]<>&#|~"}, "\n": " ", "\r": " ", "\t": " "})


def _md(text: str) -> str:
    return text.translate(_MD_ESCAPES)


def _md_rows(s: Session, ctx: RenderContext) -> Iterable[str]:
    yield f"### {_md(s.day.capitalize())} {s.date.isoformat()} ({s.minutes} min, {s.warmup_minutes} min warm-up)"
    yield ""
    yield "| # | Exercise | Sets x reps | RIR | Rest | Why |"
    yield "|---|---|---|---|---|---|"
    for n, e in enumerate(s.exercises, start=1):
        name = f"**{_md(e.name)}**" if e.target else _md(e.name)
        reps = f"{e.reps[0]}-{e.reps[1]}{' s' if e.unit == 'seconds' else ''}"
        yield f"| {n} | {name} | {e.sets} x {reps} | {e.rir} | {e.rest_seconds}s | {_md(_why(e, ctx))} |"
    yield ""


def render_markdown(plan: Plan, ctx: RenderContext) -> str:
    """The plan as a Markdown document."""
    out = ["# Strength plan", ""]
    for n in plan.notices:
        prefix = "**Important:** " if n.level == "critical" else ""
        out.append(f"> {prefix}{_md(n.text)}")
        out.append(">")
    if plan.notices:
        out.pop()
    out.append("")
    out.append("**Bold** = your target areas. " + rir_legend(_exercises(plan)))
    out.append("")
    for week in plan.weeks:
        out.append(f"## Week {week.number}{' (deload)' if week.deload else ''}")
        out.append("")
        # Every week's tables show the same ranges; this says what to lift.
        notes = _progression_notes(week) if week.number == 1 else [_week_change(week)]
        out.extend(f"Progression: {_md(note)}\n" for note in notes if note)
        for s in week.sessions:
            out.extend(_md_rows(s, ctx))
    out.append("## Aerobic activity")
    out.append("")
    out.append(_md(plan.aerobic.text))
    out.append("")
    if plan.swaps:
        out.append("## Swapped for safety")
        out.append("")
        for sw in plan.swaps:
            out.append(f"- {_md(sw.replacement_name)} instead of {_md(sw.excluded_name)} ({_md(', '.join(sw.tags))})")
        out.append("")
    out.append("*General guidance, not medical advice.*")
    return "\n".join(out) + "\n"


def render_json(plan: Plan, ctx: RenderContext) -> str:
    """The plan as JSON (the public contract; see ``recommend schema plan``)."""
    from .json_text import dumps  # not needed for the other formats

    return dumps(plan_to_dict(plan)) + "\n"


def render_toml(plan: Plan, ctx: RenderContext) -> str:
    """The plan as TOML, written with tomli-w."""
    import tomli_w

    return tomli_w.dumps(plan_to_dict(plan))


BUILTIN_FORMATS = (
    OutputFormat("text", "readable plan for the terminal (default)", ".txt", render_text),
    OutputFormat("json", "JSON for apps (public field names)", ".json", render_json),
    OutputFormat("markdown", "Markdown document", ".md", render_markdown),
    OutputFormat("toml", "TOML document", ".toml", render_toml),
)


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    """The built-in formats."""
    return BUILTIN_FORMATS
