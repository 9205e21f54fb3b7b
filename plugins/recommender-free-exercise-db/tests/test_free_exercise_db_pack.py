"""The shipped free-exercise-db pack as a whole."""

from __future__ import annotations

import json
from importlib import resources

from recommender.exercises import ExercisePack, pack_problems
from recommender.testing import check_pack, check_plugin
from recommender.vocabulary import AREAS

import recommender_free_exercise_db as plugin


def test_pack_validates() -> None:
    """The pack passes the loader's own validation."""
    pack, _ = plugin.load_pack()
    assert pack_problems(pack) == []
    assert check_pack(pack) == []


def test_plugin_loads_cleanly() -> None:
    """The loader finds nothing wrong with the module: hook names, arguments, results, clashes."""
    assert check_plugin(plugin) == []


def test_hook_returns_the_pack() -> None:
    """The hook returns exactly the cached pack."""
    packs = tuple(plugin.recommender_exercise_packs())
    assert packs == (plugin.load_pack()[0],)
    assert isinstance(packs[0], ExercisePack)
    assert packs[0].name == "free-exercise-db"


def test_shipped_mapping_is_current() -> None:
    """mapped.json is exactly what the mapping code makes of exercises.json (rebuild: tools/build_data.py --mapped-only)."""
    records = json.loads(resources.files(plugin).joinpath("exercises.json").read_text(encoding="utf-8"))
    shipped = json.loads(resources.files(plugin).joinpath("mapped.json").read_text(encoding="utf-8"))
    assert shipped == plugin.mapped_data(records)


def test_load_pack_is_cached() -> None:
    """Loading twice returns the same objects."""
    assert plugin.load_pack() is plugin.load_pack()


def test_ids_are_unique() -> None:
    """No two exercises share an id."""
    ids = [e.id for e in plugin.load_pack()[0].exercises]
    assert len(ids) == len(set(ids))


def test_at_least_500_mapped() -> None:
    """Most of the 654 shipped records map."""
    assert len(plugin.load_pack()[0].exercises) >= 500


def test_every_area_present() -> None:
    """Each of the seven areas has exercises."""
    areas = {a for e in plugin.load_pack()[0].exercises for a in e.areas}
    assert areas == set(AREAS)


def test_mapped_plus_skipped_is_every_record() -> None:
    """Every shipped record is either mapped or reported as skipped."""
    pack, report = plugin.load_pack()
    data = json.loads(resources.files(plugin).joinpath("exercises.json").read_text(encoding="utf-8"))
    skipped = [line for line in report if line.startswith("skipped")]
    assert len(pack.exercises) + len(skipped) == len(data)


def test_report_names_unmapped_values() -> None:
    """The report lists skipped records and the value that had no equivalent."""
    _, report = plugin.load_pack()
    assert report
    assert list(report) == sorted(report)
    assert "skipped 'Ab Roller': equipment 'other' has no equivalent" in report
    assert "skipped 'Bodyweight Walking Lunge': equipment null has no equivalent" in report
    reasons = ("has no equivalent", "the built-in pack already has id", "a barbell lift caught at speed")
    assert all(any(reason in line for reason in reasons) for line in report)


def test_ids_never_clash_with_the_built_in_pack() -> None:
    """Records the built-in pack already has are left out and reported, so installing the pack prints no warning."""
    from recommender.packs.default import PACK as BUILTIN

    pack, report = plugin.load_pack()
    builtin_ids = {e.id for e in BUILTIN.exercises}
    assert not builtin_ids & {e.id for e in pack.exercises}
    data = json.loads(resources.files(plugin).joinpath("exercises.json").read_text(encoding="utf-8"))
    clashing = [e for e in plugin.map_records(data)[0] if e.id in builtin_ids]
    assert clashing, "upstream shares at least one id (chin-up) with the built-in pack"
    for e in clashing:
        assert f"skipped {e.name!r}: the built-in pack already has id {e.id!r}" in report


def test_attribution_names_source_and_licence() -> None:
    """The pack credits free-exercise-db and its public-domain licence."""
    attribution = plugin.load_pack()[0].attribution
    assert "free-exercise-db" in attribution
    assert "github.com/yuhonas/free-exercise-db" in attribution
    assert "Unlicense" in attribution


def test_data_file_holds_structured_fields_only() -> None:
    """The bundled data carries no instructions or images."""
    text = resources.files(plugin).joinpath("exercises.json").read_text(encoding="utf-8")
    records = json.loads(text)
    allowed = {
        "id",
        "name",
        "force",
        "level",
        "mechanic",
        "equipment",
        "primaryMuscles",
        "secondaryMuscles",
        "category",
    }
    assert all(set(r) == allowed for r in records)
    assert {r["category"] for r in records} == {"strength", "powerlifting", "olympic weightlifting"}
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
