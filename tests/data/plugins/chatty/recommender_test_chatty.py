"""A valid plugin that prints when it is imported and when its hook runs."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl

print("chatty plugin loaded")

PACK = ExercisePack(
    name="test-chatty",
    exercises=(
        Exercise(id="test-chatty-wall-sit", name="Wall sit", areas=("legs",), muscles=("quadriceps",),
                 pattern="squat", contraindications=("knee_loaded_flexion",)),
    ),
)


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    print("chatty plugin asked for its packs")
    return (PACK,)
