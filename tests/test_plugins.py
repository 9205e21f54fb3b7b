"""Plugins that work: discovery, listing, the real example packs, the helpers
in ``recommender.testing`` and the plugin author's guide."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from test_plugin_failures import ME, PLUGINS, ROOT, run

from recommender import Engine, Exercise, ExercisePack, PluginError, RuleSource, hookimpl
from recommender.hookspecs import hookimpl as hookimpl_from_hookspecs
from recommender.plugins import HOOKS, discover
from recommender.testing import check_installed, check_pack, check_plugin, engine_fixture, isolated_engine, sample_profile
from recommender.vocabulary import CONTRAINDICATIONS

REAL = {
    "free-exercise-db": "recommender-free-exercise-db",
    "home-kettlebell": "recommender-home-kettlebell",
    "pack-template": "recommender-pack-template",
}
DOC = ROOT / "docs" / "plugins.md"


def _module(name: str) -> ModuleType:
    """Import a test plugin's module from its folder without touching sys.path."""
    mod = f"recommender_test_{name.replace('-', '_')}"
    if mod in sys.modules:
        return sys.modules[mod]
    spec = importlib.util.spec_from_file_location(mod, PLUGINS / name / f"{mod}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOOD = _module("good")
good_engine = engine_fixture(GOOD, name="good_engine")


# -- discovery ------------------------------------------------------------------


def test_discovery_sees_installs_and_uninstalls(tmp_path: Path) -> None:
    """Discovery reads the filesystem every time: a plugin appears when installed and disappears when removed."""
    shutil.copytree(PLUGINS / "good", tmp_path, dirs_exist_ok=True)
    before = Engine(plugin_paths=[str(tmp_path)])
    assert [(i.name, i.status, i.packs) for i in before.plugins] == [("good", "active", (("test-good", 2),))]
    shutil.rmtree(tmp_path / "recommender_test_good-1.0.dist-info")
    after = Engine(plugin_paths=[str(tmp_path)])
    assert after.plugins == ()
    assert "test-good" not in {p.name for p in after.packs}


def test_discovery_is_sorted_by_name() -> None:
    """Entry points come back sorted by name whatever the order of the paths."""
    paths = [str(PLUGINS / n) for n in ("twin-b", "marker", "good", "broken-import")]
    names = [ep.name for ep in discover(paths)]
    assert names == sorted(names) == [ep.name for ep in discover(list(reversed(paths)))]


def test_discovery_reads_metadata_not_modules() -> None:
    """Discovery reports distribution and version from the dist-info folder and imports nothing."""
    (ep,) = discover([str(PLUGINS / "broken-import")])
    assert (ep.name, ep.value, ep.distribution, ep.version) == (
        "broken-import", "recommender_test_broken_import", "recommender-test-broken-import", "1.0"
    )


def test_first_distribution_on_the_path_wins(tmp_path: Path) -> None:
    """The same distribution twice on the path counts once, as with importlib.metadata."""
    shutil.copytree(PLUGINS / "good", tmp_path / "a")
    shutil.copytree(PLUGINS / "good", tmp_path / "b")
    assert len(discover([str(tmp_path / "a"), str(tmp_path / "b")])) == 1


def test_help_and_version_never_look_for_plugins() -> None:
    """`recommend --help` and `--version` neither run discovery nor import a plugin."""
    code = (
        "import contextlib, io, sys\n"
        "from recommender.cli import main\n"
        "for args in (['--help'], ['--version']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(args)\n"
        "print(sorted(m for m in sys.modules if m == 'recommender.plugins' or m.startswith('recommender_')))\n"
    )
    env = {"PYTHONPATH": str(PLUGINS / "marker"), "PATH": ""}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert proc.stdout.strip() == "[]"


def test_plugin_paths_import_from_where_the_plugin_was_found() -> None:
    """A plugin found through plugin_paths is imported from there without changing sys.path."""
    path = list(sys.path)
    engine = Engine(plugin_paths=[str(PLUGINS / "good")])
    assert sys.path == path
    assert "test-good" in {p.name for p in engine.packs}


# -- listing ----------------------------------------------------------------------


def test_cli_lists_distribution_version_packs_counts_status() -> None:
    """`recommend plugins` shows active, failed and disabled plugins with packs and counts."""
    proc = run("plugins", "--disable-plugin", "marker", plugins=("good", "broken-import", "marker"))
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert "good  recommender-test-good 1.0  active  packs: test-good (2 exercises)" in lines
    assert "marker  recommender-test-marker 1.0  disabled  packs: -" in lines
    assert (
        "broken-import  recommender-test-broken-import 1.0  failed: cannot import: ModuleNotFoundError: "
        "No module named 'recommender_test_no_such_dependency'  packs: -"
    ) in lines


def test_cli_lists_json() -> None:
    """`recommend plugins --json` gives the same facts as data."""
    proc = run("plugins", "--json", "--disable-plugin", "marker", plugins=("good", "broken-import", "marker"))
    assert proc.returncode == 0
    data = {p["name"]: p for p in json.loads(proc.stdout)}
    assert data["good"] == {
        "name": "good",
        "distribution": "recommender-test-good",
        "version": "1.0",
        "status": "active",
        "packs": [{"name": "test-good", "exercises": 2}],
    }
    assert data["marker"]["status"] == "disabled"
    assert data["marker"]["packs"] == []
    assert data["broken-import"]["status"].startswith("failed: cannot import: ModuleNotFoundError")


def test_cli_lists_installed_plugins_as_disabled_with_no_plugins() -> None:
    """With --no-plugins nothing is imported, but the listing still shows what is installed."""
    proc = run("plugins", "--json", "--no-plugins", plugins=("good", "broken-import"))
    data = {p["name"]: p["status"] for p in json.loads(proc.stdout)}
    assert data["good"] == data["broken-import"] == "disabled"
    assert proc.stderr == ""


def test_cli_plugins_check_lists_every_problem() -> None:
    """`recommend plugins check` prints every problem of a broken pack and exits 1."""
    proc = run("plugins", "check", plugins=("invalid-pack", "good"))
    assert proc.returncode == 1
    prefix = "plugin 'invalid-pack' (recommender-test-invalid-pack 1.0): recommender_exercise_packs returned an invalid item: "
    assert prefix + "pack name: expected a lower-case slug, got 'Bad Pack'" in proc.stdout.splitlines()
    assert prefix + "pack 'Bad Pack': duplicate exercise id 'test-invalid-squat'" in proc.stdout.splitlines()
    assert "good" not in proc.stdout
    assert "warning" not in proc.stderr  # each problem is printed once, on stdout


def test_cli_plugins_check_reports_a_hook_that_returns_none() -> None:
    """A hook without its return statement is a problem for `recommend plugins check`, not a plugin with no packs."""
    proc = run("plugins", "check", plugins=("returns-none",))
    assert proc.returncode == 1
    assert (
        "plugin 'returns-none' (recommender-test-returns-none 1.0): recommender_exercise_packs returned None, "
        "expected an iterable of ExercisePack (is its return statement missing?)"
    ) in proc.stdout.splitlines()
    assert proc.stdout.splitlines()[-1].endswith(", 1 problem(s)")


def test_cli_plugins_check_passes_clean_plugins() -> None:
    """`recommend plugins check` exits 0 when everything installed loads cleanly."""
    proc = run("plugins", "check", plugins=("good",))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines()[-1].endswith("pack(s) checked, 0 problem(s)")


# -- the real example plugins ---------------------------------------------------


def test_real_plugins_are_listed() -> None:
    """The example plugins installed by the README's test command are listed as active with their packs."""
    proc = run("plugins", "--json")
    data = {p["name"]: p for p in json.loads(proc.stdout)}
    for name, dist in REAL.items():
        assert data[name]["distribution"] == dist
        assert data[name]["status"] == "active"
        assert [p["name"] for p in data[name]["packs"]] == [name]
        assert data[name]["packs"][0]["exercises"] > 0


def test_carries_are_dosed_in_seconds_in_every_pack() -> None:
    """A carry is walked for a time: in the built-in pack and every example plugin it is a hold in seconds, never
    "2 x 8-12 reps" of a suitcase carry."""
    engine = Engine()
    assert set(REAL) <= {p.name for p in engine.packs}
    carries = [e for e in engine.catalog.values() if e.pattern == "carry"]
    assert {e.id for e in carries} >= {"farmer-carry", "suitcase-carry", "kb-suitcase-carry"}
    assert [e.id for e in carries if e.unit != "seconds"] == []


def test_real_plugins_load_without_warnings() -> None:
    """A normal install prints no warning: the example packs' ids never clash."""
    proc = run("--profile", str(ME), "--today", "2026-12-02")
    assert proc.returncode == 0
    assert [line for line in proc.stderr.splitlines() if line.startswith("recommend: warning:")] == []


def test_plans_use_plugin_exercises() -> None:
    """`recommend --format json` draws exercises from the installed plugin packs, naming the pack."""
    proc = run("--profile", str(ME), "--format", "json")
    assert proc.returncode == 0
    plan = json.loads(proc.stdout)
    used = {e["pack"] for w in plan["weeks"] for s in w["sessions"] for e in s["exercises"]}
    assert used & set(REAL)


def test_real_plugins_pass_the_checker() -> None:
    """`recommend plugins check` finds no problem with the example plugins."""
    proc = run("plugins", "check")
    assert proc.returncode == 0, proc.stdout


# -- recommender.testing ----------------------------------------------------------


def _pack(name: str, *ids: str) -> ExercisePack:
    return ExercisePack(name=name, exercises=tuple(Exercise(id=i, name=i.title(), areas=("legs",), pattern="squat") for i in ids))


def test_check_pack_accepts_a_valid_pack() -> None:
    """A valid pack with its own ids has no problems."""
    assert check_pack(_pack("my-pack", "my-squat", "my-lunge")) == []


def test_check_pack_lists_every_problem() -> None:
    """check_pack reports all problems, not just the first, in the loader's words."""
    squat = Exercise(id="my-squat", name="Squat", areas=("legs",))
    assert check_pack(ExercisePack(name="My Pack", exercises=(squat, squat))) == [
        "pack name: expected a lower-case slug, got 'My Pack'",
        "pack 'My Pack': duplicate exercise id 'my-squat'",
    ]
    assert check_pack("not a pack") == ["expected an ExercisePack, got str"]


def test_check_pack_reports_clashes_with_the_built_in_pack() -> None:
    """Ids and a pack name the built-in pack already uses are what the loader would leave out or reject."""
    assert check_pack(_pack("my-pack", "bodyweight-squat", "my-squat")) == [
        "pack 'my-pack': exercise id 'bodyweight-squat' is already used by pack 'default'"
    ]
    assert check_pack(_pack("default", "my-squat")) == ["pack name 'default' is already provided by recommender (built-in)"]


def test_check_plugin_on_good_and_broken_plugins() -> None:
    """check_plugin passes a good plugin and explains a broken one."""
    assert check_plugin(GOOD) == []
    assert check_plugin(_module("unknown-hook")) == ["unknown hook 'recommender_exercise_pack' (did you mean 'recommender_exercise_packs'?)"]
    assert check_plugin(_module("hook-raises")) == ["recommender_exercise_packs raised RuntimeError: the pack data file is missing"]
    assert check_plugin(_module("dup-ids")) == [
        "pack 'dup-ids': exercise id 'bodyweight-squat' is already used by pack 'default'",
        "pack 'dup-ids': exercise id 'glute-bridge' is already used by pack 'default'",
    ]


def test_check_plugin_renders_with_plugin_formats() -> None:
    """A format whose render function raises is caught by the checker, not by the user."""

    class Plugin:
        __name__ = "bad-format"

        @hookimpl
        def recommender_output_formats(self) -> tuple[object, ...]:
            from recommender import OutputFormat

            def render(plan: object, context: object) -> str:
                raise KeyError("weeks")

            return (OutputFormat(name="broken", description="d", suffix=".txt", render=render),)

    assert check_plugin(Plugin()) == ["format 'broken': render raised KeyError: 'weeks'"]
    assert check_plugin(_module("bad-render")) == [
        "format 'boom': render raised RuntimeError: the template file is missing",
        "format 'bytes': render returned bytes, expected str",
    ]


def test_check_plugin_reports_hooks_that_return_none() -> None:
    """Each hook without its return statement is reported, whichever hook it is."""
    assert check_plugin(_module("returns-none")) == [
        "recommender_exercise_packs returned None, expected an iterable of ExercisePack (is its return statement missing?)"
    ]

    @hookimpl
    def recommender_rule_files() -> None:
        pass

    @hookimpl
    def recommender_output_formats() -> None:
        pass

    for hook, kind, function in (
        ("recommender_rule_files", "RuleSource", recommender_rule_files),
        ("recommender_output_formats", "OutputFormat", recommender_output_formats),
    ):
        plugin = SimpleNamespace(__name__="forgetful", **{hook: function})
        assert check_plugin(plugin) == [f"{hook} returned None, expected an iterable of {kind} (is its return statement missing?)"]
        with pytest.raises(PluginError, match="returned None"):
            isolated_engine(plugin)


def test_check_plugin_reports_a_failing_hook_beside_a_valid_pack() -> None:
    """A valid pack next to a failing hook still makes the plugin fail the check."""
    assert check_plugin(_module("pack-format-raises")) == ["recommender_output_formats raised RuntimeError: the template file is missing"]
    assert check_plugin(_module("pack-wrong-rules")) == ["recommender_rule_files returned an invalid item: expected a RuleSource, got str"]


def test_check_installed_is_empty_for_clean_engines() -> None:
    """An engine with only good plugins has nothing to report."""
    assert check_installed(isolated_engine(GOOD)) == []


def test_isolated_engine_ignores_installed_plugins() -> None:
    """isolated_engine uses the built-ins and the given plugins only, whatever is installed."""
    engine = isolated_engine(GOOD)
    assert [p.name for p in engine.packs] == ["default", "test-good"]
    assert engine.plugins == ()
    assert [p.name for p in isolated_engine().packs] == ["default"]


def test_isolated_engine_is_strict() -> None:
    """A broken plugin fails the test with a PluginError instead of a warning."""
    with pytest.raises(PluginError, match="recommender_exercise_packs raised RuntimeError"):
        isolated_engine(_module("hook-raises"))


def test_engine_fixture_gives_an_isolated_engine(good_engine: Engine) -> None:
    """The fixture made by engine_fixture is an isolated engine with the plugin."""
    plan = good_engine.recommend(sample_profile(packs=["default", "test-good"]))
    assert plan.packs == ("default", "test-good")


def test_hookimpl_is_one_marker() -> None:
    """recommender.hookimpl and recommender.hookspecs.hookimpl are the same marker."""
    assert hookimpl is hookimpl_from_hookspecs


# -- the author's guide -----------------------------------------------------------


def test_guide_documents_every_hook_with_its_signature() -> None:
    """docs/plugins.md shows each hook's exact signature."""
    import inspect

    from recommender import hookspecs

    text = DOC.read_text(encoding="utf-8")
    for name in HOOKS:
        fn = getattr(hookspecs, name)
        params = ", ".join(inspect.signature(fn).parameters)
        signature = f"def {name}({params}) -> {fn.__annotations__['return']}"
        assert signature in text, signature


def test_guide_documents_every_contraindication_tag() -> None:
    """docs/plugins.md has a table row for every contraindication tag with its meaning."""
    text = DOC.read_text(encoding="utf-8")
    for tag, meaning in CONTRAINDICATIONS.items():
        assert f"| `{tag}` | {meaning} |" in text, tag


def test_guide_vocabulary_tables_are_up_to_date() -> None:
    """The vocabulary tables in docs/plugins.md are exactly what docs/vocabulary_tables.py generates."""
    spec = importlib.util.spec_from_file_location("vocabulary_tables", ROOT / "docs" / "vocabulary_tables.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = DOC.read_text(encoding="utf-8")
    found = re.search(re.escape(gen.START) + r"\n(.*?)" + re.escape(gen.END), text, re.S)
    assert found is not None
    assert found.group(1) == gen.tables()


def _example(label: str) -> str:
    found = re.search(rf"<!-- example: {label} -->\n```\w+\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert found is not None, label
    return found.group(1)


def test_guide_rule_file_example_loads() -> None:
    """The guide's plugin rule file loads in the plugin layer and shows up in the engine's rules."""
    source = RuleSource("example.toml", _example("plugin rule file"))

    @hookimpl
    def recommender_rule_files() -> tuple[RuleSource, ...]:
        return (source,)

    plugin = SimpleNamespace(__name__="example", recommender_rule_files=recommender_rule_files)
    assert check_plugin(plugin) == []
    rule = isolated_engine(plugin).rules.get("home-yoga.beginner-balance")
    assert rule is not None and rule.layer == "plugin"


def test_guide_output_format_example_works() -> None:
    """The guide's output format registers, passes the checker and renders a plan."""
    module = ModuleType("example_format")
    exec(_example("output format"), module.__dict__)
    assert check_plugin(module) == []
    engine = isolated_engine(module)
    profile = sample_profile()
    text = engine.render(engine.recommend(profile), "checklist", profile=profile)
    assert text.startswith("Week 1, mon 2026-12-07\n[ ] ")


def test_guide_commands_exist() -> None:
    """Every `recommend ...` subcommand the guide mentions is a real one."""
    text = DOC.read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "recommender", "--help"], capture_output=True, text=True, check=True)
    for sub in set(re.findall(r"recommend (plugins|formats|rules|check|why|init)\b", text)):
        assert sub in proc.stdout
