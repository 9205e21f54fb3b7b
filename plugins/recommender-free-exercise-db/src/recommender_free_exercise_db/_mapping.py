"""Map free-exercise-db records onto the recommender vocabulary.

:func:`map_records` is pure: records in, ``(exercises, report)`` out.  A
record that cannot be mapped becomes a report line instead of an exception,
because one odd upstream record must not take the whole pack down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from recommender.exercises import Exercise, VocabularyMap
from recommender.vocabulary import LEVELS, MECHANICS, MUSCLE_AREA

from ._extras import extra_equipment, seconds_per_set, unit
from ._keywords import Facts, caught_barbell_lift, trains_rear_delts
from ._patterns import infer_mechanic, infer_pattern
from ._tags import infer_tags

__all__ = ["REAR_DELT_VOCABULARY", "VOCABULARY", "map_record", "map_records", "slug"]

_MUSCLES: dict[str, tuple[str, ...]] = {
    "abdominals": ("abs",),
    "abductors": ("abductors",),
    "adductors": ("adductors",),
    "biceps": ("biceps",),
    "calves": ("calves",),
    "chest": ("chest",),
    "forearms": ("forearms",),
    "glutes": ("glutes",),
    "hamstrings": ("hamstrings",),
    "lats": ("lats",),
    "lower back": ("lower_back",),
    "middle back": ("upper_back",),
    "neck": ("neck",),
    "quadriceps": ("quadriceps",),
    # Upstream has one "shoulders" muscle; most of its shoulder work is
    # pressing and raising, which is front and side delts.
    "shoulders": ("front_delts", "side_delts"),
    "traps": ("traps",),
    "triceps": ("triceps",),
}

#: The shared translation.  "foam roll", "other" and a missing value are
#: deliberately absent: none names equipment a profile can declare.
VOCABULARY = VocabularyMap(
    muscles=_MUSCLES,
    equipment={
        "body only": (),
        "dumbbell": ("dumbbells",),
        "barbell": ("barbell",),
        # An EZ bar is a bent barbell; anyone with a barbell can do the movement.
        "e-z curl bar": ("barbell",),
        "kettlebells": ("kettlebell",),
        "cable": ("cable",),
        "machine": ("machines",),
        "bands": ("resistance_band",),
        "medicine ball": ("medicine_ball",),
        "exercise ball": ("stability_ball",),
    },
    levels={"beginner": "beginner", "intermediate": "intermediate", "expert": "advanced"},
)

#: Used instead of :data:`VOCABULARY` for rear-delt work (reverse flyes, face
#: pulls), where "shoulders" means the back of the shoulder.
REAR_DELT_VOCABULARY = VocabularyMap(
    muscles={**_MUSCLES, "shoulders": ("rear_delts",)},
    equipment=VOCABULARY.equipment,
    levels=VOCABULARY.levels,
)

_NOT_SLUG = re.compile(r"[^a-z0-9_.-]+")


def slug(raw_id: str) -> str:
    """Lower-case ``raw_id`` and replace anything a pack id may not contain."""
    text = _NOT_SLUG.sub("-", raw_id.lower()).lstrip("_.-")
    return (text or "exercise")[:80]


def _show(value: object) -> str:
    return "null" if value is None else repr(value)


def _text(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def _names(record: Mapping[str, object], key: str) -> tuple[str, ...] | None:
    value = record.get(key)
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def map_record(record: object) -> tuple[Exercise | None, list[str]]:
    """Map one upstream record; ``None`` plus the reason when it is skipped."""
    fields, notes = _fields(record)
    if fields is None:
        return None, notes
    exercise, problems = _build(fields)
    return exercise, notes + problems


def map_records(records: Iterable[object]) -> tuple[tuple[Exercise, ...], tuple[str, ...]]:
    """Map ``records``; return the exercises and a sorted report of what was
    skipped, dropped or renamed.  Never raises on a malformed record."""
    exercises: list[Exercise] = []
    report: list[str] = []
    taken: set[str] = set()
    for record in records:
        fields, notes = _fields(record)
        report.extend(notes)
        if fields is None:
            continue
        wanted = str(fields["id"])
        fields["id"] = _unique(wanted, taken)
        if fields["id"] != wanted:
            report.append(f"renamed {fields['name']!r}: id {wanted!r} was taken, using {fields['id']!r}")
        exercise, problems = _build(fields)
        report.extend(problems)
        if exercise is not None:
            taken.add(exercise.id)
            exercises.append(exercise)
    return tuple(exercises), tuple(sorted(report))


def _build(fields: dict[str, object]) -> tuple[Exercise | None, list[str]]:
    try:
        return Exercise(**fields), []  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        # A heuristic produced something the vocabulary rejects: report it
        # rather than lose every other exercise in the pack.
        return None, [f"skipped {fields['name']!r}: {exc}"]


def _unique(candidate: str, taken: set[str]) -> str:
    unique, n = candidate, 1
    while unique in taken:
        n += 1
        suffix = f"-{n}"
        unique = candidate[: 80 - len(suffix)] + suffix
    return unique


def _fields(record: object) -> tuple[dict[str, object] | None, list[str]]:
    """The keyword arguments for :class:`Exercise`, or ``None`` and why not."""
    if not isinstance(record, Mapping):
        return None, [f"skipped record {_show(record)[:60]}: not a JSON object"]
    name = (_text(record, "name") or "").strip()
    raw_id = _text(record, "id") or name
    label = repr(name or raw_id or "<unnamed>")
    if not name or not raw_id.strip():
        return None, [f"skipped {label}: needs a non-empty name and id"]
    vocab = REAR_DELT_VOCABULARY if trains_rear_delts(name) else VOCABULARY

    raw_equipment = record.get("equipment")
    if not isinstance(raw_equipment, str) or raw_equipment not in vocab.equipment:
        return None, [f"skipped {label}: equipment {_show(raw_equipment)} has no equivalent"]
    raw_level = record.get("level")
    if not isinstance(raw_level, str) or vocab.levels.get(raw_level) not in LEVELS:
        return None, [f"skipped {label}: level {_show(raw_level)} has no equivalent"]
    primary = _names(record, "primaryMuscles")
    secondary = _names(record, "secondaryMuscles")
    if not primary or secondary is None:
        return None, [f"skipped {label}: muscles must be lists of names, primary not empty"]
    primary_mapped, primary_unmapped = vocab.translate("muscles", primary)
    if primary_unmapped:
        return None, [f"skipped {label}: primary muscle {_show(primary_unmapped[0])} has no equivalent"]
    secondary_mapped, secondary_unmapped = vocab.translate("muscles", secondary)
    notes = [f"dropped secondary muscle {_show(m)} from {label}: no equivalent" for m in secondary_unmapped]

    raw_mechanic = record.get("mechanic")
    if raw_mechanic is not None and raw_mechanic not in MECHANICS:
        notes.append(f"inferred mechanic for {label}: {_show(raw_mechanic)} has no equivalent")
    gear = vocab.translate("equipment", [raw_equipment])[0]
    facts = Facts(
        name=name.lower(),
        category=_text(record, "category") or "",
        force=_text(record, "force"),
        gear=gear,
        primary=primary,
        muscles=tuple(dict.fromkeys(primary + secondary)),
        mechanic=infer_mechanic(raw_mechanic, primary + secondary),
    )
    if caught_barbell_lift(facts):
        # Every plan doses its exercises as sets ending 1-3 reps short of
        # failure; a snatch, clean or jerk done so loses its technique as it
        # tires, and a bar caught at speed then overstrains.  Pulls,
        # deadlifts and shrugs from the floor stay.
        return None, [f"skipped {label}: a barbell lift caught at speed, which sets near fatigue do not suit"]
    level = vocab.levels[raw_level]
    if facts.category == "olympic weightlifting" and level == "beginner":
        # Barbell lifts caught at speed need coaching first, whatever upstream says.
        level = "intermediate"
    fields: dict[str, object] = {
        "id": slug(raw_id),
        "name": name,
        "areas": tuple(dict.fromkeys(MUSCLE_AREA[m] for m in primary_mapped)),
        "muscles": tuple(dict.fromkeys(primary_mapped + secondary_mapped)),
        "equipment": gear + tuple(e for e in extra_equipment(facts) if e not in gear),
        "level": level,
        "pattern": infer_pattern(facts),
        "mechanic": facts.mechanic,
        "contraindications": infer_tags(facts),
        "seconds_per_set": seconds_per_set(facts),
        "unit": unit(facts),
    }
    return fields, notes
