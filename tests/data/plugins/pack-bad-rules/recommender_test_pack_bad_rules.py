"""A valid pack, and a rule file that does not load."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, RuleSource, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="test-pack-bad-rules", exercises=(
        Exercise(id="test-pack-bad-rules-squat", name="Squat", areas=("legs",), pattern="squat"),
    )),)


@hookimpl
def recommender_rule_files() -> tuple[RuleSource, ...]:
    return (RuleSource("r.toml", "[[rule]]\nid = 1\n"),)
