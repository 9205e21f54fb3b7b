"""Nothing runs from data: rule folders load only *.toml files and never
follow links out of the folder, and no module evaluates, unpickles or looks
up attributes by names taken from input."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from recommender import Engine, RuleError
from recommender.cli import main

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "recommender"
ME = str(ROOT / "examples" / "me.toml")

RULE = """\
[[rule]]
id = "mine.no-overhead"
exclude = ["shoulder_overhead"]
because = "I would rather not press overhead."
source = "my own preference"
"""

# A module that leaves a mark if it is ever imported or run.
TRAP = """\
from pathlib import Path
Path({marker!r}).write_text("imported")
"""


def _rules_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    marker = tmp_path / "marker.txt"
    (folder / "mine.toml").write_text(RULE, encoding="utf-8")
    for name in ("trap_rules.py", "__init__.py", "sitecustomize.py", "rules.toml.py", "extra.pth"):
        (folder / name).write_text(TRAP.format(marker=str(marker)), encoding="utf-8")
    (folder / "notes.json").write_text('{"rule": [1]}', encoding="utf-8")
    (folder / "backup.toml~").write_text("this is not TOML [", encoding="utf-8")
    return folder, marker


def test_rule_folder_loads_only_toml_files(tmp_path: Path) -> None:
    """Python, .pth, JSON and backup files in a rules folder are neither loaded nor imported."""
    folder, marker = _rules_folder(tmp_path)
    before = set(sys.modules)
    engine = Engine(plugins=False, rules=[folder])
    assert engine.rules.get("mine.no-overhead") is not None
    assert [r.file for r in engine.rules.rules if r.layer == "user"] == [str(folder / "mine.toml")]
    assert not marker.exists()
    assert not {m for m in set(sys.modules) - before if "trap" in m or m == "sitecustomize"}


def test_rule_folder_on_the_command_line_runs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`recommend --rules FOLDER` plans with the folder's TOML rule and never imports the Python files in it."""
    folder, marker = _rules_folder(tmp_path)
    assert main(["--no-plugins", "--profile", ME, "--rules", str(folder), "--explain"]) == 0
    assert "mine.no-overhead" in capsys.readouterr().out
    assert not marker.exists()


def test_link_out_of_the_rules_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A *.toml link in a rules folder that points outside it is a clear error naming the link, exit code 2."""
    folder = tmp_path / "my-rules"
    folder.mkdir()
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(RULE, encoding="utf-8")
    (folder / "linked.toml").symlink_to(outside)
    with pytest.raises(RuleError) as info:
        Engine(plugins=False, rules=[folder])
    assert info.value.problems == (f"{folder / 'linked.toml'}: links outside the rules folder {folder}; not loaded",)
    assert main(["--no-plugins", "--profile", ME, "--rules", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [f"recommend: error: {folder / 'linked.toml'}: links outside the rules folder {folder}; not loaded"]


def test_link_to_a_folder_outside_is_refused(tmp_path: Path) -> None:
    """A link whose target is outside by way of a linked parent folder is refused too."""
    folder = tmp_path / "my-rules"
    folder.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    (other / "r.toml").write_text(RULE, encoding="utf-8")
    (folder / "sub").symlink_to(other)
    (folder / "via.toml").symlink_to(folder / "sub" / "r.toml")
    with pytest.raises(RuleError, match="links outside the rules folder"):
        Engine(plugins=False, rules=[folder])


def test_link_inside_the_rules_folder_is_followed(tmp_path: Path) -> None:
    """A link to another file in the same folder is fine: it does not leave the folder."""
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "real.toml.txt").write_text(RULE, encoding="utf-8")
    (folder / "alias.toml").symlink_to(folder / "real.toml.txt")
    engine = Engine(plugins=False, rules=[folder])
    assert engine.rules.get("mine.no-overhead") is not None


# -- source scan -------------------------------------------------------------

#: Calls that run or deserialise code.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input"}
#: Modules whose loaders can build or run arbitrary objects.
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "shelve", "yaml", "marshal", "code", "codeop"}
#: Reviewed uses, by file: what is used and why it is safe.
ALLOWED_MODULES = {
    # The parse cache stores the package's own parse results (plain data
    # keyed by the exact text); a loaded value is never called or run.
    ("cache.py", "marshal"),
}
#: Attribute lookups whose name is not a literal, by file and name
#: expression.  Each name comes from the code or from installed package
#: metadata, never from a profile, rule, pack or plan file.
ALLOWED_DYNAMIC_ATTRIBUTES = {
    ("__init__.py", "name"),  # lazy public API: names listed in the module's own table
    ("cli.py", "name"),  # argparse destinations named in the code
    ("starter.py", "dest"),  # argparse destinations named in the code
    ("plugins.py", "part"),  # an installed distribution's entry point "module:attr"
    ("plugins.py", "attr"),  # hook functions found on a plugin object
    ("plugins.py", "hook"),  # hook names from the package's own hook list
    ("plugins.py", "f'{GROUP}_impl'"),  # pluggy's marker attribute
    ("profile.py", "q"),  # SCREENING_QUESTIONS, a vocabulary constant
    ("profile.py", "key"),  # keys of the profile's own bounds and vocabulary tables
    ("profile.py", "name"),  # field names of Profile and Screening themselves
    ("facts.py", "q"),  # SCREENING_QUESTIONS, a vocabulary constant
    ("rules.py", "key"),  # "set", "cap", "floor"
    ("exercises.py", "kind"),  # "muscles" or "equipment"
    ("values.py", "a.name"),  # field names of the value class itself
    ("cli.py", "dest"),  # the plan command's own option names (_PLAN_ONLY)
}


def _sources() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(SRC)), ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in sorted(SRC.rglob("*.py"))]


def test_source_scan_sees_every_module() -> None:
    """The scan below reads every module of the package, including packs/."""
    names = [name for name, _ in _sources()]
    assert "engine.py" in names and "rules.py" in names and any(n.startswith("packs/") for n in names)


def _code_from_data(name: str, tree: ast.Module) -> list[str]:
    """Calls that run code and imports of unsafe loaders in one module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            found.append(f"{name}:{node.lineno}: calls {node.func.id}()")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.Import):
                modules = [a.name.split(".")[0] for a in node.names]
            else:
                modules = [node.module.split(".")[0]] if node.module and node.level == 0 else []
            for module in modules:
                if module in FORBIDDEN_MODULES and (Path(name).name, module) not in ALLOWED_MODULES:
                    found.append(f"{name}:{node.lineno}: imports {module}")
        if isinstance(node, ast.Attribute) and node.attr in ("load", "unsafe_load", "full_load") and isinstance(node.value, ast.Name) and node.value.id == "yaml":
            found.append(f"{name}:{node.lineno}: yaml.{node.attr}")
    return found


def _computed_attributes(name: str, tree: ast.Module) -> list[str]:
    """getattr/setattr/delattr/hasattr calls whose name is computed and not on the reviewed list."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "delattr", "hasattr")):
            continue
        if len(node.args) < 2 or (isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            continue
        expression = ast.unparse(node.args[1])
        if (Path(name).name, expression) not in ALLOWED_DYNAMIC_ATTRIBUTES:
            found.append(f"{name}:{node.lineno}: {node.func.id}(..., {expression})")
    return found


def test_no_module_evaluates_code_or_loads_pickles() -> None:
    """No module calls eval/exec/compile/__import__ or imports pickle, yaml, marshal and the like (except reviewed uses)."""
    assert [line for name, tree in _sources() for line in _code_from_data(name, tree)] == []


def test_attribute_lookups_by_name_are_reviewed() -> None:
    """Every getattr/setattr/delattr/hasattr with a computed name is on the reviewed list (none take names from input)."""
    assert [line for name, tree in _sources() for line in _computed_attributes(name, tree)] == []


def test_scan_catches_what_it_looks_for() -> None:
    """The scanners flag eval, exec, a pickle import, yaml.load and a getattr with a computed name."""
    tree = ast.parse("import pickle\nimport yaml\neval(x)\nexec(y)\nyaml.load(s)\ngetattr(obj, name)\ngetattr(obj, 'fixed')\n")
    assert _code_from_data("x.py", tree) == [
        "x.py:1: imports pickle", "x.py:2: imports yaml", "x.py:3: calls eval()", "x.py:4: calls exec()", "x.py:5: yaml.load",
    ]
    assert _computed_attributes("x.py", tree) == ["x.py:6: getattr(..., name)"]
