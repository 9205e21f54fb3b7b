"""Claims no text the package shows may make: that fat can be lost from a
chosen spot, and calorie figures for a mass of muscle.

The evidence (docs/safety.md): training an area does not take the fat off it
(spot reduction does not work), and muscle at rest uses about 13 kcal/kg
(6 kcal/lb) a day, not the 38-50 kcal/lb popular articles give.  No plan text
needs a per-mass figure, so any such figure is refused.  A rule's reason,
notice and refusal are checked when the rules load, every text of a plan
when it is verified.
"""

from __future__ import annotations

import functools
import itertools
import re

__all__ = ["unsupported_claim"]

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_ENERGY = r"(?:kcal|kilocalories?|cals?|calories?)\b"
_MASS = r"(?:lbs?|pounds?|kgs?|kilos?|kilograms?)\b"
_MUSCLE = r"(?:muscle|lean\s+(?:mass|tissue))"
# Within one sentence: any character but a sentence end (a decimal point is not one).
_SAME_SENTENCE = r"(?:[^.;!?]|\.\d){0,60}?"

_ENERGY_CLAIMS = (
    # The source article's figures, however they are phrased.
    rf"\b(?:38|50|338|380)\s*{_ENERGY}",
    # "50 calories per pound", "35 kcal/lb", "13 kcal a kilogram".
    rf"{_ENERGY}\s*(?:/|per\b|an?\b|each\b|every\b|for\s+(?:each|every)\b)\s*(?:{_NUMBER}\s*)?{_MASS}",
    # "1 lb of muscle = 35 kcal/day", "each kilogram of muscle burns 100 kcal".
    rf"{_MASS}\s+(?:of\s+)?(?:\w+\s+)?{_MUSCLE}{_SAME_SENTENCE}\b{_NUMBER}\s*{_ENERGY}",
    # "burns 50 kcal for every pound of muscle".
    rf"\b{_NUMBER}\s*{_ENERGY}{_SAME_SENTENCE}\b{_MASS}\s+(?:of\s+)?(?:\w+\s+)?{_MUSCLE}",
)

_PART = (
    r"(?:belly|stomach|tummy|abdomen|abdominal|abs?|waist(?:line)?|hips?|(?:inner[- ])?thighs?|(?:upper[- ])?arms?"
    r"|back|chest|chin|face|neck|butt|buttocks?|bum|glutes?|love[- ]handles|flanks?|sides|legs?|calf|calves"
    r"|underarms?|triceps|midsection|middle|muffin[- ]top|core)"
)
_FAT_VERB = (
    r"(?:burn(?:s|ed|ing)?|los(?:e|es|ing|t)|shed(?:s|ding)?|melt(?:s|ed|ing)?|blast(?:s|ed|ing)?|torch(?:es|ed|ing)?"
    r"|target(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|trim(?:s|med|ming)?|zap(?:s|ped|ping)?|eliminat(?:e|es|ed|ing)"
    r"|strip(?:s|ped|ping)?|get(?:s|ting)?\s+rid\s+of)"
)
_FILLER = r"(?:(?:the|your|that|this|some|stubborn|excess|extra|unwanted|body|off|away)\s+)*"
_PLACE = r"(?:(?:the|your|one|a|that|this|each|any|specific|chosen|single|trained|target(?:ed)?)\s+)*"

_SPOT_CLAIMS = (
    # "crunches burn belly fat", "lose that stubborn thigh fat".
    rf"\b{_FAT_VERB}\s+{_FILLER}{_PART}\s+fat\b",
    # "burn fat from your belly", "lose fat from one spot".
    rf"\b{_FAT_VERB}\s+{_FILLER}fat\s+(?:from|on|off|over|around|in|at)\s+{_PLACE}(?:{_PART}|spots?|areas?|body[- ]parts?)\b",
    # "fat loss from the belly", "spot reduction works", "you can spot-reduce".
    rf"\bfat[- ]loss\s+(?:from|in|on|at)\s+{_PLACE}(?:{_PART}|spots?|areas?|body[- ]parts?)\b",
    r"\bspot[- ]reduc\w*\s+(?:really\s+)?(?:works?|is\s+(?:possible|real|effective))\b",
    r"\bspot[- ]reduce\b",
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled on first need: compiling them costs more than a whole plan,
    # and most texts never need them (see unsupported_claim).
    return (
        re.compile("|".join(_ENERGY_CLAIMS), re.I),
        re.compile("|".join(_SPOT_CLAIMS), re.I),
        # A spot-reduction phrase is a claim unless its clause denies it ("it
        # does not burn the fat over it", "you cannot spot-reduce").
        re.compile(r"[.;:!?,]|\bbut\b", re.I),
    )


_NEGATIONS = frozenset(("not", "no", "never", "cannot", "nor"))
#: "No doubt crunches burn belly fat" affirms what it says.
_AFFIRMING_NO = frozenset(("doubt", "wonder", "question", "secret"))


def _negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith(("n't", "n\u2019t"))


def _denied(text: str, start: int, end: int) -> bool:
    """Whether the spot claim at ``text[start:end]`` is denied rather than made.

    Denied by a negation among the two words just before it ("does not
    burn", "cannot spot-reduce", but not "why not burn" or "not only
    burn") or just before one of a few asides between commas ("do not, by
    themselves, burn"), by "a myth that" or by a clause opening with "No"
    ("No exercise can burn belly fat", but not "No doubt ...").  Never
    denied in a question, which claims it as much ("Who says you can't burn
    belly fat?"), nor where the negation is what someone says or thinks
    ("Skeptics say you can't burn ...": the speaker may think otherwise).
    """
    _, _, clause_end = _patterns()
    if _asked(text[end:]):
        return False
    before = text[:start]
    ends = list(clause_end.finditer(before))
    words = _words(before[ends[-1].end() if ends else 0 :])
    if _REPORTED.intersection(words):
        return False
    near = words[-2:]
    for i, word in enumerate(near):
        if _negation(word):
            rhetorical = (i > 0 and near[i - 1] == "why") or (i + 1 < len(near) and near[i + 1] in ("only", "just"))
            if not rhetorical:
                return True
    if not words and len(ends) >= 2 and ends[-1].group() == ends[-2].group() == "," and _verb_claim(text[start:end]):
        # One of a few asides between commas right before a claim that is a
        # verb ("Crunches do not, by themselves, burn belly fat"), after a
        # statement (not the answer to a question: "Give up? Never, however
        # long it takes, burn ...") ending with the negation that governs
        # it; not "Believe it or not, ...", nor a negation someone reports
        # ("Skeptics say you can't, however hard they try, burn ...").
        aside = tuple(_words(before[ends[-2].end() : ends[-1].start()]))
        if aside in _ASIDES or (aside[:1] == ("however",) and 2 <= len(aside) <= 4):
            opened_by = ends[-3].group() if len(ends) >= 3 else ""
            prior = _words(before[ends[-3].end() if len(ends) >= 3 else 0 : ends[-2].start()])
            if (opened_by != "?" and prior and not _REPORTED.intersection(prior) and not _NOT_GOVERNING.intersection(prior)
                    and (_negation(prior[-1]) or (prior[0] == "no" and len(prior) > 1 and prior[1] not in _AFFIRMING_NO))):
                return True
    if ("myth", "that") in itertools.pairwise(words):
        return True
    return bool(words) and words[0] == "no" and (len(words) < 2 or words[1] not in _AFFIRMING_NO)


#: A sentence's end: "." or "!" before a space and a capital letter, or at
#: the end, but not the point of a decimal ("2.5") or of a title ("Dr. Fit").
_SENTENCE_END = re.compile(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\bvs)(?<!\bNo)[.!](?=\s+[A-Z\"'\u201c]|\s*$)")


def _asked(after: str) -> bool:
    """Whether the sentence going on in ``after`` ends as a question."""
    stop = _SENTENCE_END.search(after)
    return "?" in (after[: stop.start()] if stop else after)


#: Asides that leave a negation before them governing the verb after them.
_ASIDES = frozenset(tuple(a.split()) for a in (
    "by themselves", "by itself", "on their own", "on its own", "on your own", "alone", "in themselves",
    "in itself", "realistically", "sadly", "unfortunately", "alas", "no matter how many you do",
    "whatever the ads say", "whatever ads say",
))
#: Words in the clause before an aside that keep its negation from denying
#: the claim after it ("believe it or not", "whether or not", "why not",
#: "even if others can't").
_NOT_GOVERNING = frozenset(("or", "if", "whether", "why"))
#: Words that make a negation someone's report, not the text's own denial.
_REPORTED = frozenset(("say", "says", "said", "saying", "claim", "claims", "claimed", "think", "thinks", "thought",
                       "believe", "believes", "tell", "tells", "told", "insist", "insists"))


def _verb_claim(claim: str) -> bool:
    # "burn belly fat", "spot-reduce"; not "spot reduction works" or "fat loss from".
    low = claim.lower()
    return not low.startswith(("fat", "spot reduc", "spot-reduc")) or low.startswith(("spot reduce", "spot-reduce"))


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'\u2019]+", text.lower())


#: The only non-ASCII characters the patterns' IGNORECASE matching takes for
#: ASCII letters (the long s, U+017F, makes "spot" match), which str.lower() leaves alone.
_ASCII_UNDER_IGNORECASE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _says_calories(low: str) -> bool:
    # A word ending in "cal", "cals", "calorie" or "calories" ("kcal",
    # "kilocalories"), as the patterns have them; not "calf" or "calcium".
    at = low.find("cal")
    while at >= 0:
        end = at + 3
        while end < len(low) and (low[end].isalnum() or low[end] == "_"):
            end += 1
        if low[at:end] in ("cal", "cals", "calorie", "calories"):
            return True
        at = low.find("cal", at + 1)
    return False


def _says_fat(low: str) -> bool:
    # "fat" not followed by a letter, as every pattern has it.
    at = low.find("fat")
    while at >= 0:
        if not low[at + 3 : at + 4].isalpha():
            return True
        at = low.find("fat", at + 1)
    return False


@functools.lru_cache(maxsize=4096)
def unsupported_claim(text: str) -> str:
    """Why ``text`` makes a claim the evidence does not support, or ``""``.

    Memoised: a plan's texts come from the rules and packs, so the same few
    recur in every plan.
    """
    # Every energy claim names calories ("kcal", "cals", "calories") with a
    # number or a mass, and every spot claim says "spot" or the word "fat":
    # a text without them ("Calf raise 2", "short of fatigue") is clean
    # without the patterns.
    low = text.translate(_ASCII_UNDER_IGNORECASE).lower()
    energy = _says_calories(low) and (any(c.isdigit() for c in low) or any(m in low for m in ("lb", "pound", "kg", "kilo")))
    spot = "spot" in low or _says_fat(low)
    if not (energy or spot):
        return ""
    energy_re, spot_re, _ = _patterns()
    if energy and energy_re.search(text):
        return "gives a calorie figure for a mass of muscle (muscle uses about 6 kcal/lb a day at rest)"
    if spot:
        for m in spot_re.finditer(text):
            if not _denied(text, m.start(), m.end()):
                return "promises fat loss from a chosen spot (fat is not lost from the area you train)"
    return ""
