"""Infer the movement pattern and mechanic of a free-exercise-db record."""

from __future__ import annotations

from ._keywords import FLEX, HANGS, PUSH_UP, REAR_DELT, TWIST, Facts, any_of, has

__all__ = ["infer_mechanic", "infer_pattern"]

_PRESSES_CHEST = r"press|\bfly|flyes?\b|crossover|cross over|butterfly|\bdips?\b|svend|around the worlds"


def infer_mechanic(raw: object, muscles: tuple[str, ...]) -> str:
    """Upstream's mechanic, or compound when two or more distinct upstream
    muscles work and isolation otherwise.  Upstream names are counted, not
    ours, so "shoulders" alone (two of our delts) stays one muscle."""
    if raw in ("compound", "isolation"):
        return str(raw)
    return "compound" if len(set(muscles)) >= 2 else "isolation"


# First match wins, so specific names come before the generic words they
# contain ("upright row" before "row", "leg curl" before "curl").  The third
# item, when not empty, restricts a rule to these first primary muscles.
_PATTERN_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (any_of("pallof", "side bridge", "side plank"), "anti_rotation", ()),
    (TWIST, "trunk_rotation", ()),
    (
        any_of(
            FLEX,
            "leg raise",
            "knee.?hip raise",
            "hip raise",
            "pull-in",
            r"tucks?\b",
            "butt-ups",
            "bottoms up",
            "pike",
            "flutter",
            "heel touch",
            "side bend",
            "slam",
        ),
        "trunk_flexion",
        (),
    ),
    (any_of("plank", "roll-?out", "ab roller", "fallout", "dead bug", "wipers", "spider crawl"), "anti_extension", ()),
    (any_of("(?<!reverse )hyperextension", "back extension", "superman"), "trunk_extension", ()),
    (
        any_of(
            "leg curl",
            "hamstring curl",
            "leg extension",
            "adduct",
            "abduct",
            "hip flexion",
            "monster walk",
            "leg lift",
            "hamstring slide",
            "glute[- ]ham",
        ),
        "leg_isolation",
        (),
    ),
    (any_of("lunge", "split squat", r"step[- ]?ups?\b", "bulgarian"), "lunge", ()),
    (any_of("squat", "leg press", "thruster", "snatch balance"), "squat", ()),
    (
        any_of(
            "reverse hyperextension",
            "deadlift",
            "good mornings?",
            r"swings?\b",
            "pull through",
            "romanian",
            "stiff[- ]legs?",
            "rack pulls?",
            r"\bclean",
            "snatch",
            r"high pull\b",
            "pass between",
        ),
        "hinge",
        (),
    ),
    (any_of("farmer", "carry", "suitcase", "waiter", "yoke"), "carry", ()),
    (any_of("bridge", "hip thrust", "hip lift", "butt lift", "hip extension", "kickback"), "bridge", ("glutes",)),
    (any_of(HANGS, "pulldown", "pullover", "high pulley row"), "pull_vertical", ()),
    (r"upright\b.*\brows?\b", "shoulder_raise", ()),
    (any_of(r"\brows?\b", "bench pull", REAR_DELT), "pull_horizontal", ()),
    (PUSH_UP, "push_vertical", ("shoulders",)),  # handstand push-ups
    (PUSH_UP, "push_horizontal", ()),
    (any_of("jerk", "bent press", "overhead press", "military"), "push_vertical", ()),
    (
        any_of(
            "raise",
            "lateral",
            "shrug",
            "scaption",
            "rotation",
            "car drivers",
            "iron cross",
            "pirate ships",
            "partials",
            "front plate",
        ),
        "shoulder_raise",
        ("shoulders", "traps"),
    ),
    (
        any_of("curl", "wrist", "finger", "pronation", "supination", "hand squeeze", "plate pinch"),
        "elbow_flexion",
        ("biceps", "forearms"),
    ),
    (
        any_of(
            "extension",
            "skull",
            "kickback",
            "pushdown",
            "tricep",
            "jm press",
            "tate press",
            r"dips?\b",
            "body-up",
            "press to chin",
        ),
        "elbow_extension",
        ("triceps",),
    ),
    (_PRESSES_CHEST, "push_vertical", ("shoulders",)),
    (_PRESSES_CHEST, "push_horizontal", ()),
)

# When no name rule fires: what the first primary muscle usually does.
_PATTERN_BY_MUSCLE = {
    "quadriceps": "squat",
    "glutes": "bridge",
    "abductors": "leg_isolation",
    "adductors": "leg_isolation",
    "calves": "calf_raise",
    "chest": "push_horizontal",
    "lats": "pull_vertical",
    "middle back": "pull_horizontal",
    "traps": "shoulder_raise",
    "lower back": "trunk_extension",
    "biceps": "elbow_flexion",
    "forearms": "elbow_flexion",
    "triceps": "elbow_extension",
    # No pattern describes neck work; it counts towards shoulders, so it
    # sits with the other small shoulder-girdle movements.
    "neck": "shoulder_raise",
}


def infer_pattern(f: Facts) -> str:
    """The movement pattern, from name rules first, then the primary muscle."""
    first = f.primary[0]
    if first == "calves":
        return "calf_raise"
    for pattern, result, muscles in _PATTERN_RULES:
        if (not muscles or first in muscles) and has(pattern, f.name):
            return result
    if first == "hamstrings":
        return "hinge" if f.mechanic == "compound" else "leg_isolation"
    if first == "shoulders":
        return "push_vertical" if f.force == "push" and f.mechanic == "compound" else "shoulder_raise"
    if first == "abdominals":
        return "anti_extension" if f.force == "static" else "trunk_flexion"
    # Every upstream muscle is in the table; the default only keeps a future
    # upstream muscle from crashing the pack (its record is still mapped).
    return _PATTERN_BY_MUSCLE.get(first, "squat")
