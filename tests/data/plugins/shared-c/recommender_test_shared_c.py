"""A valid pack (sorting after shared-b) named 'test-shared', and a rule file that loads."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, RuleSource, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="test-shared", exercises=(
        Exercise(id="test-shared-c-wall-sit", name="Wall sit", areas=("legs",), pattern="squat", contraindications=("knee_loaded_flexion",)),
    )),)


@hookimpl
def recommender_rule_files() -> tuple[RuleSource, ...]:
    return (RuleSource("shared-c.toml", '[[rule]]\nid = "shared-c.note"\nnotice = "Shared pack c is in use."\nbecause = "b"\nsource = "s"\n'),)
