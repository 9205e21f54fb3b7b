"""A valid pack, and an output-format hook that raises."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, OutputFormat, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="test-pack-format-raises", exercises=(
        Exercise(id="test-pack-format-raises-squat", name="Squat", areas=("legs",), pattern="squat"),
    )),)


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    raise RuntimeError("the template file is missing")
