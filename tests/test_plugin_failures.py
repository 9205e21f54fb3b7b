"""Every way a plugin can break, with the exact line a user sees.

The broken plugins are real distributions under ``tests/data/plugins/<name>/``
(a ``.dist-info`` folder with ``entry_points.txt`` and ``METADATA`` next to
the module).  In-process tests point discovery at them with
``Engine(plugin_paths=...)``; command-line tests put them on ``PYTHONPATH``,
which is where discovery looks when nothing else is said.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recommender import Engine, PluginError

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "tests" / "data" / "plugins"
ME = ROOT / "examples" / "me.toml"

# (plugin folder, the reason after "skipped: ", whether the whole plugin is skipped)
FAILURES = [
    (
        "broken-import",
        "cannot import: ModuleNotFoundError: No module named 'recommender_test_no_such_dependency'",
    ),
    (
        "hook-raises",
        "recommender_exercise_packs raised RuntimeError: the pack data file is missing",
    ),
    (
        "bad-exception",
        "recommender_exercise_packs raised PackDataError: <exception str() failed>",
    ),
    (
        "wrong-type",
        "recommender_exercise_packs returned ExercisePack, expected an iterable of ExercisePack",
    ),
    (
        "wrong-item",
        "recommender_exercise_packs returned an invalid item: expected an ExercisePack, got dict",
    ),
    (
        "invalid-pack",
        "recommender_exercise_packs returned an invalid item: pack name: expected a lower-case slug, got 'Bad Pack' "
        "(and 1 more problem; run 'recommend plugins check')",
    ),
    (
        "unknown-hook",
        "unknown hook 'recommender_exercise_pack' (did you mean 'recommender_exercise_packs'?)",
    ),
    (
        "bad-argument",
        "recommender_exercise_packs() asks for argument 'engine', which the hook does not pass (it passes none)",
    ),
    (
        "not-marked",
        "function 'recommender_exercise_packs' is not marked with @hookimpl, so it would never be called",
    ),
    (
        "wrapper",
        "recommender_exercise_packs is marked as a wrapper, but each plugin's hook is called on its own, so nothing "
        "passes through it (remove wrapper=True)",
    ),
    (
        "bad-rules",
        "recommender_rule_files returned rules that do not load: bad-rules.toml:6: rule 'test.bad-rules': "
        "unknown key 'sett'; did you mean 'set'? (and 1 more problem; run 'recommend plugins check')",
    ),
    (
        "returns-none",
        "recommender_exercise_packs returned None, expected an iterable of ExercisePack (is its return statement missing?)",
    ),
    # A valid pack does not save a plugin whose other hooks fail.
    (
        "pack-bad-rules",
        "recommender_rule_files returned rules that do not load: r.toml:1: rule[0]: 'id' must be a lower-case slug like "
        "'rest.48-hours' (and 3 more problems; run 'recommend plugins check')",
    ),
    (
        "pack-wrong-rules",
        "recommender_rule_files returned an invalid item: expected a RuleSource, got str",
    ),
    (
        "bytes-rules",
        "recommender_rule_files returned an invalid item: RuleSource 'bytes-rules.toml': text: expected the TOML text as str, got bytes",
    ),
    (
        "format-wrong-types",
        "recommender_output_formats returned an invalid item: format 'wrong-types': description: expected str, got NoneType "
        "(and 1 more problem; run 'recommend plugins check')",
    ),
    (
        "pack-format-raises",
        "recommender_output_formats raised RuntimeError: the template file is missing",
    ),
]

# Plugins above that offer a valid pack: being skipped must take it out of every plan.
WITH_PACKS = {"pack-bad-rules": "test-pack-bad-rules", "pack-wrong-rules": "test-pack-wrong-rules",
              "pack-format-raises": "test-pack-format-raises", "returns-none": "test-returns-none"}

# Plugins that are fine on their own but clash with something else: only the
# clashing part is left out and the plugin stays active.
PARTIAL = [
    (
        "dup-ids",
        "plugin 'dup-ids' (recommender-test-dup-ids 1.0) partly skipped: pack 'dup-ids': 2 exercises left out because "
        "another pack already has their ids: bodyweight-squat (default), glute-bridge (default)",
    ),
    (
        "json-format",
        "plugin 'json-format' (recommender-test-json-format 1.0) partly skipped: format 'json' left out: "
        "the name is already used by recommender (built-in)",
    ),
]

ALL_DUP_LINE = (
    "plugin 'all-dup-ids' (recommender-test-all-dup-ids 1.0) skipped: pack 'all-dup-ids' left out: all 2 of its exercises "
    "have ids another pack already has: bodyweight-squat (default), glute-bridge (default)"
)

TWIN_LINE = "plugin 'twin-b' (recommender-test-twin-b 1.0) skipped: pack name 'twin' is already provided by recommender-test-twin-a 1.0"


def _line(name: str, reason: str) -> str:
    return f"plugin {name!r} (recommender-test-{name} 1.0) skipped: {reason}"


def _engine(*names: str, **kw: object) -> Engine:
    engine = Engine(plugin_paths=[str(PLUGINS / n) for n in names], **kw)  # type: ignore[arg-type]
    engine.formats  # noqa: B018 (formats load lazily; load them like the command line does)
    return engine


def run(*args: str, plugins: tuple[str, ...] = (), env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``recommend`` in a fresh process with ``plugins`` on PYTHONPATH."""
    # The suite's own cache folder stays; the other switches would change the run.
    full = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") or k == "RECOMMENDER_CACHE_DIR"}
    full["PYTHONDONTWRITEBYTECODE"] = "1"
    full["PYTHONPATH"] = os.pathsep.join(str(PLUGINS / p) for p in plugins)
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "recommender", *args], capture_output=True, text=True, cwd=ROOT, env=full, timeout=120)


def _warnings(stderr: str) -> list[str]:
    return [line.removeprefix("recommend: warning: ") for line in stderr.splitlines() if line.startswith("recommend: warning: ")]


# -- in process -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "reason"), FAILURES, ids=[f[0] for f in FAILURES])
def test_broken_plugin_is_skipped_with_one_line(name: str, reason: str) -> None:
    """A broken plugin gives exactly one warning line naming its distribution, and a failed status."""
    engine = _engine(name)
    assert engine.warnings == (_line(name, reason),)
    (info,) = engine.plugins
    assert (info.name, info.distribution, info.version, info.status, info.packs) == (
        name, f"recommender-test-{name}", "1.0", f"failed: {reason}", ()
    )


@pytest.mark.parametrize(("name", "reason"), FAILURES, ids=[f[0] for f in FAILURES])
def test_broken_plugin_is_an_error_when_strict(name: str, reason: str) -> None:
    """With strict plugins the same line becomes a PluginError."""
    with pytest.raises(PluginError) as caught:
        _engine(name, strict_plugins=True)
    assert str(caught.value) == _line(name, reason)
    assert caught.value.distribution == f"recommender-test-{name} 1.0"


@pytest.mark.parametrize(("name", "line"), PARTIAL, ids=[p[0] for p in PARTIAL])
def test_clashing_part_is_left_out_with_one_line(name: str, line: str) -> None:
    """Ids or a format name another pack already uses are left out with one line; the rest stays active."""
    engine = _engine(name)
    assert engine.warnings == (line,)
    assert engine.plugins[0].status == "active"


@pytest.mark.parametrize(("name", "pack"), WITH_PACKS.items(), ids=list(WITH_PACKS))
def test_skipped_plugin_contributes_nothing(name: str, pack: str) -> None:
    """A plugin skipped for any hook gives no pack, exercise, rule or format, though its pack on its own is valid."""
    engine = _engine(name)
    assert engine.plugins[0].status.startswith("failed: ")
    assert pack not in {p.name for p in engine.packs}
    assert not [key for key in engine.catalog if key[0] == pack]
    assert [r.id for r in engine.rules.rules if r.layer == "plugin"] == []
    assert set(engine.formats) == set(Engine(plugins=False).formats)


def test_a_pack_name_is_kept_by_the_next_plugin_when_its_holder_is_skipped() -> None:
    """Two plugins offer the pack 'test-shared'; the first in order is skipped
    for its rule files, so the second keeps the name, its pack and its rules
    rather than being skipped for a clash with a plugin that is not there."""
    engine = _engine("shared-a", "shared-b")
    status = {i.name: i.status for i in engine.plugins}
    assert status["shared-a"].startswith("failed: recommender_rule_files returned rules that do not load")
    assert status["shared-b"] == "active"
    assert ("test-shared", "test-shared-b-wall-sit") in engine.catalog
    assert ("test-shared", "test-shared-a-squat") not in engine.catalog
    assert [r.id for r in engine.rules.rules if r.layer == "plugin"] == ["shared-b.note"]
    assert len(engine.warnings) == 1


def test_a_pack_name_clash_still_skips_the_later_plugin_whole() -> None:
    """With both holders of a pack name standing, the later one is skipped
    and gives nothing: not its pack, and not its rules."""
    engine = _engine("shared-b", "shared-c")
    status = {i.name: i.status for i in engine.plugins}
    assert status["shared-b"] == "active"
    assert status["shared-c"] == "failed: pack name 'test-shared' is already provided by recommender-test-shared-b 1.0"
    assert ("test-shared", "test-shared-c-wall-sit") not in engine.catalog
    assert [r.id for r in engine.rules.rules if r.layer == "plugin"] == ["shared-b.note"]


def test_a_plugin_loses_a_pack_name_only_to_one_that_keeps_it() -> None:
    """chain-c and chain-p offer 'test-chain-z', chain-p and chain-q
    'test-chain-a': chain-p loses 'test-chain-z' to chain-c and is skipped,
    so chain-q keeps 'test-chain-a' instead of losing it to a skipped plugin."""
    engine = _engine("chain-c", "chain-p", "chain-q")
    status = {i.name: i.status for i in engine.plugins}
    assert status == {"chain-c": "active", "chain-p": "failed: pack name 'test-chain-z' is already provided by recommender-test-chain-c 1.0",
                      "chain-q": "active"}
    assert sorted(key for key in engine.catalog if key[0] != "default") == [("test-chain-a", "test-chain-a-q-squat"),
                                                                            ("test-chain-z", "test-chain-z-c-squat")]


def test_pack_with_every_id_taken_skips_a_plugin_with_nothing_else() -> None:
    """A pack whose every exercise id is taken is left out; a plugin with nothing left is listed as skipped, not active."""
    engine = _engine("all-dup-ids")
    assert engine.warnings == (ALL_DUP_LINE,)
    (info,) = engine.plugins
    assert (info.status, info.packs) == (f"failed: {ALL_DUP_LINE.partition(' skipped: ')[2]}", ())
    assert [p.name for p in engine.packs] == ["default"]


def test_pack_with_every_id_taken_keeps_the_plugins_rules() -> None:
    """A plugin that also ships rule files keeps them: only the emptied pack is left out, with one 'partly skipped' line."""
    from recommender import Exercise, ExercisePack, RuleSource, hookimpl

    class Plugin:
        __name__ = "dup-and-rules"

        @hookimpl
        def recommender_exercise_packs(self) -> tuple[ExercisePack, ...]:
            return (ExercisePack(name="dup-and-rules", exercises=(Exercise(id="glute-bridge", name="Bridge", areas=("glutes",)),)),)

        @hookimpl
        def recommender_rule_files(self) -> tuple[RuleSource, ...]:
            text = '[[rule]]\nid = "dup-and-rules.warmup"\nbecause = "A test rule."\nsource = "test"\nset = { warmup_minutes = 7 }\n'
            return (RuleSource("dup-and-rules.toml", text),)

    engine = Engine(plugins=[Plugin()])
    assert engine.warnings == (
        "plugin 'dup-and-rules' (the application) partly skipped: pack 'dup-and-rules' left out: its only exercise has an id "
        "another pack already has: glute-bridge (default)",
    )
    assert [p.name for p in engine.packs] == ["default"]
    assert engine.rules.get("dup-and-rules.warmup") is not None


def test_render_failure_names_the_format_and_its_plugin() -> None:
    """A render function that raises or returns something other than text is a PluginError naming format, plugin and distribution."""
    from recommender.testing import sample_profile

    engine = _engine("bad-render")
    profile = sample_profile()
    plan = engine.recommend(profile)
    with pytest.raises(PluginError) as caught:
        engine.render(plan, "boom", profile=profile)
    assert str(caught.value) == (
        "format 'boom' from plugin 'bad-render' (recommender-test-bad-render 1.0): render raised RuntimeError: the template file is missing"
    )
    assert caught.value.distribution == "recommender-test-bad-render 1.0"
    assert isinstance(caught.value.__cause__, RuntimeError)
    with pytest.raises(PluginError) as caught:
        engine.render(plan, "bytes", profile=profile)
    assert str(caught.value) == "format 'bytes' from plugin 'bad-render' (recommender-test-bad-render 1.0): render returned bytes, expected str"


def test_a_format_that_exits_or_returns_broken_text_is_a_plugin_error() -> None:
    """A render function calling sys.exit(), or returning a lone surrogate no file can hold, is a PluginError naming
    the format, not a silent exit or a crash while writing."""
    from recommender import OutputFormat, RenderContext, hookimpl
    from recommender.plan import Plan
    from recommender.testing import sample_profile

    def exits(plan: Plan, context: RenderContext) -> str:
        raise SystemExit(9)

    def surrogate(plan: Plan, context: RenderContext) -> str:
        return "plan \udcff"

    class Plugin:
        __name__ = "odd-formats"

        @hookimpl
        def recommender_output_formats(self) -> tuple[OutputFormat, ...]:
            return (OutputFormat("exits", "exits", ".ex", exits), OutputFormat("surrogate", "bad text", ".sur", surrogate))

    engine = Engine(plugins=[Plugin()])
    profile = sample_profile()
    plan = engine.recommend(profile)
    with pytest.raises(PluginError) as caught:
        engine.render(plan, "exits", profile=profile)
    assert str(caught.value).endswith("render raised SystemExit: 9")
    with pytest.raises(PluginError) as caught:
        engine.render(plan, "surrogate", profile=profile)
    assert str(caught.value).endswith("render returned text that is not valid Unicode (at character 5)")


def test_built_in_formats_fail_the_same_way() -> None:
    """The built-in formats' render functions are contained like a plugin's: a PluginError naming the built-in plugin."""
    import attrs

    from recommender.testing import sample_profile

    engine = Engine(plugins=False)
    plan = engine.recommend(sample_profile())
    broken = attrs.evolve(plan, prescription={**plan.prescription, "odd": object()})
    with pytest.raises(PluginError) as caught:
        engine.render(broken, "json")
    assert str(caught.value).startswith("format 'json' from plugin 'formats' (recommender (built-in)): render raised AttributeError: ")
    assert isinstance(caught.value.__cause__, AttributeError)


def test_duplicate_ids_keep_the_rest_of_the_pack() -> None:
    """The pack keeps its own exercises and the built-in ones keep theirs, so plans still build."""
    engine = _engine("dup-ids")
    assert engine.plugins[0].packs == (("dup-ids", 1),)
    assert ("dup-ids", "test-dup-ids-calf-raise") in engine.catalog
    assert ("dup-ids", "bodyweight-squat") not in engine.catalog
    assert ("default", "bodyweight-squat") in engine.catalog


@pytest.mark.parametrize(("name", "problem"), [
    (5, "format name: expected lower-case letters, digits and '-', got 5"),
    (None, "format name: expected lower-case letters, digits and '-', got None"),
    ("Check", "format name: expected lower-case letters, digits and '-', got 'Check'"),
    ("\u00fcber", "format name: expected lower-case letters, digits and '-', got '\u00fcber'"),
])
def test_a_format_name_that_is_not_a_slug_is_refused(name: object, problem: str) -> None:
    """A format name that is not lower-case text is one problem, whatever its type."""
    from recommender import OutputFormat
    from recommender.formats import format_problems

    assert format_problems(OutputFormat(name=name, description="d", suffix=".txt", render=str)) == [problem]  # type: ignore[arg-type]


def test_duplicate_format_keeps_the_built_in() -> None:
    """The built-in json format is the one used, not the plugin's."""
    engine = _engine("json-format")
    assert engine.formats["json"].description != "not the real JSON"


def test_duplicate_pack_name_skips_the_later_plugin() -> None:
    """Of two plugins offering the same pack name, the one later by name is skipped."""
    engine = _engine("twin-a", "twin-b")
    assert engine.warnings == (TWIN_LINE,)
    assert [(i.name, i.status, i.packs) for i in engine.plugins] == [
        ("twin-a", "active", (("twin", 1),)),
        ("twin-b", "failed: pack name 'twin' is already provided by recommender-test-twin-a 1.0", ()),
    ]


def test_plugin_name_taken_by_a_built_in_leaves_the_built_in_alone() -> None:
    """A plugin registering under the built-in pack's name is skipped unimported; the built-in pack stays."""
    engine = _engine("name-clash")
    assert engine.warnings == (
        "plugin 'default' (recommender-test-name-clash 1.0) skipped: the plugin name 'default' is already used by recommender (built-in)",
    )
    assert "recommender_test_name_clash" not in sys.modules
    assert [p.name for p in engine.packs] == ["default"]


TWO_NAMES_LINE = (
    "plugin 'two-names-old' (recommender-test-two-names 1.0) skipped: recommender_test_two_names is already loaded as "
    "plugin 'two-names'"
)


def test_one_module_under_two_plugin_names_is_loaded_once() -> None:
    """A module two entry points name is loaded under the first name; the second is skipped with one short line."""
    engine = _engine("two-names")
    assert engine.warnings == (TWO_NAMES_LINE,)
    assert [(i.name, i.status, i.packs) for i in engine.plugins] == [
        ("two-names", "active", (("test-two-names", 1),)),
        ("two-names-old", f"failed: {TWO_NAMES_LINE.partition(' skipped: ')[2]}", ()),
    ]


def test_plugin_order_never_depends_on_install_order() -> None:
    """Discovery order, winners and warnings are the same whichever way round the plugins sit on the path."""
    names = ["twin-b", "good", "broken-import", "twin-a", "dup-ids"]
    one, two = _engine(*names), _engine(*reversed(names))
    assert one.plugins == two.plugins
    assert one.warnings == two.warnings
    assert [i.name for i in one.plugins] == sorted(names)
    assert one.packs == two.packs


def test_plan_builds_beside_every_broken_plugin() -> None:
    """With every broken plugin installed at once, a plan still builds, with one line per plugin."""
    names = [f[0] for f in FAILURES] + [p[0] for p in PARTIAL] + ["twin-a", "twin-b", "good", "all-dup-ids"]
    engine = _engine(*names)
    expected = [_line(n, r) for n, r in FAILURES] + [line for _, line in PARTIAL] + [TWIN_LINE, ALL_DUP_LINE]
    assert sorted(engine.warnings) == sorted(expected)
    from recommender.testing import sample_profile

    plan = engine.recommend(sample_profile())
    assert plan.weeks


def test_disabled_plugin_is_never_imported() -> None:
    """A disabled plugin whose import would fail gives no warning: it was never imported."""
    for blocked in ("broken-import", "recommender-test-broken-import", "Broken_Import"):
        engine = _engine("broken-import", disable_plugins=[blocked])
        assert engine.warnings == ()
        assert [(i.name, i.status) for i in engine.plugins] == [("broken-import", "disabled")]


def test_one_name_or_path_as_a_string_is_that_one() -> None:
    """disable_plugins="name" and plugin_paths="folder" (or a Path, alone or in a list) mean that name and that
    folder, not their letters."""
    for folder in (str(PLUGINS / "broken-import"), PLUGINS / "broken-import", [PLUGINS / "broken-import"]):
        engine = Engine(plugin_paths=folder, disable_plugins="broken-import")  # type: ignore[arg-type]
        assert engine.warnings == ()
        assert [(i.name, i.status) for i in engine.plugins] == [("broken-import", "disabled")]


def test_disabling_a_distribution_frees_its_plugin_name_for_another() -> None:
    """Two distributions registering one plugin name: the second is skipped, unless the first is disabled by its
    distribution name, when the second loads; both are listed."""
    both = _engine("same-a", "same-b")
    assert both.warnings == ("plugin 'same' (recommender-test-same-b 1.0) skipped: the plugin name 'same' is already used by "
                             "recommender-test-same-a 1.0",)
    engine = _engine("same-a", "same-b", disable_plugins=["recommender-test-same-a"])
    assert engine.warnings == ()
    assert "same-b" in [p.name for p in engine.packs] and "same-a" not in [p.name for p in engine.packs]
    assert [(i.name, i.distribution, i.status) for i in engine.plugins] == [
        ("same", "recommender-test-same-a", "disabled"), ("same", "recommender-test-same-b", "active")]


def test_an_entry_points_file_with_a_byte_that_is_not_utf8_still_names_its_plugin(tmp_path: Path) -> None:
    """A Latin-1 byte in another group of entry_points.txt does not make the plugin disappear unseen."""
    site = tmp_path / "site"
    shutil.copytree(PLUGINS / "good", site)
    (info,) = site.glob("*.dist-info")
    eps = info / "entry_points.txt"
    eps.write_bytes(b"[console_scripts]\ncaf\xe9 = x:y\n\n" + eps.read_bytes())
    engine = Engine(plugin_paths=[str(site)])
    assert [(i.name, i.status) for i in engine.plugins] == [("good", "active")]


def test_disabling_an_unknown_name_says_so() -> None:
    """A misspelt --disable-plugin name is reported instead of silently doing nothing."""
    engine = _engine("good", disable_plugins=["godo"])
    assert engine.warnings == ("cannot disable plugin 'godo': no installed plugin has that name (installed: good)",)
    assert engine.plugins[0].status == "active"


def test_no_plugins_means_no_discovery() -> None:
    """plugins=False neither discovers nor imports anything."""
    engine = Engine(plugins=False, plugin_paths=[str(PLUGINS / "broken-import")])
    assert engine.plugins == ()
    assert engine.warnings == ()


# -- command line ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "reason"), FAILURES, ids=[f[0] for f in FAILURES])
def test_cli_prints_one_warning_and_still_plans(name: str, reason: str) -> None:
    """`recommend` prints the one warning line for the broken plugin and the plan, exit 0."""
    proc = run("--profile", str(ME), plugins=(name,))
    assert proc.returncode == 0, proc.stderr
    mine = [w for w in _warnings(proc.stderr) if f"recommender-test-{name}" in w]
    assert mine == [_line(name, reason)]
    assert "Traceback" not in proc.stderr
    assert "Week 1" in proc.stdout


@pytest.mark.parametrize(("name", "reason"), FAILURES, ids=[f[0] for f in FAILURES])
@pytest.mark.parametrize("how", ["--strict-plugins", "RECOMMENDER_STRICT_PLUGINS=1"])
def test_cli_strict_is_exit_2_with_traceback(name: str, reason: str, how: str) -> None:
    """Strict plugins (flag or env var) make each failure exit 2 with the full traceback and the same line."""
    if how.startswith("--"):
        proc = run(how, "--profile", str(ME), plugins=(name,))
    else:
        key, _, value = how.partition("=")
        proc = run("--profile", str(ME), plugins=(name,), env={key: value})
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback (most recent call last):" in proc.stderr
    assert proc.stderr.splitlines()[-1] == f"recommend: error: {_line(name, reason)}"


def test_cli_strict_traceback_reaches_into_the_plugin() -> None:
    """For a hook that raises, the traceback shows the plugin's own line."""
    proc = run("--strict-plugins", "--profile", str(ME), plugins=("hook-raises",))
    assert 'raise RuntimeError("the pack data file is missing")' in proc.stderr
    assert "recommender_test_hook_raises.py" in proc.stderr


@pytest.mark.parametrize(("name", "line"), PARTIAL, ids=[p[0] for p in PARTIAL])
def test_cli_clash_is_one_warning(name: str, line: str) -> None:
    """A clash prints its one line and the plan still builds."""
    proc = run("--profile", str(ME), plugins=(name,))
    assert proc.returncode == 0
    assert [w for w in _warnings(proc.stderr) if f"recommender-test-{name}" in w] == [line]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-plugins",), {}),
        ((), {"RECOMMENDER_NO_PLUGINS": "1"}),
        (("--disable-plugin", "marker"), {}),
        (("--disable-plugin", "recommender-test-marker"), {}),
        ((), {"RECOMMENDER_DISABLE_PLUGINS": "good,marker"}),
    ],
    ids=["--no-plugins", "RECOMMENDER_NO_PLUGINS", "--disable-plugin", "--disable-plugin-dist", "RECOMMENDER_DISABLE_PLUGINS"],
)
def test_cli_blocks_a_plugin_before_import(tmp_path: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    """A blocked plugin's module never runs: the file its import would write does not appear."""
    marker = tmp_path / "imported"
    proc = run(*args, "--profile", str(ME), plugins=("marker", "good"), env={"RECOMMENDER_TEST_MARKER": str(marker), **env})
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()


def test_cli_marker_plugin_is_imported_when_not_blocked(tmp_path: Path) -> None:
    """The control for the blocking test: unblocked, the marker plugin's import writes its file."""
    marker = tmp_path / "imported"
    proc = run("--profile", str(ME), plugins=("marker",), env={"RECOMMENDER_TEST_MARKER": str(marker)})
    assert proc.returncode == 0, proc.stderr
    assert marker.read_text(encoding="utf-8") == "imported"


def test_cli_disabled_broken_plugin_prints_nothing() -> None:
    """Disabling a plugin that cannot import removes its warning entirely."""
    proc = run("--disable-plugin", "broken-import", "--profile", str(ME), plugins=("broken-import",))
    assert proc.returncode == 0
    assert "broken-import" not in proc.stderr


@pytest.mark.parametrize(("name", "pack"), WITH_PACKS.items(), ids=list(WITH_PACKS))
def test_cli_skipped_plugins_pack_is_not_available(tmp_path: Path, name: str, pack: str) -> None:
    """A profile asking for a skipped plugin's pack gets exit 2 naming the key, and `recommend plugins` shows no packs for it."""
    profile = tmp_path / "me.toml"
    profile.write_text(ME.read_text(encoding="utf-8") + f'packs = ["default", "{pack}"]\n', encoding="utf-8")
    proc = run("--profile", str(profile), "--format", "json", plugins=(name,))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"recommend: error: {profile}: packs[1]: pack {pack!r} is not available" in proc.stderr
    listed = run("plugins", plugins=(name,))
    assert [line for line in listed.stdout.splitlines() if line.startswith(f"{name}  ")] == [
        f"{name}  recommender-test-{name} 1.0  failed: {dict(FAILURES)[name]}  packs: -"
    ]


def test_cli_pack_of_a_disabled_plugin_says_the_plugin_is_disabled(tmp_path: Path) -> None:
    """A profile asking for the pack of a disabled plugin is told the plugin is disabled, not that the pack is missing."""
    profile = tmp_path / "me.toml"
    profile.write_text(ME.read_text(encoding="utf-8") + 'packs = ["default", "test-good"]\n', encoding="utf-8")
    proc = run("--profile", str(profile), plugins=("good",), env={"RECOMMENDER_DISABLE_PLUGINS": "good"})
    assert (proc.returncode, proc.stdout) == (2, "")
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"recommend: error: {profile}: packs[1]: pack 'test-good' is not available (installed: default")
    assert line.endswith("; disabled plugins: good)")


def test_cli_lists_a_plugin_whose_pack_lost_every_exercise_as_skipped() -> None:
    """`recommend plugins` says why a plugin whose only pack lost every exercise gives nothing."""
    proc = run("plugins", plugins=("all-dup-ids",))
    reason = ALL_DUP_LINE.partition(" skipped: ")[2]
    assert f"all-dup-ids  recommender-test-all-dup-ids 1.0  failed: {reason}  packs: -" in proc.stdout.splitlines()


@pytest.mark.parametrize(
    ("fmt", "reason"),
    [("boom", "render raised RuntimeError: the template file is missing"), ("bytes", "render returned bytes, expected str")],
)
def test_cli_render_failure_is_one_line_exit_2(tmp_path: Path, fmt: str, reason: str) -> None:
    """A format that fails to render is bad input: one line naming format and plugin, exit 2, and --out FILE left as it was."""
    line = f"recommend: error: format {fmt!r} from plugin 'bad-render' (recommender-test-bad-render 1.0): {reason}"
    proc = run("--profile", str(ME), "--today", "2026-12-02", "--format", fmt, plugins=("bad-render",))
    assert (proc.returncode, proc.stdout, proc.stderr.splitlines()) == (2, "", [line])
    out = tmp_path / "plan.txt"
    out.write_text("the plan from yesterday\n", encoding="utf-8")
    proc = run("--profile", str(ME), "--today", "2026-12-02", "--format", fmt, "--out", str(out), plugins=("bad-render",))
    assert (proc.returncode, proc.stderr.splitlines()) == (2, [line])
    assert out.read_text(encoding="utf-8") == "the plan from yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


def test_cli_render_failure_shows_the_traceback_when_strict() -> None:
    """With strict plugins a render failure shows the traceback into the plugin, then the same line."""
    proc = run("--strict-plugins", "--profile", str(ME), "--format", "boom", plugins=("bad-render",))
    assert proc.returncode == 2
    assert 'raise RuntimeError("the template file is missing")' in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("recommend: error: format 'boom' from plugin 'bad-render'")


def test_cli_unavailable_pack_is_exit_2_naming_the_key(tmp_path: Path) -> None:
    """A profile asking for a pack that is not installed is bad input: exit 2, file, key and pack named."""
    profile = tmp_path / "me.toml"
    profile.write_text(ME.read_text(encoding="utf-8") + 'packs = ["default", "nope"]\n', encoding="utf-8")
    proc = run("--no-plugins", "--profile", str(profile))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"recommend: error: {profile}: packs[1]: pack 'nope' is not available (installed: default)"
    ]


def test_a_plugin_that_prints_does_not_mix_into_the_plan(tmp_path: Path) -> None:
    """What a plugin prints while it loads goes to stderr, so a JSON plan on
    standard output stays valid JSON for the program reading it."""
    r = run("--profile", "examples/me.toml", "--format", "json", plugins=("chatty",), env={"RECOMMENDER_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    json.loads(r.stdout)
    assert "chatty plugin loaded" in r.stderr
    assert "chatty plugin asked for its packs" in r.stderr


def test_a_format_that_prints_does_not_mix_into_the_plan(tmp_path: Path) -> None:
    """What a plugin's format prints while it renders goes to stderr: standard output is exactly the rendered plan."""
    r = run("--profile", "examples/me.toml", "--format", "chatty", plugins=("chatty",), env={"RECOMMENDER_CACHE_DIR": str(tmp_path)})
    assert (r.returncode, r.stdout) == (0, "8 weeks\n"), r.stderr
    assert "chatty format rendering" in r.stderr


def test_plugins_check_prints_only_the_problems(tmp_path: Path) -> None:
    """`recommend plugins check` calls every hook and renders with every format; what they print goes to stderr."""
    r = run("plugins", "check", plugins=("chatty",), env={"RECOMMENDER_CACHE_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1].endswith("problem(s)") and "chatty" not in r.stdout
    assert "chatty format rendering" in r.stderr
