"""A valid plugin that prints when it is imported, when its hooks run and
when its format renders."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, OutputFormat, Plan, RenderContext, hookimpl

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


def render_chatty(plan: Plan, context: RenderContext) -> str:
    print("chatty format rendering")
    return f"{len(plan.weeks)} weeks\n"


@hookimpl
def recommender_output_formats() -> tuple[OutputFormat, ...]:
    print("chatty plugin asked for its formats")
    return (OutputFormat(name="chatty", description="the number of weeks", suffix=".txt", render=render_chatty),)
