"""A valid pack also named 'test-shared', and a rule file that loads."""

from __future__ import annotations

from recommender import Exercise, ExercisePack, RuleSource, hookimpl


@hookimpl
def recommender_exercise_packs() -> tuple[ExercisePack, ...]:
    return (ExercisePack(name="test-shared", exercises=(
        Exercise(id="test-shared-b-wall-sit", name="Wall sit", areas=("legs",), pattern="squat", contraindications=("knee_loaded_flexion",)),
    )),)


@hookimpl
def recommender_rule_files() -> tuple[RuleSource, ...]:
    return (RuleSource("shared-b.toml", '[[rule]]\nid = "shared-b.note"\nnotice = "Shared pack b is in use."\nbecause = "b"\nsource = "s"\n'),)
