"""An app with its own exercises and its own rule, and no plugin discovery.

The pack and the rule live in the application's code; nothing is installed
and no entry point is read.
"""

from __future__ import annotations

from recommender import Engine, Exercise, ExercisePack, RuleSource, profile_from_dict

STUDIO = ExercisePack(
    name="studio",
    title="Our studio's exercises",
    exercises=(
        Exercise(id="box-squat", name="Box squat", areas=("legs", "glutes"), muscles=("quadriceps", "glutes"),
                 pattern="squat", contraindications=("knee_loaded_flexion",), seconds_per_set=40),
        Exercise(id="hamstring-slide", name="Hamstring slide", areas=("legs",), muscles=("hamstrings",),
                 pattern="leg_isolation", mechanic="isolation", contraindications=("supine",)),
        Exercise(id="hip-hinge-band", name="Band hip hinge", areas=("glutes",), muscles=("glutes", "hamstrings"),
                 equipment=("resistance_band",), pattern="hinge"),
        Exercise(id="band-row", name="Band row", areas=("back",), muscles=("upper_back", "lats"),
                 equipment=("resistance_band",), pattern="pull_horizontal"),
        Exercise(id="band-pulldown", name="Band pulldown", areas=("back",), muscles=("lats",),
                 equipment=("resistance_band",), pattern="pull_vertical", contraindications=("shoulder_overhead",)),
        Exercise(id="incline-push-up", name="Incline push-up", areas=("chest",), muscles=("chest", "triceps"),
                 pattern="push_horizontal", contraindications=("wrist_loaded_extension",)),
        Exercise(id="band-press", name="Standing band press", areas=("shoulders",), muscles=("front_delts",),
                 equipment=("resistance_band",), pattern="push_vertical", contraindications=("shoulder_overhead",)),
        Exercise(id="band-raise", name="Band lateral raise", areas=("shoulders",), muscles=("side_delts",),
                 equipment=("resistance_band",), pattern="shoulder_raise", mechanic="isolation"),
        Exercise(id="band-curl", name="Band curl", areas=("arms",), muscles=("biceps",),
                 equipment=("resistance_band",), pattern="elbow_flexion", mechanic="isolation"),
        Exercise(id="dead-bug", name="Dead bug", areas=("core",), muscles=("abs",), pattern="anti_extension",
                 mechanic="isolation", contraindications=("supine",)),
    ),
)

# Our coaches never program overhead pressing: a rule in the user layer.
NO_OVERHEAD = RuleSource(
    "studio-rules.toml",
    """
[[rule]]
id = "studio.no-overhead"
exclude = ["shoulder_overhead"]
because = "Our studio does not program overhead work."
source = "Studio coaching policy"
""",
)


def main() -> None:
    engine = Engine(packs=[STUDIO], rules=[NO_OVERHEAD], default_pack=False, plugins=False)
    profile = profile_from_dict(
        {"age": 38, "experience": "beginner", "goal": "general_fitness", "target_areas": ["glutes"],
         "equipment": ["resistance_band"], "days": ["tue", "fri"], "session_minutes": 50, "weeks": 4,
         "start": "2027-01-05"}
    )
    plan = engine.recommend(profile)
    used = sorted({(e.pack, e.id) for w in plan.weeks for s in w.sessions for e in s.exercises})
    print("packs used:", sorted({p for p, _ in used}))
    print("exercises:", ", ".join(i for _, i in used))
    print("studio rule fired:", "studio.no-overhead" in plan.rules_fired)


if __name__ == "__main__":
    main()
