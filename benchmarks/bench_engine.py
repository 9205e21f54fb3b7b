"""In-process engine figures: plan time with the built-in and the
free-exercise-db packs, rule evaluation, and growth with synthetic packs and
rule sets.

``measure(quick=False)`` returns one dict per figure (see ``benchmarks/run.py``
for the shape); ``python benchmarks/bench_engine.py [--quick]`` prints them as
JSON.  Times are medians of many calls on a warm engine: the engine is built
once per process, as an application or a batch worker does.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ME = ROOT / "examples" / "me.toml"


def timeit(fn: Callable[[], object], *, repeat: int, min_seconds: float = 0.0) -> list[float]:
    """Seconds per call of ``fn``: ``repeat`` samples, each averaging enough
    calls to last ``min_seconds`` (so fast calls are not timer-bound)."""
    fn()  # warm caches (cattrs hooks, attrs classes) outside the samples
    loops = 1
    if min_seconds > 0:
        while True:
            t0 = time.perf_counter()
            for _ in range(loops):
                fn()
            if time.perf_counter() - t0 >= min_seconds or loops >= 1 << 20:
                break
            loops *= 2
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - t0) / loops)
    return samples


def fitted_exponent(sizes: list[int], times: list[float]) -> float:
    """Slope of the least-squares line through (log size, log time): 1.0 is
    linear growth, 2.0 quadratic."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def figure(name: str, samples: list[float], *, unit: str, scale: float, target: float | None, note: str = "", group: str = "engine") -> dict[str, Any]:
    """A timing figure in ``unit`` (``scale`` converts seconds to it)."""
    values = [s * scale for s in samples]
    med = statistics.median(values)
    return {
        "name": name,
        "group": group,
        "unit": unit,
        "median": med,
        "min": min(values),
        "max": max(values),
        "n": len(values),
        "target": f"< {target:g} {unit}" if target is not None else "",
        "pass": None if target is None else med < target,
        "note": note,
    }


def value_figure(name: str, value: float, *, unit: str, target: str, ok: bool | None, note: str = "", group: str = "growth") -> dict[str, Any]:
    """A single derived value (a fitted exponent, a ratio)."""
    return {"name": name, "group": group, "unit": unit, "median": value, "min": value, "max": value, "n": 1,
            "target": target, "pass": ok, "note": note}


# -- synthetic inputs --------------------------------------------------------

def synthetic_pack(n: int, name: str = "synthetic") -> Any:
    """A valid pack of ``n`` exercises spread over every area, level,
    pattern and most equipment, with some contraindication tags."""
    from recommender import Exercise, ExercisePack
    from recommender.vocabulary import AREAS, CONTRAINDICATIONS, EQUIPMENT, LEVELS, MECHANICS, MUSCLE_AREA, PATTERNS

    rng = random.Random(n)
    tags = list(CONTRAINDICATIONS)
    gear = [e for e in EQUIPMENT if e != "bodyweight"]
    by_area = {a: [m for m, area in MUSCLE_AREA.items() if area == a] for a in AREAS}
    out = []
    for i in range(n):
        first = AREAS[i % len(AREAS)]
        areas = (first,) if i % 3 else (first, AREAS[(i + 2) % len(AREAS)])
        out.append(Exercise(
            id=f"syn-{i:05d}",
            name=f"Synthetic exercise {i}",
            areas=areas,
            muscles=tuple(m for a in areas for m in by_area[a][:2]),
            equipment=() if i % 4 == 0 else tuple(sorted(rng.sample(gear, 1 + i % 2))),
            level=LEVELS[i % len(LEVELS)],
            pattern=PATTERNS[i % len(PATTERNS)],
            mechanic=MECHANICS[i % len(MECHANICS)],
            contraindications=tuple(sorted(rng.sample(tags, i % 3))),
            seconds_per_set=30 + 5 * (i % 9),
        ))
    return ExercisePack(name=name, exercises=tuple(out), title="Synthetic", version="1")


def synthetic_rules(n: int) -> Any:
    """A rule file of ``n`` valid, mutually consistent rules: conditions on
    several facts, caps and floors that never contradict, a few notices."""
    from recommender import RuleSource

    # (fact, operator, lowest value, how many values): each rule's value cycles.
    facts = [("age", "gte", 18, 70), ("session_minutes", "gte", 15, 100), ("days_available", "lte", 1, 7), ("weeks", "gte", 1, 40)]
    parts = []
    for i in range(n):
        fact, op, low, span = facts[i % len(facts)]
        when = f'{{ fact = "{fact}", {op} = {low + i % span} }}'
        if i % 5 == 0:
            when = f'{{ all = [{when}, {{ fact = "experience", ne = "advanced" }}] }}'
        effect = "cap = { session_minutes = 180 }" if i % 2 else "floor = { rest_seconds = 30 }"
        parts.append(
            f'[[rule]]\nid = "synthetic.r{i:05d}"\nbecause = "synthetic rule {i}"\nsource = "benchmark"\n'
            f"when = {when}\n{effect}\n"
        )
    return RuleSource(f"synthetic-{n}.toml", "\n".join(parts))


# -- figures -----------------------------------------------------------------

def _profile(weeks: int = 12) -> Any:
    import attrs

    from recommender import load_profile

    return attrs.evolve(load_profile(ME), weeks=weeks)


def _free_exercise_db() -> Any | None:
    try:
        import recommender_free_exercise_db as fedb
    except ImportError:
        return None
    return fedb


def plan_figures(quick: bool) -> list[dict[str, Any]]:
    """12-week plans for examples/me.toml, built-in pack and free-exercise-db."""
    from recommender import Engine

    repeat = 5 if quick else 31
    min_s = 0.002 if quick else 0.05
    profile = _profile(12)
    out = []
    engine = Engine(plugins=False)
    out.append(figure("engine: 12-week plan, built-in pack", timeit(lambda: engine.recommend(profile), repeat=repeat, min_seconds=min_s),
                      unit="ms", scale=1e3, target=1.0, note="examples/me.toml, weeks = 12, verified"))
    # Rendering has no target of its own; it is part of every command-line
    # plan and of each plan a batch writes.
    plan = engine.recommend(profile)
    for fmt in ("text", "json"):
        out.append(figure(f"render: that plan as {fmt}", timeit(lambda fmt=fmt: engine.render(plan, fmt), repeat=repeat, min_seconds=min_s),
                          unit="ms", scale=1e3, target=None, note=f"Engine.render(plan, {fmt!r})"))
    fedb = _free_exercise_db()
    if fedb is None:
        out.append({**figure("engine: 12-week plan, free-exercise-db pack", [math.nan], unit="ms", scale=1e3, target=3.0),
                    "pass": None, "note": "skipped: recommender-free-exercise-db is not installed"})
    else:
        engine2 = Engine(plugins=[fedb])
        count = sum(len(p.exercises) for p in engine2.packs)
        out.append(figure("engine: 12-week plan, free-exercise-db pack", timeit(lambda: engine2.recommend(profile), repeat=repeat, min_seconds=min_s),
                          unit="ms", scale=1e3, target=3.0, note=f"{count} exercises in all packs"))
    return out


def rules_figures(quick: bool) -> list[dict[str, Any]]:
    """Evaluating the shipped rules against one profile's facts."""
    from recommender import Engine
    from recommender.facts import facts_from_profile

    engine = Engine(plugins=False)
    facts = facts_from_profile(_profile(12))
    repeat = 5 if quick else 31
    samples = timeit(lambda: engine.rules.fire(facts), repeat=repeat, min_seconds=0.002 if quick else 0.05)
    return [figure("rules: evaluate the shipped rules", samples, unit="us", scale=1e6, target=10.0,
                   note=f"{len(engine.rules)} rules, RuleSet.fire on one profile's facts")]


def growth_figures(quick: bool) -> list[dict[str, Any]]:
    """Plan time against pack size, and rule time against rule count."""
    from recommender import Engine
    from recommender.rules import load_rule_sources, shipped_rule_sources

    sizes = [100, 1000] if quick else [100, 1000, 10000]
    repeat = 3 if quick else 15
    min_s = 0.002 if quick else 0.05
    profile = _profile(12)
    out = []
    medians = []
    for n in sizes:
        engine = Engine(plugins=False, default_pack=False, packs=[synthetic_pack(n)])
        fig = figure(f"growth: plan with {n:,} exercises", timeit(partial(engine.recommend, profile), repeat=repeat, min_seconds=min_s),
                     unit="ms", scale=1e3, target=30.0 if n == 10000 else None, group="growth")
        medians.append(fig["median"])
        out.append(fig)
    k = fitted_exponent(sizes, medians)
    out.append(value_figure("growth: plan time exponent (exercises)", k, unit="", target="<= 1.1", ok=k <= 1.1,
                            note="least-squares slope of log time against log pack size"))

    from recommender.facts import facts_from_profile

    facts = facts_from_profile(profile)
    counts = [10, 100] if quick else [10, 100, 1000]
    shipped = shipped_rule_sources()
    eval_medians, load_medians, totals = [], [], []
    for n in counts:
        extra = synthetic_rules(n)
        # Loading: the synthetic rule file alone (the shipped files come from
        # the parse cache, which would flatten the curve).
        load = timeit(partial(load_rule_sources, [("user", [extra])]), repeat=max(3, repeat // 3), min_seconds=min_s)
        rules = load_rule_sources([("shipped", shipped), ("user", [extra])])
        evaluate = timeit(partial(rules.prescribe, facts), repeat=repeat, min_seconds=min_s)
        totals.append(len(rules))
        f_eval = figure(f"growth: evaluate {len(rules):,} rules", evaluate, unit="us", scale=1e6, target=None, group="growth",
                        note=f"{n} synthetic + the shipped rules, RuleSet.prescribe")
        f_load = figure(f"growth: load {n:,} rules", load, unit="ms", scale=1e3, target=None, group="growth",
                        note="one synthetic rule file: parse, lint and compile")
        eval_medians.append(f_eval["median"])
        load_medians.append(f_load["median"])
        out += [f_eval, f_load]
    k = fitted_exponent(totals, eval_medians)
    out.append(value_figure("growth: rule evaluation exponent", k, unit="", target="<= 1.1", ok=k <= 1.1,
                            note="slope of log time against log rule count"))
    k = fitted_exponent(counts, load_medians)
    out.append(value_figure("growth: rule loading exponent", k, unit="", target="<= 1.1", ok=k <= 1.1,
                            note="slope of log time against log rule count"))
    return out


def measure(quick: bool = False) -> list[dict[str, Any]]:
    """Every in-process engine figure."""
    return plan_figures(quick) + rules_figures(quick) + growth_figures(quick)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions and small sizes")
    parser.add_argument("--only", choices=("plan", "rules", "growth"), help="one group of figures")
    args = parser.parse_args(argv)
    if args.only:
        figs = {"plan": plan_figures, "rules": rules_figures, "growth": growth_figures}[args.only](args.quick)
    else:
        figs = measure(args.quick)
    json.dump(figs, sys.stdout, allow_nan=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
