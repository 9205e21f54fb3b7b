"""The safety property over a large random sample.

    python benchmarks/safety_sample.py [--profiles N] [--packs M] [--per-pack K] [--seed S] [--installed N]

Builds ``N`` random valid profiles against the built-in pack, and ``M`` random
packs of 1-6 exercises (alone or next to the built-in pack), each tried with
``K`` random profiles; ``--installed N`` also tries ``N`` profiles with every
installed plugin pack.  For every profile the engine must either return a plan
that its verifier finds clean, or raise ``NoSafePlanError`` /
``ScreeningRefusal`` naming the constraint; any other outcome is a failure.

Prints how many profiles got a plan, were refused by screening, or got no plan
(by constraint), and exits 1 if any plan had a violation or any other error
was raised.  The sample is seeded, so a run is reproducible.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
import traceback
from collections import Counter

from recommender import Engine
from recommender.errors import NoSafePlanError, ScreeningRefusal
from recommender.exercises import Exercise, ExercisePack
from recommender.profile import Profile, Screening
from recommender.vocabulary import (
    AREAS,
    CONDITIONS,
    CONTRAINDICATIONS,
    DAYS,
    EQUIPMENT,
    GOALS,
    INJURIES,
    LEVELS,
    MECHANICS,
    MUSCLES,
    PATTERNS,
    SCREENING_QUESTIONS,
)

TODAY = datetime.date(2026, 3, 4)


def _some(rng: random.Random, values: tuple[str, ...], p: float, most: int | None = None) -> tuple[str, ...]:
    picked = [v for v in values if rng.random() < p]
    rng.shuffle(picked)
    return tuple(picked[: most or len(picked)])


def random_screening(rng: random.Random) -> Screening:
    """Mostly all-no answers, some clearances, some random yeses."""
    roll = rng.random()
    if roll < 0.7:
        return Screening()
    if roll < 0.8:
        return Screening(medical_clearance=True)
    answers = {q: rng.random() < 0.15 for q in SCREENING_QUESTIONS}
    return Screening(**answers, medical_clearance=rng.random() < 0.5)


def random_profile(rng: random.Random) -> Profile:
    """A valid profile drawn over the whole input space."""
    days = _some(rng, DAYS, 0.45) or (rng.choice(DAYS),)
    start = None if rng.random() < 0.2 else datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(6 * 365))
    return Profile(
        age=rng.randint(18, 100),
        experience=rng.choice(LEVELS),
        goal=rng.choice(GOALS),
        days=days,
        session_minutes=rng.randint(15, 180),
        target_areas=_some(rng, AREAS, 0.15, 4),
        equipment=_some(rng, EQUIPMENT, 0.3),
        injuries=_some(rng, INJURIES, 0.12),
        conditions=_some(rng, CONDITIONS, 0.1),
        weeks=rng.randint(1, 52),
        start=start,
        screening=random_screening(rng),
    )


def random_pack(rng: random.Random, name: str = "random") -> ExercisePack:
    """A valid pack of 1-6 exercises in the shared vocabulary."""
    exercises = []
    for i in range(rng.randint(1, 6)):
        areas = AREAS if rng.random() < 0.25 else tuple(rng.sample(AREAS, rng.randint(1, 4)))
        exercises.append(
            Exercise(
                id=f"ex-{i}",
                name=f"Exercise {i}",
                areas=areas,
                muscles=tuple(rng.sample(list(MUSCLES), rng.randint(0, 3))),
                equipment=() if rng.random() < 0.6 else tuple(rng.sample(EQUIPMENT, rng.randint(1, 2))),
                level=rng.choice(LEVELS),
                pattern=rng.choice(PATTERNS),
                mechanic=rng.choice(MECHANICS),
                contraindications=() if rng.random() < 0.5 else tuple(rng.sample(list(CONTRAINDICATIONS), rng.randint(1, 3))),
                seconds_per_set=rng.randint(20, 90) if rng.random() < 0.9 else rng.randint(5, 600),
            )
        )
    return ExercisePack(name=name, exercises=tuple(exercises))


class Tally:
    """Outcomes by kind, and every failure with the input that caused it."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.constraints: Counter[str] = Counter()
        self.failures: list[str] = []

    def run(self, engine: Engine, profile: Profile, label: str) -> None:
        try:
            plan = engine.recommend(profile, today=TODAY)
        except ScreeningRefusal as exc:
            self.outcomes["refused (screening)"] += 1
            if exc.constraint != "screening" or not exc.message:
                self.failures.append(f"{label}: refusal without its constraint: {exc.line()} for {profile}")
            return
        except NoSafePlanError as exc:
            self.outcomes["no safe plan"] += 1
            constraint = exc.constraint.strip()
            self.constraints["exercises for <area>" if constraint.startswith("exercises for ") else constraint] += 1
            if not constraint or not exc.suggestion.strip() or "report this profile" in exc.suggestion:
                self.failures.append(f"{label}: {exc.line()} for {profile}")
            return
        except Exception:  # any other error is exactly what this run looks for
            self.failures.append(f"{label}: unexpected error for {profile}\n{traceback.format_exc()}")
            return
        violations = engine.verify(plan, profile, today=TODAY)
        if violations:
            self.failures.append(f"{label}: plan with violations for {profile}: " + "; ".join(v.line() for v in violations))
        self.outcomes["plan"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000, help="profiles against the built-in pack (default 10000)")
    parser.add_argument("--packs", type=int, default=1_000, help="random small packs (default 1000)")
    parser.add_argument("--per-pack", type=int, default=10, help="profiles tried with each random pack (default 10)")
    parser.add_argument("--seed", type=int, default=20260304)
    parser.add_argument("--installed", type=int, default=0, help="profiles against the installed plugin packs too (default 0)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    began = time.perf_counter()

    builtin = Tally()
    engine = Engine(plugins=False)
    for i in range(args.profiles):
        builtin.run(engine, random_profile(rng), f"built-in #{i}")

    small = Tally()
    for j in range(args.packs):
        alone = j % 2 == 0
        pack_engine = Engine(packs=[random_pack(rng)], default_pack=not alone, plugins=False)
        for k in range(args.per_pack):
            small.run(pack_engine, random_profile(rng), f"pack #{j} ({'alone' if alone else 'with built-in'}) profile #{k}")

    installed = Tally()
    if args.installed:
        with_plugins = Engine()
        for i in range(args.installed):
            installed.run(with_plugins, random_profile(rng), f"installed packs #{i}")

    seconds = time.perf_counter() - began
    total = args.profiles + args.packs * args.per_pack + args.installed
    print(f"safety sample: {total} profiles (seed {args.seed}) in {seconds:.0f} s")
    for title, tally, n in (
        (f"built-in pack, {args.profiles} profiles", builtin, args.profiles),
        (f"{args.packs} random packs of 1-6 exercises, {args.per_pack} profiles each", small, args.packs * args.per_pack),
        (f"installed plugin packs, {args.installed} profiles", installed, args.installed),
    ):
        if not n:
            continue
        print(f"\n{title}")
        for kind in ("plan", "refused (screening)", "no safe plan"):
            print(f"  {kind:<22} {tally.outcomes[kind]:>6}  ({100 * tally.outcomes[kind] / max(n, 1):.1f}%)")
        for constraint, count in sorted(tally.constraints.items(), key=lambda x: (-x[1], x[0])):
            print(f"    no plan: {constraint:<22} {count:>6}")
        print(f"  violations or other errors: {len(tally.failures)}")
    failures = builtin.failures + small.failures + installed.failures
    for line in failures[:20]:
        print(f"FAIL {line}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
