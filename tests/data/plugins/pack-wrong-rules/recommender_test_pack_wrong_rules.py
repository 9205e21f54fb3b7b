"""A valid pack, and a rule-file hook that returns a string instead of a RuleSource."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="test-pack-wrong-rules", exercises=(
        Exercise(id="test-pack-wrong-rules-squat", name="Squat", areas=("legs",), pattern="squat"),
    )),)


@hookimpl
def recommender_rule_files() -> list[object]:
    return ["not a rulesource"]
