"""The shared vocabulary: every name a profile, rule or exercise pack may use.

Profiles, rules and packs are validated against these tuples, so a typo is an
error at the boundary rather than a rule that silently never fires.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "AEROBIC_INTENSITIES",
    "AREAS",
    "CONDITIONS",
    "CONTRAINDICATIONS",
    "DAYS",
    "EQUIPMENT",
    "GOALS",
    "INJURIES",
    "LEVELS",
    "MECHANICS",
    "MUSCLES",
    "MUSCLE_AREA",
    "NOTICE_LEVELS",
    "PATTERNS",
    "SCREENING_QUESTIONS",
]

#: Body areas, in the order sessions train them after the target areas:
#: large before small, multi-joint before single-joint (ACSM 2009).
AREAS: Final = ("legs", "glutes", "back", "chest", "shoulders", "arms", "core")

#: Equipment a profile may own.  Bodyweight is always available.
EQUIPMENT: Final = (
    "bodyweight",
    "dumbbells",
    "resistance_band",
    "barbell",
    "kettlebell",
    "pull_up_bar",
    "bench",
    "machines",
    "cable",
    "suspension_trainer",
    "medicine_ball",
    "stability_ball",
)

INJURIES: Final = ("knee", "lower_back", "shoulder", "wrist", "hip", "ankle", "neck")

CONDITIONS: Final = ("hypertension", "pregnancy", "osteoporosis", "heart_disease")

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Training experience, also an exercise's minimum level.
LEVELS: Final = ("beginner", "intermediate", "advanced")

GOALS: Final = ("fat_loss", "strength", "general_fitness")

#: The intensity a plan's aerobic recommendation may name: the rules'
#: aerobic minutes are minutes of moderate activity.
AEROBIC_INTENSITIES: Final = ("moderate",)

#: A notice's level, most important first.
NOTICE_LEVELS: Final = ("critical", "warning", "info")

MECHANICS: Final = ("compound", "isolation")

#: Movement patterns, used to keep a session varied and to find substitutes.
PATTERNS: Final = (
    "squat",
    "hinge",
    "lunge",
    "bridge",
    "leg_isolation",
    "calf_raise",
    "push_horizontal",
    "push_vertical",
    "pull_horizontal",
    "pull_vertical",
    "shoulder_raise",
    "elbow_flexion",
    "elbow_extension",
    "carry",
    "anti_extension",
    "anti_rotation",
    "trunk_flexion",
    "trunk_rotation",
    "trunk_extension",
)

#: Muscles, each mapped to the area whose weekly sets it counts towards.
MUSCLE_AREA: Final = {
    "quadriceps": "legs",
    "hamstrings": "legs",
    "adductors": "legs",
    "calves": "legs",
    "glutes": "glutes",
    "abductors": "glutes",
    "lats": "back",
    "upper_back": "back",
    "traps": "back",
    "lower_back": "back",
    "chest": "chest",
    "front_delts": "shoulders",
    "side_delts": "shoulders",
    "rear_delts": "shoulders",
    "biceps": "arms",
    "triceps": "arms",
    "forearms": "arms",
    "abs": "core",
    "obliques": "core",
    "neck": "shoulders",
}
MUSCLES: Final = tuple(MUSCLE_AREA)

#: Contraindication tags an exercise carries and rules exclude.  The meaning of
#: each tag is part of the public vocabulary (see docs/plugins.md).
CONTRAINDICATIONS: Final = {
    "knee_loaded_flexion": "deep knee bend under load (squats, lunges, leg press)",
    "knee_impact": "jumping or landing on the knees",
    "spine_axial_load": "heavy load carried through the spine (barbell squat, standing barbell press)",
    "spine_loaded_flexion": "bending the spine forward against resistance (sit-ups, crunches)",
    "spine_loaded_rotation": "twisting the spine against resistance (Russian twists, wood chops)",
    "hip_deep_flexion": "deep hip bend under load",
    "shoulder_overhead": "pressing or pulling with the arms overhead",
    "shoulder_end_range": "shoulder at the end of its range under load (dips, deep flyes)",
    "wrist_loaded_extension": "body weight or load on a bent-back wrist (push-ups on palms, planks on hands)",
    "grip_heavy": "heavy sustained grip (deadlifts, farmer carries, hangs)",
    "ankle_impact": "jumping, hopping or skipping",
    "balance_single_leg": "standing on one leg under load",
    "neck_load": "load on the head or neck (neck bridges, headstands, heavy shrugs)",
    "supine": "lying on the back",
    "prone": "lying face down",
    "breath_hold": "maximal effort or long holds that invite breath-holding",
    "head_down": "head below the heart (inversions, decline positions)",
    "high_impact": "plyometric or high-impact landings",
}

#: PAR-Q style screening questions (CSEP classic PAR-Q), yes/no.
SCREENING_QUESTIONS: Final = {
    "heart_condition": "Has a doctor said you have a heart condition and should only do activity a doctor recommends?",
    "chest_pain_activity": "Do you feel chest pain when you do physical activity?",
    "chest_pain_rest": "In the past month, have you had chest pain when you were not doing physical activity?",
    "dizziness": "Do you lose balance because of dizziness, or do you ever lose consciousness?",
    "bone_joint_problem": "Do you have a bone or joint problem that a change in activity could make worse?",
    "blood_pressure_medication": "Is a doctor currently prescribing drugs for your blood pressure or a heart condition?",
    "back_red_flags": "Do you have back pain with numbness around the groin, new bladder or bowel trouble, fever, or after a fall or accident?",
    "other_reason": "Do you know of any other reason you should not do physical activity?",
}
