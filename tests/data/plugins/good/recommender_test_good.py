"""A valid plugin: one pack whose ids no other pack uses."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl

PACK = ExercisePack(
    name="test-good",
    exercises=(
        Exercise(id="test-good-wall-sit", name="Wall sit", areas=("legs",), muscles=("quadriceps",),
                 pattern="squat", contraindications=("knee_loaded_flexion",)),
        Exercise(id="test-good-dead-bug", name="Dead bug", areas=("core",), muscles=("abs",),
                 pattern="anti_extension", mechanic="isolation", contraindications=("supine",)),
    ),
)


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (PACK,)
