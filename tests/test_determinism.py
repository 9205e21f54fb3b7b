"""The same inputs give the same bytes: across separate runs, across
PYTHONHASHSEED values and whatever order plugins were installed in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ME = ROOT / "examples" / "me.toml"

# Every example profile through every output format (with explanations),
# plus the rule and plugin listings, with the installed plugins loaded.
EVERYTHING = """\
import datetime, sys
from pathlib import Path
from recommender import Engine, RecommenderError, load_profile
from recommender.cli import main

engine = Engine()
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    profile = load_profile(path)
    try:
        plan = engine.recommend(profile, today=datetime.date(2026, 11, 25))
    except RecommenderError as exc:
        print(exc.line())
        continue
    for name in engine.formats:
        sys.stdout.write(f"== {path.name} {name}\\n")
        sys.stdout.write(engine.render(plan, name, profile=profile, explain=True))
    print(engine.explain(profile))
sys.stdout.flush()
main(["rules", "list"])
main(["plugins", "--json"])
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECOMMENDER_", "PYTHONHASHSEED"))}
    env.update(extra)
    return env


def _run(args: list[str], **env: str) -> bytes:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, env=_env(**env), check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_two_runs_give_identical_bytes() -> None:
    """Two separate runs of the command print byte-identical plans in JSON and text."""
    for fmt in ("json", "text"):
        args = ["-m", "recommender", "--profile", str(ME), "--format", fmt, "--explain"]
        first, second = _run(args), _run(args)
        assert first == second
        assert len(first) > 1000


def test_hash_seed_does_not_change_output() -> None:
    """PYTHONHASHSEED 0, 1, 12345 and random give the same bytes for every example in every format."""
    outputs = {seed: _run(["-c", EVERYTHING, str(ROOT / "examples")], PYTHONHASHSEED=seed) for seed in ("0", "1", "12345", "random")}
    assert len(set(outputs.values())) == 1
    assert outputs["0"].count(b"== ") >= 4


# -- plugin install order --------------------------------------------------

PACK_MODULE = '''\
from recommender.exercises import Exercise, ExercisePack
from recommender.hookspecs import hookimpl

NAME = "{name}"
AREAS = ("legs", "glutes", "back", "chest", "shoulders", "arms", "core")
PATTERNS = ("squat", "bridge", "pull_horizontal", "push_horizontal", "push_vertical", "elbow_flexion", "anti_extension")


@hookimpl
def recommender_exercise_packs():
    return [ExercisePack(
        name="dummy-" + NAME,
        version="1.0",
        exercises=tuple(
            Exercise(id=f"{{NAME}}-{{area}}", name=f"{{NAME.title()}} {{area}} move", areas=(area,), pattern=pattern)
            for area, pattern in zip(AREAS, PATTERNS)
        ),
    )]
'''


def _install(site: Path, name: str) -> None:
    """Install a tiny pack distribution the way pip lays it out."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"dummy_{name}.py").write_text(PACK_MODULE.format(name=name), encoding="utf-8")
    info = site / f"dummy_{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: dummy-{name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[recommender]\n{name} = dummy_{name}\n", encoding="utf-8")


def _plan_with(pythonpath: list[Path]) -> bytes:
    args = ["-m", "recommender", "--profile", str(ME), "--format", "json"]
    return _run(args, PYTHONPATH=os.pathsep.join(str(p) for p in pythonpath))


def test_plugin_install_order_does_not_change_output(tmp_path: Path) -> None:
    """Two packs installed in either order, in one folder or two folders in either order, give the same bytes."""
    _install(tmp_path / "a-then-b", "alpha")
    _install(tmp_path / "a-then-b", "beta")
    _install(tmp_path / "b-then-a", "beta")
    _install(tmp_path / "b-then-a", "alpha")
    _install(tmp_path / "only-a", "alpha")
    _install(tmp_path / "only-b", "beta")
    outputs = [
        _plan_with([tmp_path / "a-then-b"]),
        _plan_with([tmp_path / "b-then-a"]),
        _plan_with([tmp_path / "only-a", tmp_path / "only-b"]),
        _plan_with([tmp_path / "only-b", tmp_path / "only-a"]),
    ]
    assert len(set(outputs)) == 1
    # Both packs took part, so their order could have mattered.
    assert b'"dummy-alpha"' in outputs[0]
    assert b'"dummy-beta"' in outputs[0]


@pytest.mark.parametrize("first", ["alpha", "beta"])
def test_plugin_listing_is_sorted_whatever_the_install_order(first: str, tmp_path: Path) -> None:
    """`recommend plugins` lists plugins in name order, not install order."""
    second = "beta" if first == "alpha" else "alpha"
    _install(tmp_path, first)
    _install(tmp_path, second)
    out = _run(["-m", "recommender", "plugins"], PYTHONPATH=str(tmp_path)).decode()
    names = [line.split()[0] for line in out.splitlines() if line.startswith(("alpha", "beta"))]
    assert names == ["alpha", "beta"]


@pytest.mark.parametrize("minutes", [32, 45])
def test_a_plan_does_not_depend_on_the_profiles_planned_before_it(minutes: int) -> None:
    """An engine reuses what it worked out for earlier profiles: a profile planned after another (as in batch)
    gets exactly what a fresh engine gives it, even when a rule makes holds longer for one of them."""
    from recommender import Engine, Profile, RecommenderError, RuleSource, profile_from_dict

    rule = RuleSource("holds.toml", '[[rule]]\nid = "my.long-holds"\nwhen = { fact = "age", gte = 50 }\nset = { reps_high = 15 }\n'
                                    'because = "test"\nsource = "test"\n')
    base = {"experience": "beginner", "goal": "general_fitness", "days": ["mon", "wed", "fri"], "session_minutes": minutes, "weeks": 2,
            "start": "2030-01-07"}
    younger, older = profile_from_dict({**base, "age": 40}), profile_from_dict({**base, "age": 55})

    def answer(engine: Engine, profile: Profile) -> str:
        try:
            return engine.render(engine.recommend(profile), "json")
        except RecommenderError as exc:
            return exc.line()

    for first, second in ((younger, older), (older, younger)):
        shared = Engine(plugins=False, rules=[rule])
        answer(shared, first)
        assert answer(shared, second) == answer(Engine(plugins=False, rules=[rule]), second)


def test_swaps_name_the_rules_of_the_profile_planned_not_of_an_earlier_one() -> None:
    """Swaps are reused for the same choices, but which rules left an exercise out is part of what they say: a
    profile whose knee exercises a second rule also leaves out gets that rule named, after one without it."""
    from recommender import Engine, RuleSource, profile_from_dict

    rule = RuleSource("knees.toml", '[[rule]]\nid = "my.knees"\nwhen = { fact = "age", gte = 45 }\n'
                                    'exclude = ["knee_loaded_flexion"]\nbecause = "test"\nsource = "test"\n')
    base = {"experience": "beginner", "goal": "general_fitness", "days": ["mon", "thu"], "session_minutes": 60, "injuries": ["knee"],
            "start": "2030-01-07", "weeks": 2}
    younger, older = profile_from_dict({**base, "age": 40}), profile_from_dict({**base, "age": 45})
    shared = Engine(plugins=False, rules=[rule])
    first = shared.recommend(younger).swaps
    again = shared.recommend(older).swaps
    assert again == Engine(plugins=False, rules=[rule]).recommend(older).swaps
    assert [s.excluded for s in again] == [s.excluded for s in first]  # the same choices and swaps...
    assert all(s.because == ("injury.knee", "my.knees") for s in again)  # ...for another reason
