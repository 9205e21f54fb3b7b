"""Rule evaluation figures: ``RuleSet.fire`` and ``RuleSet.prescribe`` on the
shipped rules for examples/me.toml, compiling the shipped rules, and
``fire`` on synthetic rule sets of 10, 100 and 1000 rules with the fitted
growth exponent.

    python benchmarks/bench_rules.py [--quick]

``measure(quick=False)`` returns one dict per figure with the keys
``figure``, ``median``, ``min``, ``max``, ``unit``, ``target`` and ``ok``
(plus ``n`` and ``note``); ``benchmarks/run.py`` collects them.  Each sample
averages enough calls to last a few milliseconds, so a microsecond figure is
not timer-bound; the median of the samples is reported.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ME = ROOT / "examples" / "me.toml"

#: Targets: the shipped rules well under 10 us per evaluation (closures, no
#: per-call set-up); a full prescription in tens of microseconds; compiling
#: the shipped files (with their tests) once per engine in a few ms;
#: evaluation time linear in the number of rules.
TARGET_FIRE_US = 10.0
TARGET_PRESCRIBE_US = 100.0
TARGET_COMPILE_MS = 25.0
TARGET_EXPONENT = 1.15


def samples(fn: Callable[[], object], *, repeat: int, min_seconds: float) -> list[float]:
    """Seconds per call of ``fn``, ``repeat`` times, each sample averaging
    enough calls to last ``min_seconds``."""
    fn()
    loops = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        if time.perf_counter() - t0 >= min_seconds or loops >= 1 << 22:
            break
        loops *= 2
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        out.append((time.perf_counter() - t0) / loops)
    return out


def figure(name: str, secs: list[float], *, unit: str, scale: float, target: float | None, note: str = "") -> dict[str, Any]:
    values = [s * scale for s in secs]
    med = statistics.median(values)
    return {
        "figure": name,
        "median": med,
        "min": min(values),
        "max": max(values),
        "unit": unit,
        "target": f"< {target:g} {unit}" if target is not None else "",
        "ok": None if target is None else med < target,
        "n": len(values),
        "note": note,
    }


def fitted_exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log time against log size: 1.0 is linear."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def synthetic_rules(n: int) -> Any:
    """``n`` valid rules in memory with the condition shapes real rules use:
    single comparisons, set membership, ``any`` of two, ``all`` of three,
    ``not`` and a five-way ``any``."""
    from recommender.rules import RuleSource
    from recommender.vocabulary import CONDITIONS, GOALS, INJURIES, LEVELS

    shapes = [
        lambda i: f'{{ fact = "age", gte = {18 + i % 80} }}',
        lambda i: f'{{ fact = "experience", eq = "{LEVELS[i % 3]}" }}',
        lambda i: f'{{ fact = "injuries", contains = "{INJURIES[i % len(INJURIES)]}" }}',
        lambda i: f'{{ any = [ {{ fact = "goal", eq = "{GOALS[i % 3]}" }}, {{ fact = "conditions", contains = "{CONDITIONS[i % 4]}" }} ] }}',
        lambda i: (f'{{ all = [ {{ fact = "age", lt = {30 + i % 60} }}, {{ fact = "experience", ne = "{LEVELS[i % 3]}" }}, '
                   f'{{ fact = "session_minutes", gte = {15 + i % 100} }} ] }}'),
        lambda i: f'{{ not = {{ fact = "days_available", in = [{1 + i % 7}] }} }}',
        lambda i: "{ any = [ " + ", ".join(f'{{ fact = "age", eq = {20 + (i + k) % 70} }}' for k in range(5)) + " ] }",
    ]
    text = "\n".join(
        f'[[rule]]\nid = "bench.r{i:05d}"\nwhen = {shapes[i % len(shapes)](i)}\nnotice = "n"\nbecause = "b"\nsource = "s"\n'
        for i in range(n)
    )
    return RuleSource(f"synthetic-{n}.toml", text)


def measure(quick: bool = False) -> list[dict[str, Any]]:
    """Every rule figure, as a list of dicts."""
    from recommender.facts import facts_from_profile
    from recommender.profile import load_profile
    from recommender.rules import load_rule_sources, shipped_rule_sources

    repeat = 5 if quick else 31
    min_s = 0.002 if quick else 0.02
    facts = facts_from_profile(load_profile(ME))
    shipped = shipped_rule_sources()
    rules = load_rule_sources([("shipped", shipped)])
    count = len(rules)
    figs = [
        figure("rules: fire, shipped rules, examples/me.toml", samples(lambda: rules.fire(facts), repeat=repeat, min_seconds=min_s),
               unit="us", scale=1e6, target=TARGET_FIRE_US, note=f"{count} rules, {len(rules.fire(facts))} fire"),
        figure("rules: prescribe, shipped rules, examples/me.toml", samples(lambda: rules.prescribe(facts), repeat=repeat, min_seconds=min_s),
               unit="us", scale=1e6, target=TARGET_PRESCRIBE_US, note="fire, merge and explain every value"),
        figure("rules: compile the shipped rule files", samples(lambda: load_rule_sources([("shipped", shipped)]), repeat=max(3, repeat // 3), min_seconds=min_s),
               unit="ms", scale=1e3, target=TARGET_COMPILE_MS, note=f"{len(shipped)} files: checked rules from the cache, compiled (once per engine)"),
    ]
    saved = os.environ.get("RECOMMENDER_NO_CACHE")
    os.environ["RECOMMENDER_NO_CACHE"] = "1"
    try:
        figs.append(figure("rules: compile the shipped rule files, no cache",
                           samples(lambda: load_rule_sources([("shipped", shipped)]), repeat=max(3, repeat // 3), min_seconds=min_s),
                           unit="ms", scale=1e3, target=TARGET_COMPILE_MS, note="parsed, linted and compiled every time"))
    finally:
        if saved is None:
            del os.environ["RECOMMENDER_NO_CACHE"]
        else:
            os.environ["RECOMMENDER_NO_CACHE"] = saved
    sizes = [10, 100] if quick else [10, 100, 1000]
    fastest = []
    for n in sizes:
        synthetic = load_rule_sources([("user", [synthetic_rules(n)])])
        fig = figure(f"rules: fire, {n} synthetic rules", samples(functools.partial(synthetic.fire, facts), repeat=repeat, min_seconds=min_s),
                     unit="us", scale=1e6, target=None, note=f"{len(synthetic.fire(facts))} fire")
        fastest.append(fig["min"])
        figs.append(fig)
    # Fitted on each size's fastest sample: on a busy machine the medians
    # carry the load's noise, the minimums the cost of the work itself.
    k = fitted_exponent(sizes, fastest)
    figs.append({"figure": "rules: fire growth exponent (rule count)", "median": k, "min": k, "max": k, "unit": "",
                 "target": f"<= {TARGET_EXPONENT:g}", "ok": k <= TARGET_EXPONENT, "n": 1,
                 "note": "least-squares slope of log (fastest sample) against log rule count; 1.0 is linear"})
    return figs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rule evaluation figures.")
    parser.add_argument("--quick", action="store_true", help="few repetitions, sizes 10 and 100 only")
    args = parser.parse_args(argv)
    for f in measure(args.quick):
        value = f"{f['median']:.3g}" if f["unit"] == "" else f"{f['median']:9.2f} {f['unit']}"
        verdict = "" if f["ok"] is None else ("ok" if f["ok"] else "ABOVE TARGET")
        print(f"{f['figure']:<52} {value:>12}  (min {f['min']:.2f}, max {f['max']:.2f})  {f['target']:<10} {verdict}  {f['note']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
