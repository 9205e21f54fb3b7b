"""Infer what upstream's single equipment field omits, and set duration."""

from __future__ import annotations

from ._keywords import HANGS, Facts, any_of, has

__all__ = ["extra_equipment", "seconds_per_set", "unit"]


def extra_equipment(f: Facts) -> tuple[str, ...]:
    """Equipment the name implies but upstream's single equipment field omits."""
    n = f.name
    gear = set(f.gear)
    extra: list[str] = []
    # Machines and cable stations bring their own seats; free weights do not.
    if "machines" not in gear and "smith" not in n:
        flye = has(r"\bfly|flyes?\b", n) and not has("reverse|rear|back fl|crossover|standing|bodyweight", n)
        lies = flye or has("skull|pullover|lying", n)
        free = bool({"barbell", "dumbbells", "kettlebell", "cable"} & gear)
        sits = has("seated", n) and bool({"barbell", "dumbbells"} & gear)
        named = has(r"\bbench\b|incline|decline|preacher|jm press|tate press|neck press|guillotine|hip thrust|feet elevated", n)
        if named or sits or (free and lies and not has("floor", n)):
            extra.append("bench")
    if has(any_of(HANGS, "hanging", "toes[- ]to[- ]bar"), n) and gear <= {"resistance_band"}:
        extra.append("pull_up_bar")
    return tuple(extra)


def seconds_per_set(f: Facts) -> int:
    """70 s when each side is worked in turn, 30 s for holds, else 40 s."""
    one_side = any_of(
        "single",
        "one[- ]arm",
        "one[- ]leg",
        "alternat",
        "see-?saw",
        "lunge",
        "split squat",
        r"step[- ]?ups?\b",
        "bulgarian",
        "pistol",
    )
    if has(one_side, f.name):
        return 70
    if f.force == "static" or has(r"\bhold\b|isometric", f.name):
        return 30
    return 40


def unit(f: Facts) -> str:
    """The unit a plan prescribes in: seconds for upstream's static exercises, which are holds."""
    return "seconds" if f.force == "static" else "reps"
