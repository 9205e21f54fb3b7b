"""The ``html`` output format: a printable week on one self-contained page.

The page has inline CSS only: no scripts, no fonts, images or style sheets
from anywhere, and a Content-Security-Policy that forbids loading any, so it
opens offline and prints the same everywhere.  Every piece of text is
escaped, because exercise names and notices may come from plugins.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from .formats import OutputFormat, RenderContext
from .hookspecs import hookimpl
from .plan import Plan, PlannedExercise, Session, Week
from .render import count_of, hold_reserve, progression_notes, week_summary
from .render_ics import plan_anchor
from .vocabulary import CONTRAINDICATIONS

# html.escape with quote=True, without importing the html package (and its
# table of entities) each time the tool starts.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """``text`` safe inside HTML elements and quoted attributes."""
    return text.translate(_ESCAPES)

__all__ = ["render_html"]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Sized for an A4 or Letter page at the printer's default margins: week 1
# and the warning signs on the first page, later weeks after them.
_CSS = """
:root { color-scheme: light; --ink: #1d2327; --muted: #5b6770; --line: #d5dbe0; --accent: #1f5f8b;
  --target: #e8f1f8; --crit-bg: #fdecea; --crit: #a4161a; --warn-bg: #fff6dd; --warn: #8a5a00; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 28px; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7em; margin: 0 0 2px; }
h2 { font-size: 1.2em; margin: 22px 0 8px; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 2px; }
h3 { font-size: 1.05em; margin: 0; }
.meta { color: var(--muted); margin: 0 0 12px; }
.notice { border-left: 6px solid; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.notice strong { display: block; text-transform: uppercase; font-size: .8em; letter-spacing: .04em; }
.critical { background: var(--crit-bg); border-color: var(--crit); color: var(--crit); font-weight: 600; }
.critical p, .warning p { margin: 0; color: var(--ink); font-weight: normal; }
.warning { background: var(--warn-bg); border-color: var(--warn); color: var(--warn); }
.strip { display: grid; grid-template-columns: repeat(7, 1fr); gap: 4px; list-style: none; padding: 0; margin: 0 0 12px; }
.strip li { border: 1px solid var(--line); border-radius: 4px; padding: 4px 6px; font-size: .85em; min-height: 3.6em; }
.strip li b { display: block; }
.strip .train { background: var(--accent); border-color: var(--accent); color: #fff; }
.strip .rest { color: var(--muted); }
.days { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
.day { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.day .sub { color: var(--muted); margin: 0 0 6px; font-size: .9em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8em; color: var(--muted); font-weight: 600; }
td.num, th.num { white-space: nowrap; }
tr.target td:first-child { font-weight: 600; }
tr.target { background: var(--target); }
.boxes { letter-spacing: .15em; white-space: nowrap; color: var(--muted); }
.legend { color: var(--muted); font-size: .85em; margin: 6px 0 0; }
.later td, .later th { font-size: .9em; }
.later td.dates, .later td:first-child { white-space: nowrap; }
.later tr.deload { background: #f3f3f3; font-style: italic; }
ul.info { padding-left: 1.2em; margin: 6px 0; }
ul.info li { margin: 3px 0; }
footer { margin-top: 20px; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: 6px; }
@media print {
  @page { margin: 10mm; }
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  h1 { font-size: 15pt; }
  h2 { font-size: 11pt; margin: 10px 0 4px; break-after: avoid; }
  .notice { padding: 4px 8px; margin: 4px 0; }
  .strip li { min-height: 0; padding: 2px 4px; }
  .days { grid-template-columns: repeat(2, 1fr); gap: 6px; }
  .day { padding: 6px 8px; }
  th, td { padding: 1px 4px; }
  section.later, section.aerobic, section.swaps { break-inside: avoid; }
}
"""


def _reps(e: PlannedExercise) -> str:
    span = f"{e.reps[0]}-{e.reps[1]}" if e.reps[0] != e.reps[1] else str(e.reps[0])
    return f"{span} s" if e.unit == "seconds" else span


def _rest(seconds: int) -> str:
    if seconds >= 120 and seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds}s"


def _date(d: datetime.date) -> str:
    return f"{_DAY_NAMES[d.weekday()]} {d.isoformat()}"


def _notices(plan: Plan) -> Iterator[str]:
    labels = {"critical": "Important", "warning": "Safety"}
    for n in plan.notices:
        if n.level in labels:
            role = ' role="alert"' if n.level == "critical" else ""
            yield f'<div class="notice {n.level}"{role}><strong>{labels[n.level]}</strong><p>{escape(n.text)}</p></div>'


def _strip(plan: Plan, ctx: RenderContext, week: Week) -> Iterator[str]:
    anchor = plan_anchor(plan, ctx)
    if anchor is None:
        return
    by_date = {s.date: i for i, s in enumerate(week.sessions, start=1)}
    yield '<ol class="strip" aria-label="Week 1 day by day">'
    for offset in range(7):
        d = anchor + datetime.timedelta(days=offset)
        if d in by_date:
            yield f'<li class="train"><b>{_DAY_NAMES[d.weekday()]} {d.day}</b>Session {by_date[d]}</li>'
        else:
            yield f'<li class="rest"><b>{_DAY_NAMES[d.weekday()]} {d.day}</b>rest or aerobic</li>'
    yield "</ol>"


def _session(index: int, s: Session, ctx: RenderContext) -> Iterator[str]:
    yield '<article class="day">'
    yield f"<h3>Session {index}: {escape(_date(s.date))}</h3>"
    yield f'<p class="sub">about {s.minutes} min, starting with {s.warmup_minutes} min of warm-up</p>'
    yield '<table><thead><tr><th>Exercise</th><th class="num">Sets x reps</th><th class="num">RIR</th><th class="num">Rest</th><th>Done</th></tr></thead><tbody>'
    for e in s.exercises:
        cls = ' class="target"' if e.target else ""
        mark = "\u2605 " if e.target else ""
        boxes = "\u2610" * e.sets
        title = ""
        if e.because:
            first = e.because[0]
            title = f' title="{escape(ctx.because.get(first, first))}"'
        yield (
            f'<tr{cls}><td{title}>{mark}{escape(e.name)}</td><td class="num">{e.sets} x {escape(_reps(e))}</td>'
            f'<td class="num">{e.rir}</td><td class="num">{escape(_rest(e.rest_seconds))}</td><td class="boxes">{boxes}</td></tr>'
        )
    yield "</tbody></table>"
    yield "</article>"


def _later(plan: Plan) -> Iterator[str]:
    rest = plan.weeks[1:]
    if not rest:
        return
    yield '<section class="later"><h2>The weeks after: same exercises, what changes</h2>'
    yield '<table><thead><tr><th>Week</th><th>Dates</th><th class="num">Sets</th><th class="num">Reps per set</th><th class="num">Load</th><th class="num">RIR</th><th>Note</th></tr></thead><tbody>'
    for week in rest:
        dates = ", ".join(_date(s.date) for s in week.sessions)
        summary = week_summary(week)
        cls = ' class="deload"' if week.deload else ""
        label = f"{week.number}{' (deload)' if week.deload else ''}"
        if summary is None:
            yield f'<tr{cls}><td>{label}</td><td class="dates">{escape(dates)}</td><td colspan="5"></td></tr>'
            continue
        e, reps = summary
        reps = reps if e.target_reps else _reps(e)
        yield (
            f'<tr{cls}><td>{label}</td><td class="dates">{escape(dates)}</td><td class="num">{e.sets}</td><td class="num">{escape(reps)}</td>'
            f'<td class="num">{e.load_pct}%</td><td class="num">{e.rir}</td><td>{escape(e.progression)}</td></tr>'
        )
    yield "</tbody></table>"
    yield (
        '<p class="legend">Reps per set: 9/8 means 9 reps in the first set and 8 in the second. Load is relative to the '
        "weight you chose in week 1 (100%). Deload weeks are lighter on purpose.</p>"
    )
    yield "</section>"


def render_html(plan: Plan, ctx: RenderContext) -> str:
    """The plan as one self-contained, printable HTML page."""
    first = plan.weeks[0] if plan.weeks else None
    sessions = first.sessions if first else ()
    start = _date(sessions[0].date) if sessions else ""
    days = ", ".join(_DAY_NAMES[s.date.weekday()] for s in sessions)
    title = f"Strength plan from {sessions[0].date.isoformat()}" if sessions else "Strength plan"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Strength plan</h1>",
        f'<p class="meta">{count_of(len(plan.weeks), "week")}, {count_of(len(sessions), "session")} a week ({escape(days)}), starting {escape(start)}</p>',
        "</header>",
    ]
    out.extend(_notices(plan))
    if first is not None:
        out.append(f'<section class="week"><h2>Week 1{" (deload: lighter week)" if first.deload else ""}</h2>')
        out.extend(_strip(plan, ctx, first))
        out.append('<div class="days">')
        for i, s in enumerate(sessions, start=1):
            out.extend(_session(i, s, ctx))
        out.append("</div>")
        out.append(
            '<p class="legend">\u2605 = your target areas, trained first and most. RIR = reps in reserve: '
            "stop each set with that many reps still in you, never at failure."
            f"{escape(hold_reserve(e for s in sessions for e in s.exercises))} Tick a box for each set you finish.</p>"
        )
        notes = progression_notes(e for s in sessions for e in s.exercises)
        for note in notes:
            out.append(f'<p class="legend">Progression: {escape(note)}</p>')
        out.append("</section>")
    out.extend(_later(plan))
    info = [n for n in plan.notices if n.level not in ("critical", "warning")]
    if info:
        out.append('<section class="notes"><h2>Good to know</h2><ul class="info">')
        out.extend(f"<li>{escape(n.text)}</li>" for n in info)
        out.append("</ul></section>")
    out.append(f'<section class="aerobic"><h2>Aerobic activity</h2><p>{escape(plan.aerobic.text)}</p></section>')
    if plan.swaps:
        out.append('<section class="swaps"><h2>Swapped for safety</h2><ul class="info">')
        for sw in plan.swaps:
            why = "; ".join(CONTRAINDICATIONS.get(t, t) for t in sw.tags)
            out.append(f"<li>{escape(sw.replacement_name)} instead of {escape(sw.excluded_name)} ({escape(why)})</li>")
        out.append("</ul></section>")
    out.append("<footer>This plan is general guidance, not medical advice.</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    """The printable-week format."""
    return (OutputFormat("html", "printable week: one self-contained HTML page", ".html", render_html),)
