"""One Engine shared by many threads gives exactly what a sequential run
gives, and engines built with different rules do not affect each other."""

from __future__ import annotations

import datetime
import functools
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest

from recommender import Engine, Profile, RecommenderError, RuleSource, profile_from_dict
from recommender.vocabulary import AREAS, CONDITIONS, DAYS, EQUIPMENT, GOALS, INJURIES, LEVELS, SCREENING_QUESTIONS

T = TypeVar("T")
TODAY = datetime.date(2026, 11, 25)
THREADS = 8

# An application's own rule: longer rests for everyone (the user layer wins).
LONG_REST = RuleSource(
    "app-rules.toml",
    """\
[[rule]]
id = "app.long-rest"
set = { rest_seconds = 150 }
because = "This app prescribes longer rests."
source = "the app's coaching guide"
""",
)


def _profiles(n: int, seed: int = 8) -> list[Profile]:
    """``n`` varied, valid profiles; some are refused by screening or have no safe plan."""
    rng = random.Random(seed)

    def some(values: Sequence[str], most: int) -> list[str]:
        return rng.sample(list(values), rng.randint(0, most))

    out = []
    for _ in range(n):
        data = {
            "age": rng.randint(18, 100),
            "experience": rng.choice(LEVELS),
            "goal": rng.choice(GOALS),
            "days": sorted(rng.sample(DAYS, rng.randint(2, 7)), key=DAYS.index),
            "session_minutes": rng.choice((20, 45, 60, 60, 75, 90, 120, 180)),
            "target_areas": some(AREAS, 3),
            "equipment": some(EQUIPMENT, 5),
            "injuries": some(INJURIES, 2),
            "conditions": some(CONDITIONS, 1) if rng.random() < 0.3 else [],
            "weeks": rng.randint(1, 8),
            "start": (datetime.date(2026, 12, 7) + datetime.timedelta(days=rng.randint(0, 400))).isoformat(),
            "screening": {q: True for q in rng.sample(list(SCREENING_QUESTIONS), 1)} if rng.random() < 0.05 else {},
        }
        out.append(profile_from_dict(data))
    return out


PROFILES = _profiles(1000)


def _result(engine: Engine, profile: Profile) -> str:
    """The JSON a caller would get, or the error line it would see."""
    try:
        return engine.render(engine.recommend(profile, today=TODAY), "json", profile=profile)
    except RecommenderError as exc:
        return f"{type(exc).__name__}: {exc.line()}"


def _threaded(jobs: Sequence[Callable[[], T]]) -> list[T]:
    # The barrier releases all threads at once so their work overlaps.
    barrier = threading.Barrier(THREADS)

    def start(_: int) -> None:
        barrier.wait()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(start, range(THREADS)))
        return list(pool.map(lambda job: job(), jobs))


@pytest.fixture(scope="module", name="shared")
def _shared() -> Engine:
    return Engine(plugins=False)


@pytest.fixture(scope="module", name="sequential")
def _sequential(shared: Engine) -> list[str]:
    return [_result(shared, p) for p in PROFILES]


def test_generated_profiles_cover_plans_and_refusals(sequential: list[str]) -> None:
    """The 1,000 profiles include plans, refusals and varied prescriptions, so the comparison means something."""
    assert sum(r.startswith("{") for r in sequential) > 600
    assert any(r.startswith("ScreeningRefusal") for r in sequential)
    assert any(r.startswith("NoSafePlanError") for r in sequential)
    assert len(set(sequential)) > 600


def test_eight_threads_sharing_one_engine_match_a_sequential_run(shared: Engine, sequential: list[str]) -> None:
    """8 threads planning 1,000 profiles on one Engine give exactly the sequential results, byte for byte."""
    threaded = _threaded([functools.partial(_result, shared, p) for p in PROFILES])
    assert threaded == sequential


def test_engines_with_different_rules_do_not_affect_each_other(shared: Engine, sequential: list[str]) -> None:
    """An engine with an extra rule and one without, used from the same threads, each give their own results."""
    custom = Engine(plugins=False, rules=[LONG_REST])
    sample = PROFILES[:300]
    alone_shared = sequential[:300]
    alone_custom = [_result(custom, p) for p in sample]
    # Interleave the two engines' calls across the threads.
    jobs: list[Callable[[], str]] = []
    for p in sample:
        jobs += [functools.partial(_result, shared, p), functools.partial(_result, custom, p)]
    mixed = _threaded(jobs)
    assert mixed[0::2] == alone_shared
    assert mixed[1::2] == alone_custom
    assert alone_custom != alone_shared
    assert any('"rest_seconds": 150' in r for r in alone_custom)
    assert not any('"rest_seconds": 150' in r for r in alone_shared)
    assert shared.rules.get("app.long-rest") is None
    assert custom.rules.get("app.long-rest") is not None


def test_engines_built_concurrently_are_equal_and_independent() -> None:
    """Engines built at the same time in 8 threads plan identically and share no rule set or catalog object."""
    engines = _threaded([lambda: Engine(plugins=False) for _ in range(THREADS)])
    outputs = {_result(e, PROFILES[0]) for e in engines}
    assert len(outputs) == 1
    assert len({id(e.rules) for e in engines}) == THREADS
    assert len({id(e.catalog) for e in engines}) == THREADS
