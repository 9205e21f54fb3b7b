"""The stored results of installed plugins only ever save time.

A plugin whose installed files are unchanged is answered from the cache
without being imported; an install, an uninstall, an upgrade or an edited
file is noticed on the next run, a damaged entry is ignored, and every
plugin switch and warning works exactly as without the cache.  Each run is a
fresh interpreter, as each ``recommend`` is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recommender import Exercise, ExercisePack
from recommender.exercises import pack_from_data, pack_to_data
from recommender.packs.default import PACK

ROOT = Path(__file__).resolve().parent.parent

# Prints what one engine saw: which test plugins were imported, their packs,
# the warnings and the plugin list.  argv: "strict" and names to disable.
SCRIPT = """
import importlib, json, os, sys
for name in filter(None, os.environ.get("PRELOAD", "").split(",")):
    importlib.import_module(name)  # as an app that imports a library before its engine
from recommender import Engine
args = sys.argv[1:]
strict = "strict" in args
engine = Engine(disable_plugins=[a for a in args if a != "strict"], strict_plugins=strict)
profile_packs = [p for p in engine.packs if p.name.startswith("cachetest")]
print(json.dumps({
    "imported": sorted(m for m in sys.modules if m.startswith("recommender_cachetest")),
    "packs": {p.name: [[e.id, e.name] for e in p.exercises] for p in profile_packs},
    "warnings": list(engine.warnings),
    "plugins": [[i.name, i.version, i.status] for i in engine.plugins if i.name.startswith("cachetest")],
    "rules": [[r.id, r.layer, dict(r.set)] for r in engine.rules.rules if r.id.startswith("cachetest")],
}))
"""


def _module_text(n: str, names: tuple[str, ...], pack: str | None = None, hooks: str = "") -> str:
    exercises = "".join(
        f"    Exercise(id='cachetest-{n}-{i}', name={name!r}, areas=('legs',), pattern='lunge'),\n" for i, name in enumerate(names)
    )
    return (
        "from recommender import Exercise, ExercisePack, hookimpl\n"
        f"PACK = ExercisePack(name={pack or f'cachetest-{n}'!r}, exercises=(\n{exercises}))\n"
        "@hookimpl\n"
        "def recommender_exercise_packs():\n"
        "    return (PACK,)\n"
        f"{hooks}"
    )


def install(site: Path, n: str, *, version: str = "1.0", names: tuple[str, ...] = ("Lunge",), pack: str | None = None,
            hooks: str = "", record: bool = True) -> Path:
    """Install plugin ``cachetest-<n>`` into ``site`` as pip would: the module
    and a dist-info folder with METADATA, entry_points.txt and RECORD."""
    module = f"recommender_cachetest_{n}"
    info = site / f"{module}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: recommender-cachetest-{n}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[recommender]\ncachetest-{n} = {module}\n", encoding="utf-8")
    (site / f"{module}.py").write_text(_module_text(n, names, pack, hooks), encoding="utf-8")
    if record:
        files = [f"{module}.py", f"{info.name}/METADATA", f"{info.name}/entry_points.txt", f"{info.name}/RECORD"]
        (info / "RECORD").write_text("".join(f"{f},,\n" for f in files), encoding="utf-8")
    return info


def uninstall(site: Path, n: str) -> None:
    """Remove plugin ``cachetest-<n>`` as pip would."""
    for info in site.glob(f"recommender_cachetest_{n}-*.dist-info"):
        shutil.rmtree(info)
    (site / f"recommender_cachetest_{n}.py").unlink()


def run(site: Path | list[Path], cache: Path, *args: str, extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """One fresh engine with ``site`` on the path; what it saw."""
    sites = site if isinstance(site, list) else [site]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=os.pathsep.join(map(str, sites)), RECOMMENDER_CACHE_DIR=str(cache), PYTHONDONTWRITEBYTECODE="1")
    env.update(extra_env or {})
    proc = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    result["stderr"] = proc.stderr
    return result


@pytest.fixture(name="site")
def _site(tmp_path: Path) -> Path:
    return tmp_path / "site"


@pytest.fixture(name="cache")
def _cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("plugins-*.marshal"))


def test_second_run_uses_stored_packs_without_importing(site: Path, cache: Path) -> None:
    """An unchanged plugin is imported once; later runs get the same packs and plugin list without importing it."""
    install(site, "a", names=("Lunge", "Split squat"))
    first = run(site, cache)
    assert first["imported"] == ["recommender_cachetest_a"]
    assert len(_entries(cache)) == 1
    second = run(site, cache)
    assert second["imported"] == []
    assert {k: second[k] for k in ("packs", "warnings", "plugins")} == {k: first[k] for k in ("packs", "warnings", "plugins")}
    assert second["packs"] == {"cachetest-a": [["cachetest-a-0", "Lunge"], ["cachetest-a-1", "Split squat"]]}


def test_the_entry_is_found_whatever_the_hash_seed(site: Path, cache: Path) -> None:
    """Processes with different string-hash salts share one entry: the second is answered from it."""
    install(site, "a")
    assert run(site, cache, extra_env={"PYTHONHASHSEED": "1"})["imported"] == ["recommender_cachetest_a"]
    assert run(site, cache, extra_env={"PYTHONHASHSEED": "2"})["imported"] == []
    assert len(_entries(cache)) == 1


def test_plans_are_the_same_bytes_from_the_cache(site: Path, cache: Path, tmp_path: Path) -> None:
    """`recommend --format json` prints the same plan when the plugin's pack comes from the cache."""
    install(site, "a", names=("Lunge", "Split squat", "Step-up"))
    profile = tmp_path / "me.toml"
    profile.write_text((ROOT / "examples" / "me.toml").read_text(encoding="utf-8") + 'packs = ["default", "cachetest-a"]\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(site), RECOMMENDER_CACHE_DIR=str(cache))
    argv = [sys.executable, "-m", "recommender", "--profile", str(profile), "--format", "json"]
    outputs = [subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout for _ in range(2)]
    assert _entries(cache)
    assert outputs[0] == outputs[1] and '"pack": "cachetest-a"' in outputs[0]


def test_an_edited_file_is_noticed(site: Path, cache: Path) -> None:
    """Editing an installed module (even keeping its size) imports the plugin again and uses the new data."""
    install(site, "a", names=("Lunge",))
    run(site, cache)
    module = site / "recommender_cachetest_a.py"
    module.write_text(module.read_text(encoding="utf-8").replace("Lunge", "Lurch"), encoding="utf-8")
    edited = run(site, cache)
    assert edited["imported"] == ["recommender_cachetest_a"]
    assert edited["packs"] == {"cachetest-a": [["cachetest-a-0", "Lurch"]]}
    assert run(site, cache)["imported"] == []


def test_an_edit_that_keeps_size_and_modification_time_is_noticed(site: Path, cache: Path) -> None:
    """Editing an installed module and setting its modification time back (as `touch -r` or `cp -p` do) still imports it again."""
    install(site, "a", names=("Lunge",))
    run(site, cache)
    module = site / "recommender_cachetest_a.py"
    before = module.stat()
    module.write_text(module.read_text(encoding="utf-8").replace("Lunge", "Lurch"), encoding="utf-8")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    edited = run(site, cache)
    assert edited["imported"] == ["recommender_cachetest_a"]
    assert edited["packs"] == {"cachetest-a": [["cachetest-a-0", "Lurch"]]}


def test_a_changed_or_removed_dependency_is_noticed(site: Path, cache: Path) -> None:
    """A plugin whose pack comes from a module of another distribution is imported again when that module changes or goes."""
    install(site, "a", hooks="import cachetest_names\nPACK = ExercisePack(name='cachetest-a', exercises=tuple(\n"
            "    Exercise(id=f'cachetest-a-{i}', name=n, areas=('legs',), pattern='lunge') for i, n in enumerate(cachetest_names.NAMES)))\n")
    names = site / "cachetest_names.py"
    names.write_text("NAMES = ('Lunge',)\n", encoding="utf-8")
    assert run(site, cache)["imported"] == ["recommender_cachetest_a"]
    assert run(site, cache)["imported"] == []
    names.write_text("NAMES = ('Lunge', 'Step-up')\n", encoding="utf-8")
    changed = run(site, cache)
    assert changed["imported"] == ["recommender_cachetest_a"]
    assert changed["packs"] == {"cachetest-a": [["cachetest-a-0", "Lunge"], ["cachetest-a-1", "Step-up"]]}
    names.unlink()
    removed = run(site, cache)
    assert removed["packs"] == {} and removed["warnings"] == [
        "plugin 'cachetest-a' (recommender-cachetest-a 1.0) skipped: cannot import: ModuleNotFoundError: No module named 'cachetest_names'"
    ]


def test_a_dependency_the_app_imported_first_is_followed_too(site: Path, cache: Path) -> None:
    """When the app has imported the plugin's library before building its engine, a change to that library is
    still noticed: the plugin is imported again and its new pack used."""
    install(site, "a", hooks="import cachetest_names\nPACK = ExercisePack(name='cachetest-a', exercises=tuple(\n"
            "    Exercise(id=f'cachetest-a-{i}', name=n, areas=('legs',), pattern='lunge') for i, n in enumerate(cachetest_names.NAMES)))\n")
    names = site / "cachetest_names.py"
    names.write_text("NAMES = ('Lunge',)\n", encoding="utf-8")
    first = {"PRELOAD": "cachetest_names"}
    assert run(site, cache, extra_env=first)["imported"] == ["recommender_cachetest_a"]
    assert run(site, cache, extra_env=first)["imported"] == []
    names.write_text("NAMES = ('Lunge', 'Step-up')\n", encoding="utf-8")
    changed = run(site, cache, extra_env=first)
    assert changed["packs"] == {"cachetest-a": [["cachetest-a-0", "Lunge"], ["cachetest-a-1", "Step-up"]]}


def test_editing_the_app_s_own_module_keeps_the_stored_results(site: Path, cache: Path, tmp_path: Path) -> None:
    """A module of the app itself (in a folder of no installed distribution), imported before the engine, is no
    library a plugin's pack comes from: editing it does not make the plugins import again."""
    install(site, "a")
    app = tmp_path / "app"
    app.mkdir()
    (app / "cachetest_app.py").write_text("SETTING = 1\n", encoding="utf-8")
    env = {"PRELOAD": "cachetest_app"}
    assert run([site, app], cache, extra_env=env)["imported"] == ["recommender_cachetest_a"]
    (app / "cachetest_app.py").write_text("SETTING = 22\n", encoding="utf-8")
    assert run([site, app], cache, extra_env=env)["imported"] == []


def test_an_upgrade_is_noticed(site: Path, cache: Path) -> None:
    """Installing a new version replaces the stored packs with the new version's."""
    install(site, "a", names=("Lunge",))
    run(site, cache)
    uninstall(site, "a")
    install(site, "a", version="2.0", names=("Lunge", "Reverse lunge"))
    upgraded = run(site, cache)
    assert upgraded["imported"] == ["recommender_cachetest_a"]
    assert upgraded["plugins"] == [["cachetest-a", "2.0", "active"]]
    assert [e[1] for e in upgraded["packs"]["cachetest-a"]] == ["Lunge", "Reverse lunge"]


def test_installs_and_uninstalls_are_noticed(site: Path, cache: Path) -> None:
    """A new plugin appears on the next run, an uninstalled one disappears, and a reinstall comes back."""
    install(site, "a")
    run(site, cache)
    install(site, "b")
    both = run(site, cache)
    assert both["imported"] == ["recommender_cachetest_b"]
    assert sorted(both["packs"]) == ["cachetest-a", "cachetest-b"]
    uninstall(site, "a")
    after = run(site, cache)
    assert sorted(after["packs"]) == ["cachetest-b"] and after["plugins"] == [["cachetest-b", "1.0", "active"]]
    install(site, "a")
    assert sorted(run(site, cache)["packs"]) == ["cachetest-a", "cachetest-b"]


def test_an_edited_entry_points_file_is_noticed(site: Path, cache: Path) -> None:
    """Renaming a plugin in entry_points.txt shows the new name on the next run."""
    info = install(site, "a")
    run(site, cache)
    (info / "entry_points.txt").write_text("[recommender]\ncachetest-renamed = recommender_cachetest_a\n", encoding="utf-8")
    result = run(site, cache)
    assert result["plugins"] == [["cachetest-renamed", "1.0", "active"]]
    assert sorted(result["packs"]) == ["cachetest-a"]


def test_a_missing_installed_file_means_importing(site: Path, cache: Path) -> None:
    """When a file the RECORD lists is gone, the stored packs are not used: the plugin is imported as usual."""
    info = install(site, "a")
    run(site, cache)
    with (info / "RECORD").open("a", encoding="utf-8") as fh:
        fh.write("recommender_cachetest_a_data.json,,\n")
    assert run(site, cache)["imported"] == ["recommender_cachetest_a"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong shape"])
def test_a_damaged_entry_is_ignored_and_replaced(site: Path, cache: Path, damage: str) -> None:
    """A corrupt, truncated, empty or foreign cache entry is ignored: the plugin is imported and the entry rewritten."""
    install(site, "a", names=("Lunge",))
    reference = run(site, cache)
    (entry,) = _entries(cache)
    data = entry.read_bytes()
    if damage == "wrong shape":
        import marshal

        from recommender.cache import _checksum

        # Well formed, checksum and all, but not what the plugin cache stores.
        header, _, body = marshal.loads(data)
        text, _ = marshal.loads(body)
        body = marshal.dumps((text, {str(site / "recommender_cachetest_a-1.0.dist-info"): ("key", {"cachetest-a": 1})}))
        data = marshal.dumps((header, _checksum(body), body))
    entry.write_bytes({"garbage": b"not marshal data", "truncated": data[: len(data) // 2], "empty": b""}.get(damage, data))
    damaged = run(site, cache)
    assert damaged["imported"] == ["recommender_cachetest_a"]
    assert damaged["packs"] == reference["packs"] and damaged["warnings"] == reference["warnings"]
    assert run(site, cache)["imported"] == []


def test_an_unwritable_cache_changes_nothing(site: Path, tmp_path: Path) -> None:
    """When the cache folder cannot be made, plugins load as usual, with no warning."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    install(site, "a")
    for _ in range(2):
        result = run(site, blocker / "cache")
        assert result["imported"] == ["recommender_cachetest_a"] and result["warnings"] == [] and result["stderr"] == ""


def test_no_cache_switch_imports_every_time(site: Path, cache: Path) -> None:
    """RECOMMENDER_NO_CACHE=1 imports the plugin on every run and writes nothing."""
    install(site, "a")
    for _ in range(2):
        assert run(site, cache, extra_env={"RECOMMENDER_NO_CACHE": "1"})["imported"] == ["recommender_cachetest_a"]
    assert _entries(cache) == []


def test_disabled_plugins_are_not_used_from_the_cache(site: Path, cache: Path) -> None:
    """--disable-plugin still keeps a cached plugin out: not imported, not used, listed as disabled."""
    install(site, "a")
    install(site, "b")
    run(site, cache)
    result = run(site, cache, "cachetest-a")
    assert result["imported"] == [] and sorted(result["packs"]) == ["cachetest-b"]
    assert result["plugins"] == [["cachetest-a", "1.0", "disabled"], ["cachetest-b", "1.0", "active"]]
    assert sorted(run(site, cache)["packs"]) == ["cachetest-a", "cachetest-b"]


def test_broken_plugins_warn_on_every_run(site: Path, cache: Path) -> None:
    """A plugin whose hook raises is never stored: it is imported and gives its one warning line every time."""
    install(site, "a")
    module = site / "recommender_cachetest_a.py"
    module.write_text(module.read_text(encoding="utf-8").replace("    return (PACK,)", "    raise RuntimeError('no data')"), encoding="utf-8")
    for _ in range(2):
        result = run(site, cache)
        assert result["imported"] == ["recommender_cachetest_a"]
        assert result["warnings"] == [
            "plugin 'cachetest-a' (recommender-cachetest-a 1.0) skipped: recommender_exercise_packs raised RuntimeError: no data"
        ]


def test_clashes_are_reported_the_same_from_the_cache(site: Path, cache: Path) -> None:
    """Two cached plugins with the same pack name give the same warning line as when both were imported."""
    install(site, "a", pack="cachetest-same")
    install(site, "b", pack="cachetest-same")
    first, second = run(site, cache), run(site, cache)
    assert second["imported"] == [] and first["warnings"] == second["warnings"]
    assert second["warnings"] == [
        "plugin 'cachetest-b' (recommender-cachetest-b 1.0) skipped: pack name 'cachetest-same' is already provided by "
        "recommender-cachetest-a 1.0"
    ]


def test_one_module_under_two_plugin_names_warns_the_same_from_the_cache(site: Path, cache: Path) -> None:
    """A module named by two entry points gives the same one line on every run, whether the first name's results are stored or not."""
    info = install(site, "a")
    (info / "entry_points.txt").write_text("[recommender]\ncachetest-a = recommender_cachetest_a\ncachetest-a-old = recommender_cachetest_a\n",
                                           encoding="utf-8")
    first, second = run(site, cache), run(site, cache)
    assert second["imported"] == []
    assert first["warnings"] == second["warnings"] == [
        "plugin 'cachetest-a-old' (recommender-cachetest-a 1.0) skipped: recommender_cachetest_a is already loaded as plugin 'cachetest-a'"
    ]
    assert first["plugins"] == second["plugins"]


def test_strict_plugins_import_and_still_raise(site: Path, cache: Path) -> None:
    """With strict plugins every plugin is imported, and a clash between cached plugins is still an error."""
    install(site, "a", pack="cachetest-same")
    install(site, "b", pack="cachetest-same")
    run(site, cache)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(site), RECOMMENDER_CACHE_DIR=str(cache))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, "strict"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode != 0 and "PluginError" in proc.stderr and "already provided by recommender-cachetest-a 1.0" in proc.stderr


def test_plugins_without_record_are_always_imported(site: Path, cache: Path) -> None:
    """A distribution without a RECORD (an editable or hand-made install) is imported on every run."""
    install(site, "a", record=False)
    for _ in range(2):
        assert run(site, cache)["imported"] == ["recommender_cachetest_a"]


def test_editable_installs_with_a_pth_named_like_the_module_are_always_imported(site: Path, cache: Path, tmp_path: Path) -> None:
    """An editable install whose RECORD lists only `<module>.pth` (as flit writes it) is imported on every run, so edits to its source are seen."""
    info = install(site, "a", names=("Lunge",))
    src = tmp_path / "src"
    src.mkdir()
    (site / "recommender_cachetest_a.py").rename(src / "recommender_cachetest_a.py")
    (site / "recommender_cachetest_a.pth").write_text(f"{src}\n", encoding="utf-8")
    (info / "RECORD").write_text(f"recommender_cachetest_a.pth,,\n{info.name}/RECORD,,\n", encoding="utf-8")
    # Site folders add the .pth's folder after themselves; PYTHONPATH does not read .pth files.
    assert run([site, src], cache)["imported"] == ["recommender_cachetest_a"]
    module = src / "recommender_cachetest_a.py"
    module.write_text(module.read_text(encoding="utf-8").replace("Lunge", "Lurch"), encoding="utf-8")
    edited = run([site, src], cache)
    assert edited["imported"] == ["recommender_cachetest_a"]
    assert edited["packs"] == {"cachetest-a": [["cachetest-a-0", "Lurch"]]}


def test_a_shadowing_module_earlier_on_the_path_wins(site: Path, cache: Path, tmp_path: Path) -> None:
    """When a folder earlier on the path holds a module of the same name, that module is imported, as Python would."""
    install(site, "a", names=("Lunge",))
    run(site, cache)
    first = tmp_path / "first"
    first.mkdir()
    (first / "recommender_cachetest_a.py").write_text(_module_text("a", ("Shadow lunge",)), encoding="utf-8")
    result = run([first, site], cache)
    assert result["imported"] == ["recommender_cachetest_a"]
    assert result["packs"] == {"cachetest-a": [["cachetest-a-0", "Shadow lunge"]]}


def _rules_hook(effect: str) -> str:
    text = f'[[rule]]\nid = "cachetest.warmup"\nbecause = "A test rule."\nsource = "test"\n{effect}\n'
    return (
        "from recommender import RuleSource\n"
        f"RULES = RuleSource('cachetest.toml', {text!r})\n"
        "@hookimpl\n"
        "def recommender_rule_files():\n"
        "    return (RULES,)\n"
    )


def test_rule_files_come_from_the_cache_too(site: Path, cache: Path) -> None:
    """A plugin's rule files are stored with its packs: the second run has the same rule without importing it."""
    install(site, "a", hooks=_rules_hook("set = { warmup_minutes = 7 }"))
    first, second = run(site, cache), run(site, cache)
    assert first["imported"] == ["recommender_cachetest_a"] and second["imported"] == []
    assert first["rules"] == second["rules"] == [["cachetest.warmup", "plugin", {"warmup_minutes": 7}]]
    assert first["packs"] == second["packs"] and second["warnings"] == []


def test_rule_files_that_do_not_load_warn_on_every_run(site: Path, cache: Path) -> None:
    """A plugin whose rule file does not load is skipped as a whole, packs included, with the same warning line on every run."""
    install(site, "a", hooks=_rules_hook("sett = { warmup_minutes = 7 }"))
    first, second = run(site, cache), run(site, cache)
    assert len(first["warnings"]) == 1 and "cachetest-a" in first["warnings"][0] and "unknown key 'sett'" in first["warnings"][0]
    assert second["warnings"] == first["warnings"] and second["rules"] == [] and second["packs"] == first["packs"] == {}
    assert second["plugins"] == first["plugins"] == [["cachetest-a", "1.0", f"failed: {first['warnings'][0].partition(' skipped: ')[2]}"]]
    # Never stored: only results that passed every check are.
    assert first["imported"] == second["imported"] == ["recommender_cachetest_a"]


def test_plugins_with_output_formats_are_always_imported(site: Path, cache: Path) -> None:
    """A plugin that also provides output formats (code, not data) is imported on every run."""
    hooks = (
        "from recommender import OutputFormat\n"
        "@hookimpl\n"
        "def recommender_output_formats():\n"
        "    return (OutputFormat('cachetest', lambda plan, context: 'x'),)\n"
    )
    install(site, "a", hooks=hooks)
    for _ in range(2):
        assert run(site, cache)["imported"] == ["recommender_cachetest_a"]


def test_plugins_check_still_checks_cached_plugins(site: Path, cache: Path) -> None:
    """`recommend plugins check` checks a cached plugin's module in full, with the same result as on a first run."""
    install(site, "a")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(site), RECOMMENDER_CACHE_DIR=str(cache))
    argv = [sys.executable, "-m", "recommender", "plugins", "check"]
    first, second = (subprocess.run(argv, capture_output=True, text=True, env=env) for _ in range(2))
    assert _entries(cache)
    assert (first.returncode, first.stdout) == (second.returncode, second.stdout)


# -- plain data ---------------------------------------------------------------


def test_packs_round_trip_through_plain_data() -> None:
    """A pack turned into plain data and back is equal to the original, exercise by exercise."""
    data = pack_to_data(PACK)
    assert data is not None
    assert pack_from_data(data) == PACK


def test_packs_that_plain_data_cannot_hold_are_not_stored() -> None:
    """Subclasses of packs, exercises or strings are not turned into plain data (they would come back different)."""

    class Name(str):
        pass

    class MyExercise(Exercise):
        pass

    class MyPack(ExercisePack):
        pass

    ex = Exercise(id="a", name="A", areas=("legs",))
    assert pack_to_data(MyPack(name="p", exercises=(ex,))) is None
    assert pack_to_data(ExercisePack(name="p", exercises=(MyExercise(id="a", name="A", areas=("legs",)),))) is None
    assert pack_to_data(ExercisePack(name="p", exercises=(Exercise(id="a", name=Name("A"), areas=("legs",)),))) is None
    assert pack_to_data(ExercisePack(name="p", exercises=(ex,))) is not None
