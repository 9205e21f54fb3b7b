"""A pack named 'test-shared' (this plugin sorts first), and a rule file that does not load."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, RuleSource, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="test-shared", exercises=(
        Exercise(id="test-shared-a-squat", name="Squat", areas=("legs",), pattern="squat"),
    )),)


@hookimpl
def recommender_rule_files() -> tuple[RuleSource, ...]:
    return (RuleSource("r.toml", "[[rule]]\nid = 1\n"),)
