"""Infer contraindication tags for a free-exercise-db record.

Where a name is ambiguous the rules lean towards tagging: an extra tag only
hides an exercise from someone a safety rule protects, while a missing one
could show them something it should not.
"""

from __future__ import annotations

from recommender.vocabulary import CONTRAINDICATIONS

from ._keywords import CATCH, FLEX, HANGS, PUSH_UP, SNATCH, TWIST, Facts, any_of, has

__all__ = ["infer_tags"]

_JUMP = any_of(r"\bjump", r"\bplyo", r"\bhops?\b", r"\bhopping\b", r"\bbound(s|ing)?\b", r"\bsprints?\b")
_KNEE_BEND = any_of("squat", "lunge", "leg press", r"step[- ]?ups?\b", "thruster", "pistol", "get-?up")
_AXIAL = any_of(
    "squat",
    "deadlift",
    "good mornings?",
    r"\bclean\b",
    "snatch",
    "jerk",
    "lunge",
    r"step[- ]?ups?\b",
    "rack pulls?",
    "shrug",
    "thruster",
    "push press",
)
_LIES_PRONE = any_of(
    "prone",
    "face down",
    "facing down",
    "downward facing",
    "superman",
    "hyperextension",
    "lying (leg curl|t-bar|cambered)",
    "lying.*rear",
    # Names that hide it; upstream's instructions lie face down on an incline bench.
    "anti-gravity press",
    "straight raises on incline bench",
    "incline bench pull",
    "dumbbell incline row",  # chest on the bench, as the built-in chest-supported row
)
_LIES_SUPINE = any_of(
    r"\blying\b",
    "supine",
    "face up",
    "floor press",
    "skull",
    "pullover",
    "bridge",
    "hip raise",
    "hip lift",
    "dead bug",
    "flutter",
    "cocoons",
    "decline",
    "jm press",
    "tate press",
    "board press",
    "pin press",
    "around the worlds",
    "flat bench",
    # Names that hide it; upstream's instructions start lying on the back or on a flat bench.
    "ball leg curl",
    "^bottoms up$",
    "close-grip (dumbbell|ez-bar) press",
    r"(pronated|supinated) dumbbell triceps? extension",
    r"triceps? extension -pronated grip",
    "turkish get-?up",
)
_FLOOR_CORE = any_of(FLEX, "leg raise", "heel touch", "leg pull-in")
_UPRIGHT_CORE = any_of(
    "standing",
    "kneeling",
    "seated",
    "hanging",
    "parallel bars",
    "machine",
    "side jack",
    "gorilla",
    "suspended",
    "^(cable|rope) crunch$",
)
_SIMPLE_TAGS: tuple[tuple[str, str], ...] = (
    (
        any_of(
            "deadlift",
            "shrug",
            "farmer",
            r"\bhang",
            "rack pulls?",
            HANGS,
            "(clean|snatch) pull",
            "toes[- ]to[- ]bar",
            r"swings?\b",
        ),
        "grip_heavy",
    ),
    (
        any_of(
            FLEX,
            "pike",
            r"\bslams?\b",
            r"side bends?\b",  # slams and side bends bend the loaded trunk
            # Reverse crunches and leg raises curl the trunk under the legs' weight.
            "^bottoms up$",
            "hip raise",
            "pull-in",
            r"leg tucks?\b",
            "leg raise",
            "heel touch",
            r"butt-?ups?\b",
        ),
        "spine_loaded_flexion",
    ),
    (
        any_of(TWIST, "with rotation", "elbow to knee", "pirate ships", "bent press"),  # elbow-to-knee crunches twist
        "spine_loaded_rotation",
    ),
    (
        any_of(
            "overhead",
            "over head",
            "above head",
            "military",
            "shoulder press",
            "push press",
            HANGS,
            "pulldown",
            r"upright\b.*\brows?\b",
            SNATCH,
            "jerk",
            "arnold",
            "handstand",
            "thruster",
            "windmill",
            "get-?up",
            "pullover",
            r"\bhanging\b(?! bar)",
            "behind (the )?(neck|head)",
            "bradford",
            "see-?saw press",
            "bent press",
            "jammer",
            "cuban press",
        ),
        "shoulder_overhead",
    ),
    (
        any_of(
            r"\bdips?\b(?! squat)",
            r"\bfly\b",
            r"\bflyes?\b",
            "butterfly",
            "crossover",
            "cross over",
            "iron cross",
            "behind (the )?neck",
            "pullover",
            "around the worlds",
            "neck press",  # the bar comes down to the neck, elbows flared
            "guillotine",
        ),
        "shoulder_end_range",
    ),
    (
        any_of(
            PUSH_UP,
            "plank",
            "handstand",
            "bench dips?",
            "renegade",
            "spider crawl",
            "body-up",
            "wipers",
            "wrist curl",  # the load rolls the wrist back, palms up or down
            "finger curls",
            "wrist rotations",
        ),
        "wrist_loaded_extension",
    ),
    (any_of("plank", r"\bhold", "isometric", "side bridge"), "breath_hold"),
    (
        any_of(
            "decline",
            "inverted",
            "handstand",
            "feet elevated",
            "feet on an exercise ball",
            "(?<!reverse )hyperextension",
        ),
        "head_down",
    ),
    (any_of("shrug", "harness", "neck bridge", "headstand"), "neck_load"),
    (
        any_of(
            "leg press",
            "lying machine squat",
            "pistol",
            "full squat",
            "olympic squat",
            "overhead squat",
            "snatch balance",
            "squat jerk",
            "sissy",
        ),
        "hip_deep_flexion",
    ),
)


def infer_tags(f: Facts) -> tuple[str, ...]:
    """Contraindication tags, in vocabulary order."""
    n = f.name
    tags = {tag for pattern, tag in _SIMPLE_TAGS if has(pattern, n)}
    calf = f.primary[0] == "calves"
    if calf:
        tags.discard("hip_deep_flexion")  # "calf press on the leg press machine" keeps the knees straight
    elif has(_KNEE_BEND, n) or has(CATCH, n):
        tags.add("knee_loaded_flexion")
    if has(_JUMP, n):
        tags.add("high_impact")
        if not has(PUSH_UP, n):  # upper-body plyometrics land on the hands
            tags.update(("knee_impact", "ankle_impact"))
    if f.category == "olympic weightlifting":
        # The lifts caught at speed are not mapped at all (see caught_barbell_lift);
        # the pulls, deadlifts and shrugs left are still pulled explosively.
        tags.update(("high_impact", "spine_axial_load", "breath_hold"))
    if f.force == "static" or (f.category in ("olympic weightlifting", "powerlifting") and "barbell" in f.gear):
        # Maximal barbell lifts and static efforts are where people hold their breath.
        tags.add("breath_hold")
    if not calf and _heavy_lift(f):
        tags.add("breath_hold")  # as the built-in pack tags its barbell squat, deadlift, presses and leg press
    if _axial(f):
        tags.add("spine_axial_load")
    if _overhead_press(f):
        tags.add("shoulder_overhead")
    if "barbell" in f.gear and has(
        any_of("front (barbell )?squat", "push press", "frankenstein", "rack delivery"), n
    ):
        tags.add("wrist_loaded_extension")  # the front rack and an overhead push bend the wrists back under the bar
    if has(_LIES_PRONE, n) or (has(rf"{PUSH_UP}|push up", n) and not has("incline|wall|handstand", n)):
        # A push-up from the floor is done face down, as the built-in pack tags its own.
        tags.add("prone")
    elif _lies_supine(n):
        tags.add("supine")
    single_leg = any_of("single[- ]leg", "one[- ]leg", "pistol", "bulgarian", "split squat", r"step[- ]?ups?\b")
    if has(single_leg, n) and not has("seated|lying|bridge|leg extension|leg curl|leg press|hip thrust", n):
        tags.add("balance_single_leg")  # only when standing on the one leg
    if "neck" in f.muscles:
        tags.add("neck_load")
    return tuple(t for t in CONTRAINDICATIONS if t in tags)


def _overhead_press(f: Facts) -> bool:
    n = f.name
    if "shoulders" in f.primary and has("press", n) and not has("bench|floor|chest|incline|pallof", n):
        return True
    # Standing, seated and kneeling triceps extensions in this data set are overhead ones.
    return has(r"(standing|seated|kneeling|low|one)\b.*\btriceps? (extension|press)", n) and not has("bent-over", n)


_BENT_OVER_ROW = any_of(r"bent[- ]over.*\brows?\b", r"t-bar row", "long bar row", "rear delt row", "mid rows")
_HEAVY = any_of("squat", "deadlift", "bench press", "military press", "shoulder press", "overhead press")


def _heavy_lift(f: Facts) -> bool:
    """The big barbell lifts and the sled presses, heavy enough to invite straining."""
    n = f.name
    if has("leg press|hack squat", n):
        return True
    barbell = "barbell" in f.gear or "smith" in n
    return barbell and has(_HEAVY, n) and not has("romanian|stiff-legged|jump", n)


def _axial(f: Facts) -> bool:
    n = f.name
    barbell = "barbell" in f.gear or "smith" in n
    if barbell and has(_AXIAL, n):
        return True
    if has("good mornings?", n):
        return True  # a band or a bar across the shoulders bends the loaded trunk forward
    if barbell and has(_BENT_OVER_ROW, n) and not has("lying", n):
        return True  # the trunk held bent over under the bar, as the built-in pack's barbell row
    if barbell and has("calf raise", n) and not has("seated", n):
        return True  # the bar sits on the shoulders
    if barbell and "shoulders" in f.primary and has("press", n) and not has("seated|bench|floor|incline", n):
        return True  # standing barbell press
    return "machines" in f.gear and has("hack squat|standing calf raise", n)  # shoulder pads load the spine


def _lies_supine(n: str) -> bool:
    if has("incline", n) and not has("lying|decline", n):
        return False  # an incline bench is sitting back, not lying down
    # "Reverse" spares a reverse fly (bent over), not a reverse-grip or
    # reverse-band bench press, which is still done lying on the back.
    if has(r"bench press|neck press|guillotine|\bfly|flyes?\b|flye", n) and not has(r"reverse (?:\w+ )?fl|rear|back fl|sled|standing|bodyweight", n):
        return n != "machine bench press"  # seated machine
    if has("side bridge", n):
        return False
    return has(_LIES_SUPINE, n) or (has(_FLOOR_CORE, n) and not has(_UPRIGHT_CORE, n))
