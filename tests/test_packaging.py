"""The wheel is complete: rules, the typed marker and the console script;
and a plugin made from the template by following the tutorial ships its code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_rules_and_marker(tmp_path: Path) -> None:
    """A built wheel contains every shipped rule file, py.typed, the `recommend` entry point and the licence text
    (MIT asks that it go with every copy)."""
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert r.returncode == 0, r.stderr
    (wheel,) = tmp_path.glob("recommender-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule in (ROOT / "rules").glob("*.toml"):
        assert f"recommender/rules/{rule.name}" in names
    assert "recommender/py.typed" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "recommend = recommender.cli:entry_point" in zipfile.ZipFile(wheel).read(entry).decode()
    (licence,) = (n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
    assert zipfile.ZipFile(wheel).read(licence) == (ROOT / "LICENSE").read_bytes()


def _wheel_names(project: Path, out: Path) -> set[str]:
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(project)],
        capture_output=True, text=True, check=False,
    )
    assert r.returncode == 0, r.stderr
    (wheel,) = out.glob("*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_template_copied_as_the_tutorial_says_ships_its_code(tmp_path: Path) -> None:
    """Renaming the template's package, project name and entry point (the tutorial's steps 1 and 2) gives a wheel with the code."""
    project = tmp_path / "recommender-home-yoga"
    shutil.copytree(ROOT / "plugins" / "recommender-pack-template", project, ignore=shutil.ignore_patterns("*.egg-info", "build", "__pycache__"))
    (project / "src" / "recommender_pack_template").rename(project / "src" / "recommender_home_yoga")
    toml = project / "pyproject.toml"
    text = toml.read_text(encoding="utf-8")
    for old, new in (('name = "recommender-pack-template"', 'name = "recommender-home-yoga"'),
                     ('pack-template = "recommender_pack_template"', 'home-yoga = "recommender_home_yoga"')):
        assert old in text
        text = text.replace(old, new)
    toml.write_text(text, encoding="utf-8")
    names = _wheel_names(project, tmp_path / "wheel")
    assert {"recommender_home_yoga/__init__.py", "recommender_home_yoga/py.typed"} <= names
    assert not any(n.startswith("recommender_pack_template/") for n in names)


def test_template_copied_as_the_tutorial_says_passes_its_tests(tmp_path: Path) -> None:
    """After the tutorial's renames in steps 1 and 2, tests included, the copy installs and its own tests pass."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    project = tmp_path / "recommender-home-yoga"
    shutil.copytree(ROOT / "plugins" / "recommender-pack-template", project, ignore=shutil.ignore_patterns("*.egg-info", "build", "__pycache__"))
    (project / "src" / "recommender_pack_template").rename(project / "src" / "recommender_home_yoga")
    renames = {
        "pyproject.toml": [('name = "recommender-pack-template"', 'name = "recommender-home-yoga"'),
                           ('pack-template = "recommender_pack_template"', 'home-yoga = "recommender_home_yoga"')],
        "tests/conftest.py": [("recommender_pack_template", "recommender_home_yoga")],
        "tests/test_pack_template.py": [("recommender_pack_template", "recommender_home_yoga")],
        "tests/test_pack_template_entry_point.py": [("recommender_pack_template", "recommender_home_yoga"),
                                                    ('found["pack-template"]', 'found["home-yoga"]'),
                                                    ('"pack-template" in found', '"home-yoga" in found'),
                                                    ('ep.name == "pack-template"', 'ep.name == "home-yoga"')],
    }
    assert "replace `recommender_pack_template`\nwith `recommender_home_yoga` in the three files under `tests/`" in guide
    assert '(`found["pack-template"]`, `ep.name == "pack-template"`)' in guide
    for rel, pairs in renames.items():
        path = project / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    _wheel_names(project, tmp_path / "wheel")
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(site), RECOMMENDER_CACHE_DIR=str(tmp_path / "cache"))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=project, env=env,
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_template_wheel_ships_its_package(tmp_path: Path) -> None:
    """The template itself still builds a wheel with its module and type marker."""
    names = _wheel_names(ROOT / "plugins" / "recommender-pack-template", tmp_path)
    assert {"recommender_pack_template/__init__.py", "recommender_pack_template/py.typed"} <= names
