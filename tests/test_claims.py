"""The claim check's quick pre-screen never changes its verdict."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recommender import claims
from recommender.claims import unsupported_claim

WORDS = ["calf-raise", "calcium", "local", "kcal_", "cal2", "calories\u00e9", "fat", "Fat", "FAT", "fatigue", "fat-loss", "fat_", "fat1", "faté", "spot", "Spot-reduce", "reduction", "works", "burn",
         "burns", "belly", "thigh", "from", "your", "the", "lose", "not", "never", "but", "calf", "cal", "kcal", "Calories", "calorie",
         "per", "a", "lb", "lbs", "pound", "kg", "kilogram", "KG", "of", "muscle", "lean", "mass", "=", "/", "38", "50", "6", "1,000",
         "3.5", "day", ".", ",", ";", "is", "possible", "raise", "deload", "\u212a", "\u0130"]


def _by_the_patterns_alone(text: str) -> str:
    energy_re, spot_re, _, _ = claims._patterns()
    if energy_re.search(text):
        return "energy"
    if any(not claims._denied(text, m.start()) for m in spot_re.finditer(text)):
        return "spot"
    return ""


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14).flatmap(
    lambda words: st.sampled_from([" ", "", "-"]).map(lambda sep: sep.join(words))))
def test_prescreen_agrees_with_the_patterns(text: str) -> None:
    """A text the pre-screen passes without the patterns is one the patterns pass too."""
    verdict = unsupported_claim(text)
    expected = _by_the_patterns_alone(text)
    assert bool(verdict) == bool(expected)
    if expected:
        assert ("calorie" in verdict) == (expected == "energy")


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=80))
def test_prescreen_agrees_on_any_text(text: str) -> None:
    """The same for arbitrary text."""
    assert bool(unsupported_claim(text)) == bool(_by_the_patterns_alone(text))


def test_the_package_s_own_texts_need_no_patterns() -> None:
    """Exercise names like 'calf raise' and notes like 'short of fatigue'
    are passed by the pre-screen, so planning never compiles the patterns."""
    claims._patterns.cache_clear()
    unsupported_claim.cache_clear()
    for text in ("Standing calf raise", "Bench 3 calf-raise 7", "deload: fewer sets, lighter load, stop well short of fatigue", "Goblet squat"):
        assert unsupported_claim(text) == ""
    assert claims._patterns.cache_info().currsize == 0
