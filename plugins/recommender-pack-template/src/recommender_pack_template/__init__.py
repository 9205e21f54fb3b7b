"""A minimal exercise pack to copy when writing your own.

A plugin is an ordinary module.  ``recommender`` finds it through the
``recommender`` entry-point group declared in this distribution's
``pyproject.toml``::

    [project.entry-points.recommender]
    pack-template = "recommender_pack_template"

and calls any function in it that is named after a hook and marked with
``@hookimpl``.  This module implements one hook, which returns one pack.
"""

from __future__ import annotations

# Exercise and ExercisePack are frozen values: once built they cannot change,
# so the engine can share them freely.  hookimpl marks the hook function.
from recommender.exercises import Exercise, ExercisePack
from recommender.hookspecs import hookimpl

__all__ = ["PACK", "recommender_exercise_packs"]

# Every name below (areas, muscles, equipment, levels, patterns, mechanics,
# contraindication tags) must come from recommender.vocabulary; a typo is
# rejected when the Exercise is built, not silently ignored.
EXERCISES = (
    # The smallest useful entry: an id, a name and the areas it trains.
    # Everything else has a default (beginner, compound, no equipment,
    # 40 seconds per set), but say the pattern: the default "squat" is only
    # right for squats.
    Exercise(
        # A lower-case slug, unique within this pack.  The prefix keeps it
        # clear of other packs' ids: an id another pack already uses is left
        # out with a warning.  Plans store ids, so never rename one once the
        # pack is published.
        id="template-wall-push-up",
        name="Wall Push-Up",
        # Areas this exercise trains hard: its sets count towards them.
        areas=("chest", "arms"),
        # Muscles add detail; they do not count towards the weekly sets.
        muscles=("chest", "triceps", "front_delts"),
        pattern="push_horizontal",
        # Tags let safety rules exclude the exercise.  Hands on the wall still
        # bend the wrists back under part of the body weight.
        contraindications=("wrist_loaded_extension",),
    ),
    Exercise(
        id="template-glute-bridge",
        name="Glute Bridge",
        areas=("glutes",),
        muscles=("glutes", "hamstrings"),
        pattern="bridge",
        # Lying on the back: rules for later pregnancy exclude "supine".
        contraindications=("supine",),
    ),
    Exercise(
        id="template-bird-dog",
        name="Bird Dog",
        areas=("core",),
        muscles=("abs", "lower_back", "glutes"),
        pattern="anti_rotation",
        contraindications=("wrist_loaded_extension",),
        # One side, then the other: the set time covers both sides.
        seconds_per_set=70,
    ),
    Exercise(
        id="template-supported-dumbbell-row",
        name="Bench-Supported Dumbbell Row",
        areas=("back",),
        muscles=("lats", "upper_back", "biceps"),
        # List everything the exercise needs; a plan only uses exercises
        # whose equipment the person owns.
        equipment=("dumbbells", "bench"),
        pattern="pull_horizontal",
        seconds_per_set=70,
    ),
)

# The pack name is how people and plans refer to the pack: a lower-case slug,
# unique among installed packs.  Bump version when the exercises change.
PACK = ExercisePack(
    name="pack-template",
    exercises=EXERCISES,
    title="Template pack",
    version="1",
)


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    """Provide this plugin's packs (any iterable of ExercisePack will do)."""
    return (PACK,)
