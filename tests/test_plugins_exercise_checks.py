"""Exercises are checked when made, with one fast pass for valid ones: every
invalid exercise is still refused with the first problem the full check
lists, and nothing valid is refused."""

from __future__ import annotations

from typing import Any

import pytest

from recommender import Exercise
from recommender.exercises import exercise_problems

GOOD: dict[str, Any] = {"id": "my-squat", "name": "Squat", "areas": ("legs", "glutes"), "muscles": ("quadriceps",),
                        "equipment": ("dumbbells",), "contraindications": ("knee_loaded_flexion",)}

BAD = [
    ("id", "My Squat", "id: expected a lower-case slug"),
    ("id", "", "id: expected a lower-case slug"),
    ("name", "  ", "name: expected a non-empty string"),
    ("name", 7, "name: expected a non-empty string"),
    ("name", "Squat\x1b[31m", r"name: expected text without control characters, got 'Squat\\x1b\[31m'"),
    ("name", "Squat\nJump", "name: expected text without control characters"),
    ("name", "Squat\u202e", "name: expected text without control characters"),
    ("name", "Squat\u2066", "name: expected text without control characters"),
    ("name", "Goblet squat\U000e0069\U000e0067", "name: expected text without control characters"),
    ("name", "Squat\ufff9hidden\ufffb", "name: expected text without control characters"),
    ("name", "Squat\u2028Jump", "name: expected text without control characters"),
    ("areas", (), "areas: expected at least one area"),
    ("areas", ("legs", "nowhere"), "areas: unknown value 'nowhere'"),
    ("muscles", ("quads",), "muscles: unknown value 'quads'"),
    ("equipment", ("barbell-ish",), "equipment: unknown value 'barbell-ish'"),
    ("contraindications", ("knee",), "contraindications: unknown value 'knee'"),
    ("level", "expert", "level: expected one of"),
    ("pattern", "jump", "pattern: expected one of"),
    ("mechanic", "both", "mechanic: expected one of"),
    ("unit", "minutes", "unit: expected 'reps' or 'seconds'"),
    ("seconds_per_set", 4, "seconds_per_set: expected an integer from 5 to 600"),
    ("seconds_per_set", 601, "seconds_per_set: expected an integer from 5 to 600"),
    ("seconds_per_set", True, "seconds_per_set: expected an integer from 5 to 600"),
    ("seconds_per_set", 40.0, "seconds_per_set: expected an integer from 5 to 600"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD, ids=[f"{f}={v!r}" for f, v, _ in BAD])
def test_invalid_exercises_are_refused_with_the_first_problem(field: str, value: object, message: str) -> None:
    """Each invalid field is refused with the message the full check gives first."""
    with pytest.raises(ValueError, match=f"^exercise .*: {message}"):
        Exercise(**{**GOOD, field: value})


def test_unhashable_values_are_still_refused() -> None:
    """A list inside a list of names is refused, as before the fast pass."""
    with pytest.raises(TypeError):
        Exercise(**{**GOOD, "areas": (["legs"],)})


def test_valid_exercises_are_accepted_including_str_subclasses() -> None:
    """Valid exercises, also with str subclasses the fast pass leaves to the full check, are made."""

    class Name(str):
        pass

    assert Exercise(**GOOD).id == "my-squat"
    assert Exercise(**{**GOOD, "name": "Sentadilla búlgara\u00a0con mancuernas"}).name.startswith("Sentadilla")
    # The zero-width non-joiner of Persian spelling, an emoji's joiner and a soft hyphen are part of ordinary text.
    for name in ("\u0627\u0633\u06a9\u0627\u062a\u200c\u067e\u0627", "\U0001f3cb\ufe0f\u200d\u2640\ufe0f Squat", "Push\xadup"):
        assert Exercise(**{**GOOD, "name": name}).name == name
    made = Exercise(**{**GOOD, "id": Name("my-squat"), "level": Name("advanced"), "unit": "seconds", "seconds_per_set": 600})
    assert exercise_problems(made) == []
