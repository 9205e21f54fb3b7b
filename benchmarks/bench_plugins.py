"""What installed plugins cost at start-up.

Creates 50 dummy exercise-pack distributions (a module and a ``.dist-info``
folder with ``METADATA``, ``entry_points.txt`` and ``RECORD`` each, as pip
would install them) in a temporary folder and times ``recommend --profile
examples/me.toml`` in fresh processes with that folder on ``PYTHONPATH`` and
with an empty folder there instead (an installed pack adds no ``sys.path``
entry, so the figure leaves out the cost of one).  Runs are paired and
interleaved, so both see the same machine load; the figure is the median of
the per-pair differences, with its 95% interval in the note.  With the
plugins present every one of them is discovered, answered (imported on the
first run, from the plugin cache after that, as for anyone who has run the
tool before; the cache lives in the temporary folder), validated, and its
exercises take part in planning, so the figure is the whole cost of 50
packs.  The same 50 packs without ``RECORD`` (as an editable install leaves
them) are always imported: that figure is the cost without the cache.  A
last figure does the same for the three example plugins in ``plugins/``,
installed as pip would.

``measure(quick=False)`` returns one dict per figure with the keys
``figure``, ``median``, ``min``, ``max``, ``unit``, ``target`` and ``ok``
(``benchmarks/run.py`` imports it); ``python benchmarks/bench_plugins.py``
prints a table.
"""

from __future__ import annotations

import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ME = ROOT / "examples" / "me.toml"
PACKS = 50
EXERCISES_PER_PACK = 8
TARGET_MS = 5.0

# Varied enough that the selector has real choices in every area.
_TEMPLATES = (
    ("split-squat", ("legs", "glutes"), "lunge", (), ("knee_loaded_flexion", "balance_single_leg")),
    ("hip-thrust", ("glutes",), "bridge", ("bench",), ("supine",)),
    ("band-row", ("back",), "pull_horizontal", ("resistance_band",), ()),
    ("incline-push-up", ("chest",), "push_horizontal", (), ("wrist_loaded_extension",)),
    ("band-press", ("shoulders",), "push_vertical", ("resistance_band",), ("shoulder_overhead",)),
    ("dumbbell-curl", ("arms",), "elbow_flexion", ("dumbbells",), ()),
    ("side-plank", ("core",), "anti_rotation", (), ("breath_hold",)),
    ("calf-raise", ("legs",), "calf_raise", (), ()),
)


def _module_source(n: int) -> str:
    lines = [
        f'"""Benchmark pack {n}."""',
        "from recommender import Exercise, ExercisePack, hookimpl",
        "",
        "PACK = ExercisePack(",
        f'    name="bench-{n:02d}",',
        "    exercises=(",
    ]
    for i in range(EXERCISES_PER_PACK):
        slug, areas, pattern, gear, tags = _TEMPLATES[i % len(_TEMPLATES)]
        lines.append(
            f'        Exercise(id="bench-{n:02d}-{slug}-{i}", name="Bench {n} {slug} {i}", areas={areas!r}, '
            f"equipment={gear!r}, pattern={pattern!r}, contraindications={tags!r}),"
        )
    lines += [
        "    ),",
        ")",
        "",
        "",
        "@hookimpl",
        "def recommender_exercise_packs():",
        "    return (PACK,)",
        "",
    ]
    return "\n".join(lines)


def make_distributions(folder: Path, count: int = PACKS, *, record: bool = True) -> None:
    """Write ``count`` installed-looking pack distributions into ``folder``:
    a module and a ``.dist-info`` folder with ``METADATA``,
    ``entry_points.txt`` and (unless ``record`` is false, as for an editable
    or hand-made install) the ``RECORD`` every installer writes."""
    for n in range(count):
        module = f"recommender_bench_pack_{n:02d}"
        info = folder / f"{module}-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: recommender-bench-pack-{n:02d}\nVersion: 1.0\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(f"[recommender]\nbench-{n:02d} = {module}\n", encoding="utf-8")
        (folder / f"{module}.py").write_text(_module_source(n), encoding="utf-8")
        if record:
            lines = [f"{module}.py,,", *(f"{info.name}/{f},," for f in ("METADATA", "entry_points.txt", "RECORD"))]
            (info / "RECORD").write_text("\n".join(lines) + "\n", encoding="utf-8")


def example_plugins(folder: Path, *, installed: bool = True) -> str:
    """Make the example plugins in ``plugins/`` importable as installed
    distributions and return the PYTHONPATH that puts them first.

    ``installed`` copies each package into ``folder`` next to a
    ``.dist-info`` folder with its ``RECORD``, as ``pip install`` does;
    otherwise the modules stay in their ``src`` folders (as an editable
    install leaves them) and only the ``.dist-info`` folders are written."""
    import shutil
    import tomllib

    entries = [str(folder)]
    for project in sorted((ROOT / "plugins").iterdir()):
        pyproject = project / "pyproject.toml"
        if not pyproject.is_file():
            continue
        meta = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        eps = meta.get("entry-points", {}).get("recommender", {})
        info = folder / f"{meta['name'].replace('-', '_')}-{meta['version']}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n", encoding="utf-8")
        (info / "entry_points.txt").write_text("[recommender]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()), encoding="utf-8")
        if not installed:
            entries.append(str(project / "src"))
            continue
        files: list[str] = []
        for package in sorted((project / "src").iterdir()):
            if package.is_dir() and (package / "__init__.py").is_file():
                shutil.copytree(package, folder / package.name, ignore=shutil.ignore_patterns("__pycache__"))
                files += [p.relative_to(folder).as_posix() for p in sorted((folder / package.name).rglob("*")) if p.is_file()]
        files += [f"{info.name}/{f}" for f in ("METADATA", "entry_points.txt", "RECORD")]
        (info / "RECORD").write_text("".join(f"{f},,\n" for f in files), encoding="utf-8")
    return os.pathsep.join(entries)


def _env(pythonpath: str | None, cache: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("RECOMMENDER_")}
    env.pop("PYTHONPATH", None)
    if cache is not None:
        env["RECOMMENDER_CACHE_DIR"] = str(cache)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def _time(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed * 1000, cpu * 1000


def paired(argv: Sequence[str], with_env: dict[str, str], without_env: dict[str, str], repeat: int) -> tuple[list[float], list[float], list[float]]:
    """Wall times in ms with and without, alternating which of each pair
    runs first, and the per-pair difference in CPU time."""
    for env in (with_env, without_env, with_env, without_env):  # warm page cache and bytecode
        _time(argv, env)
    a: list[float] = []
    b: list[float] = []
    cpu: list[float] = []
    for i in range(repeat):
        if i % 2:
            (wb, cb), (wa, ca) = _time(argv, without_env), _time(argv, with_env)
        else:
            (wa, ca), (wb, cb) = _time(argv, with_env), _time(argv, without_env)
        a.append(wa)
        b.append(wb)
        cpu.append(ca - cb)
    return a, b, cpu


def median_interval(values: Sequence[float]) -> tuple[float, float] | None:
    """A 95% confidence interval for the median of ``values``, from their
    order statistics (no assumption about their distribution); None for
    fewer than 6 values, which cannot give one."""
    n = len(values)
    if n < 6:
        return None
    ordered = sorted(values)
    half = 0.98 * n**0.5  # 1.96 standard deviations of Binomial(n, 1/2)
    # The j-th and k-th smallest (counting from 1), as tables of the sign test give them.
    j = max(1, math.floor(n / 2 - half))
    k = min(n, math.ceil(1 + n / 2 + half))
    return ordered[j - 1], ordered[k - 1]


def _spread(diffs: Sequence[float]) -> str:
    """The pair count and the 95% interval of the median, for a note."""
    interval = median_interval(diffs)
    spread = f"95% interval of the median {interval[0]:.1f} to {interval[1]:.1f} ms" if interval else "too few pairs for an interval"
    return f"{len(diffs)} pairs, {spread}"


def _figure(name: str, values: list[float], unit: str, target: float | None, note: str = "") -> dict[str, Any]:
    median = statistics.median(values)
    return {
        "figure": name,
        "median": round(median, 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "unit": unit,
        "target": f"< {target:g} {unit}" if target is not None else "",
        "ok": None if target is None else median < target,
        "n": len(values),
        "note": note,
    }


def measure(quick: bool = False) -> list[dict[str, Any]]:
    """Start-up cost of 50 installed packs and of the example plugins, and
    discovery alone."""
    repeat = 3 if quick else 41
    # Single runs on a shared machine spread over tens of milliseconds, and
    # the target is 5 ms: 41 pairs left the median uncertain by about 6 ms
    # either way, 201 by about 3 (the notes give the interval of each run).
    repeat_packs = 3 if quick else 201
    recommend = [sys.executable, "-m", "recommender"]
    out = []
    with tempfile.TemporaryDirectory(prefix="recommender-bench-plugins-") as tmp:
        cache = Path(tmp) / "cache"
        folder = Path(tmp) / "packs"
        make_distributions(folder)
        # pip installs packs into site-packages, which adds no sys.path
        # entry; the packs here need one, so the run without them gets an
        # empty folder in the same place, and the difference is the packs'.
        empty = Path(tmp) / "no-packs"
        empty.mkdir()
        with_env, without_env = _env(str(folder), cache), _env(str(empty), cache)
        plan_with, plan_without, plan_cpu = paired([*recommend, "--profile", str(ME)], with_env, without_env, repeat_packs)
        diffs = [a - b for a, b in zip(plan_with, plan_without, strict=True)]
        out.append(_figure(f"plugins: recommend --profile with {PACKS} packs installed, minus without", diffs, "ms", TARGET_MS,
                           note=f"{PACKS} packs of {EXERCISES_PER_PACK} exercises, each answered from the plugin cache, validated and "
                                f"used in planning; {_spread(diffs)}; "
                                f"median without {statistics.median(plan_without):.1f} ms; CPU time difference "
                                f"{statistics.median(plan_cpu):.1f} ms"))
        editable = Path(tmp) / "editable"
        make_distributions(editable, record=False)
        # An editable install does add a sys.path entry, so this one is
        # compared with a run without any.
        ed_with, ed_without, ed_cpu = paired([*recommend, "--profile", str(ME)], _env(str(editable), cache), _env(None, cache), repeat)
        out.append(_figure(f"plugins: recommend --profile with {PACKS} packs without RECORD (always imported), minus without",
                           [a - b for a, b in zip(ed_with, ed_without, strict=True)], "ms", None,
                           note=f"as an editable install leaves them: each imported, registered, called, validated and used in "
                                f"planning on every run; CPU time difference {statistics.median(ed_cpu):.1f} ms"))
        help_with, help_without, help_cpu = paired([*recommend, "--help"], with_env, without_env, repeat)
        out.append(_figure(f"plugins: recommend --help with {PACKS} packs installed, minus without",
                           [a - b for a, b in zip(help_with, help_without, strict=True)], "ms", TARGET_MS,
                           note=f"--help never discovers or imports plugins; CPU time difference {statistics.median(help_cpu):.1f} ms"))
        path = example_plugins(Path(tmp) / "examples")
        ex_env = _env(path, cache)
        # As many pairs as the 50 packs get: this figure, too, is a few
        # milliseconds measured against the same target.
        ex_with, ex_without, ex_cpu = paired([*recommend, "--profile", str(ME)], ex_env, {**ex_env, "RECOMMENDER_NO_PLUGINS": "1"}, repeat_packs)
        ex_diffs = [a - b for a, b in zip(ex_with, ex_without, strict=True)]
        out.append(_figure("plugins: recommend --profile with the three example plugins, minus --no-plugins", ex_diffs, "ms", TARGET_MS,
                           note="free-exercise-db (596 exercises), home-kettlebell (40), pack-template (4) from plugins/, installed; "
                                f"{_spread(ex_diffs)}; median with --no-plugins {statistics.median(ex_without):.1f} ms; "
                                f"CPU time difference {statistics.median(ex_cpu):.1f} ms"))
        code = (
            "import sys, time, statistics\n"
            "from recommender.plugins import discover\n"
            "discover()\n"
            "s = []\n"
            "for _ in range(200):\n"
            "    t = time.perf_counter(); discover(); s.append((time.perf_counter() - t) * 1000)\n"
            "print(statistics.median(s), min(s), max(s), len(discover()), len(sys.path))\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=with_env, cwd=ROOT, check=True)
        med, lo, hi, found, entries = done.stdout.split()
        out.append({
            "figure": f"plugins: discovery over sys.path with {PACKS} packs installed",
            "median": round(float(med), 3), "min": round(float(lo), 3), "max": round(float(hi), 3),
            "unit": "ms", "target": "", "ok": None, "n": 200,
            "note": f"{found} entry points in {entries} sys.path entries; discover() reads every entry_points.txt and imports "
                    "nothing (start-up reads only the ones the plugin cache has not seen)",
        })
    return out


def main() -> int:
    """Print the figures as a table."""
    quick = "--quick" in sys.argv[1:]
    for f in measure(quick=quick):
        verdict = "-" if f["ok"] is None else ("ok" if f["ok"] else "ABOVE TARGET")
        print(f"{f['figure']}: median {f['median']:.2f} {f['unit']} (min {f['min']:.2f}, max {f['max']:.2f}; target {f['target']}) {verdict}")
        if f.get("note"):
            print(f"    {f['note']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
