"""Claims no text the package shows may make: that fat can be lost from a
chosen spot, calorie figures for a mass of muscle, and that strength
training beats aerobic training for fat loss; nor may a text order someone
to train to failure, which every plan's reps in reserve rule out.

The evidence (docs/safety.md): training an area does not take the fat off it
(spot reduction does not work), and muscle at rest uses about 13 kcal/kg
(6 kcal/lb) a day, not the 38-50 kcal/lb popular articles give.  No plan text
needs a per-mass figure, so any such figure is refused.  Aerobic training
reduced fat mass more than resistance training in an 8-month trial (Willis
et al. 2012), so strength training is never ranked above it for fat loss.  A rule's reason,
notice and refusal are checked when the rules load, every text of a plan
when it is verified.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

__all__ = ["unsupported_claim"]

# Starting where a number starts, its digits taken once (possessive): in a
# run like "1,1,1,..." every digit would otherwise start a number and read
# the rest of the run again.
_NUMBER = r"(?<![\d,.])\d[\d,]*+(?:\.\d+)?"
_ENERGY = r"(?:kcal|kilocalories?|cals?|calories?|kj|kilojoules?)\b"
# "lb." too; "g" only after a number (see _PER_MASS).
_MASS = r"(?:lbs?|pounds?|kgs?|kilos?|kilograms?|grams?|ounces?|oz)\b\.?"
# "per 100 g", "/lb", "a kilogram".
_PER_MASS = rf"(?:/|per\b|an?\b|each\b|every\b|for\s+(?:each|every)\b)\s*(?:{_NUMBER}\s*g\b|(?:{_NUMBER}\s*)?{_MASS})"
# "a day", "per day", "/day", "daily" between a figure and its mass.
_PER_DAY = r"(?:(?:/|per\b|an?\b|each\b|every\b)\s*day\b\s*|daily\s+)?"
_MUSCLE = r"(?:muscle|lean\s+(?:mass|tissue))"
# Within one sentence: any character but a sentence end (a decimal point is not one).
_SAME_SENTENCE = r"(?:[^.;!?]|\.\d){0,60}?"

_ENERGY_CLAIMS = (
    # The source article's figures, however they are phrased.
    rf"\b(?:38|50|338|380)\s*{_ENERGY}",
    # "50 calories per pound", "35 kcal/lb", "13 kcal a kilogram", "35 calories a day per pound", "6 kcal/day/lb".
    rf"{_ENERGY}\s*{_PER_DAY}{_PER_MASS}",
    # "1 lb of muscle = 35 kcal/day", "each kilogram of muscle burns 100 kcal", "... you burn 35 more calories".
    rf"{_MASS}\s+(?:of\s+)?(?:\w+\s+)?{_MUSCLE}{_SAME_SENTENCE}\b{_NUMBER}\s*(?:\w+\s+)?{_ENERGY}",
    # "burns 50 kcal for every pound of muscle".
    rf"\b{_NUMBER}\s*(?:\w+\s+)?{_ENERGY}{_SAME_SENTENCE}\b{_MASS}\s+(?:of\s+)?(?:\w+\s+)?{_MUSCLE}",
)

_PART = (
    r"(?:belly|stomach|tummy|abdomen|abdominal|abs?|waist(?:line)?|hips?|(?:inner[- ])?thighs?|(?:upper[- ])?arms?"
    r"|back|chest|chin|face|neck|butt|buttocks?|bum|glutes?|love[- ]handles?|flanks?|sides|legs?|calf|calves"
    r"|underarms?|triceps|midsection|middle|muffin[- ]top|core|gut)"
)
_FAT_VERB = (
    r"(?:burn(?:s|ed|ing)?|los(?:e|es|ing|t)|shed(?:s|ding)?|melt(?:s|ed|ing)?|blast(?:s|ed|ing)?|torch(?:es|ed|ing)?"
    r"|target(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|trim(?:s|med|ming)?|zap(?:s|ped|ping)?|eliminat(?:e|es|ed|ing)"
    r"|strip(?:s|ped|ping)?|remov(?:e|es|ed|ing)|get(?:s|ting)?\s+rid\s+of|decreas(?:e|es|ed|ing)|shrink(?:s|ing)?|shrunk|whittl(?:e|es|ed|ing))"
)
#: Verbs that take a part away, for the parts named by their fat ("lose your gut").
_LOSS_VERB = (r"(?:los(?:e|es|ing|t)|shed(?:s|ding)?|melt(?:s|ed|ing)?|blast(?:s|ed|ing)?|torch(?:es|ed|ing)?"
              r"|trim(?:s|med|ming)?|zap(?:s|ped|ping)?|eliminat(?:e|es|ed|ing)|banish(?:es|ed|ing)?|ditch(?:es|ed|ing)?"
              r"|get(?:s|ting)?\s+rid\s+of|shrink(?:s|ing)?)")
#: Parts named by the fat on them.
_FLAB = (r"(?:gut|beer[- ](?:belly|gut)|pot[- ]belly|belly|love[- ]handles?|muffin[- ]top|bingo[- ]wings|bat[- ]wings|saddle[- ]?bags"
         r"|double[- ]chin|man[- ]boobs|moobs|spare[- ]t(?:yre|ire)|flab|cellulite)\b")
# Possessive (*+): no word of these lists starts what follows them, and a
# long run of them would otherwise be read again from every word on.
_FILLER = r"(?:(?:the|your|that|this|some|stubborn|excess|extra|unwanted|body|off|away|more|all|most|much|of)\s+)*+"
_PLACE = r"(?:(?:the|your|one|a|that|this|each|any|specific|chosen|single|trained|target(?:ed)?)\s+)*+"
# "belly", "lower belly", "belly and thigh", up to four parts: a bounded
# repeat, so a long list of parts cannot make matching quadratic.
_PARTS = rf"(?:(?:lower|upper|inner|outer)[- ]?)?{_PART}(?:\s*(?:,|and|&|or)\s*(?:(?:lower|upper|inner|outer)[- ]?)?{_PART}){{0,3}}"

#: Either list's words, in any order ("off the stubborn belly"): one
#: possessive repeat, as two side by side would share words to backtrack over.
_PLACE_OR_FILLER = (r"(?:(?:the|your|one|a|that|this|each|any|specific|chosen|single|trained|target(?:ed)?|some|stubborn|excess"
                    r"|extra|unwanted|body|off|away|more|all|most|much|of)\s+)*+")
#: Verbs that promise a part made smaller, with no word of fat.
_SLIM_VERB = r"(?:slim(?:s|med|ming)?(?:\s+down)?|trim(?:s|med|ming)?|shrink(?:s|ing)?|shrunk|whittl(?:e|es|ed|ing))"
#: The parts "flat" and "flatten" promise: not the back, which a cue flattens to the floor.
_BELLY = r"(?:belly|stomach|tummy|abdomen|abs|midsection|waist(?:line)?|muffin[- ]top|love[- ]handles?)"

_SPOT_CLAIMS = (
    # "crunches burn belly fat", "lose that stubborn thigh fat", "burn belly-fat", "burn lower belly and thigh fat".
    rf"\b{_FAT_VERB}\s+{_FILLER}{_PARTS}[- ]fat\b",
    # "burn fat from your belly", "lose fat from one spot", "burn fat only from your belly".
    rf"\b{_FAT_VERB}\s+{_FILLER}fat\s+(?:(?:only|just|right|straight)\s+)?(?:from|on|off|over|around|in|at)\s+{_PLACE}(?:{_PART}|spots?|areas?|body[- ]parts?)\b",
    # "the fat over it", "the fat there": after training an area, the fat over that area.
    rf"\b{_FAT_VERB}\s+{_FILLER}fat\s+(?:(?:just|right|directly)\s+)?(?:(?:over|covering)\s+(?:it|them)|there)\b",
    # "burns fat where you train it".
    rf"\b{_FAT_VERB}\s+{_FILLER}fat\s+(?:(?:only|just|right)\s+)?(?:where|wherever)\s+(?:you\s+)?(?:train|work|exercise|target)",
    # "lose 2 inches of belly fat".
    rf"\b{_FAT_VERB}\s+(?:{_NUMBER}\s*|an?\s+|several\s+|some\s+)?(?:inch(?:es)?|cm|centimet(?:er|re)s?)\s+of\s+{_FILLER}{_PARTS}[- ]fat\b",
    # "belly fat burner crunch", "a belly-fat-burning move".
    rf"\b{_PARTS}[- ]fat[- ]?(?:burn(?:er|ers|ing)|blast(?:er|ers|ing)|melt(?:er|ers|ing)|shredd(?:er|ers|ing)|torch(?:er|ers|ing))\b",
    # "belly fat melts away", "thigh fat will disappear".
    rf"\b{_PARTS}[- ]fat\s+(?:(?:will|just|simply|quickly|finally)\s+)*(?:melts?|melting|disappears?|vanish(?:es)?|drops?\s+off|falls?\s+off|comes?\s+off|goes\s+away|burns?\s+(?:off|away))\b",
    # "fat loss from the belly", "targeted fat loss", "spot reduction works", "you can spot-reduce".
    rf"\bfat[- ]loss\s+(?:from|in|on|at)\s+{_PLACE}(?:{_PART}|spots?|areas?|body[- ]parts?)\b",
    r"\b(?:targeted|spot|local(?:i[sz]ed)?)\s+fat[- ](?:loss|burning|reduction)\b",
    r"\bspot[- ]reduc\w*\s+(?:(?:really|actually|truly|definitely|does|do|can|will)\s+)*(?:works?|is\s+(?:possible|real|effective))\b",
    r"\bspot[- ]reduce\b",
    # The same promise without the word "fat": reshaping the part trained.
    # "Squats slim your thighs", "trim your waist", "whittle the waist".
    rf"\b{_SLIM_VERB}\s+{_FILLER}(?!back\b){_PARTS}\b",  # not "trim your back swing"
    # "flatten your belly"; not "flatten your lower back" or "flatten your
    # belly against the floor" (cues for bracing).
    rf"\bflatten(?:s|ed|ing)?\s+{_FILLER}(?:(?:lower|upper)[- ]?)?{_BELLY}\b(?!\s+(?:against|into|towards?)\s+(?:the\s+|your\s+)?(?:floor|mat|bench|ground|wall|spine)\b)",
    # "give you a flat stomach", "flatter abs", "flat-belly crunch"; the verb
    # is part of the claim, so "will not give you a flat stomach" denies it.
    rf"\b(?:(?:give|gives|gave|giving|get|gets|got|getting|build|builds|building)\s+(?:you\s+)?(?:an?\s+)?)?flat(?:ter)?[- ]{_BELLY}\b",
    # "trims inches off your waist", "lose 5 cm from your hips".
    rf"\b(?:{_FAT_VERB}|take(?:s|n)?|drop(?:s|ped)?)\s+(?:{_NUMBER}\s*|an?\s+|several\s+|some\s+)?(?:inch(?:es)?|cm|centimet(?:er|re)s?)\s+"
    rf"(?:off|from|around)\s+{_PLACE_OR_FILLER}{_PARTS}\b",
    # "lose weight from your hips".
    rf"\b{_FAT_VERB}\s+{_FILLER}weight\s+(?:(?:only|just|right|straight)\s+)?(?:from|on|off|over|around|in|at)\s+{_PLACE}(?:{_PART}|spots?|areas?|body[- ]parts?)\b",
    r"\bthigh[- ]gap\b",
    # "make your thighs leaner", "your thighs will get leaner", "leaner legs with squats", "a smaller waist";
    # not "make your arms narrower" (a stance) or "smaller ranges of motion".
    rf"\b(?:make|makes|making|made|get|gets|getting|give|gives|giving)\s+(?:you\s+)?{_FILLER}{_PARTS}\s+"
    rf"(?:(?:look|much|a\s+lot|visibly|noticeably)\s+)*(?:leaner|slimmer|thinner|skinnier|smaller)\b",
    rf"\b{_PARTS}\s+(?:will\s+|can\s+)?(?:get|gets|getting|become|becomes|look|looks)\s+(?:much\s+|visibly\s+)?(?:leaner|slimmer|thinner|skinnier|smaller)\b",
    rf"\b(?:leaner|slimmer|thinner|skinnier)[- ]{_PARTS}\b",
    r"\b(?:a\s+|your\s+)smaller[- ](?:waist(?:line)?|belly|stomach|tummy|hips?|thighs?|butt|bum)\b",
    # The parts named by the fat on them: "lose your gut", "get rid of bingo wings"; not "lose belly tension"
    # or "lost your belly brace" (bracing cues).
    rf"\b{_LOSS_VERB}\s+{_FILLER}{_FLAB}(?![- ](?:tension|brace|bracing|breath|breathing|pressure|muscles?|position|control|wall))",
    r"\b(?:goodbye|bye[- ]bye)\s+to\s+(?:the\s+|your\s+|that\s+)?(?:gut|beer[- ]belly|pot[- ]belly|belly|love[- ]handles?|muffin[- ]top"
    r"|bingo[- ]wings|bat[- ]wings|saddle[- ]?bags|double[- ]chin|flab)\b",
    # "the fat-burning zone for your thighs"; not "fat-burning cannot occur in your belly".
    rf"\bfat[- ]?burning\s+(?:(?:zone|workout|exercises?|routine|moves?|session|plan)\s+)?(?:for|on|in|around)\s+{_PLACE}{_PARTS}\b",
)

_STRENGTH = (r"(?:(?:strength|resistance|weight|weights)[- ]training|weight[- ]?lifting|lifting(?:\s+weights)?|weights"
             r"|strength\s+work)")
_AEROBIC = (r"(?:running|jogging|cardio|aerobics?(?:\s+(?:exercise|training|activity|work))?"
            r"|endurance\s+(?:exercise|training)|walking|cycling|swimming)")
_RANKS_ABOVE = (r"(?:beats?|outperforms?|trumps?|(?:is|are)\s+(?:(?:much|far)\s+)?(?:better|more\s+effective)\s+than"
                r"|(?:is|are)\s+superior\s+to)")
_FOR_FAT = r"(?:for|at|in)\s+(?:fat[- ]loss|(?:losing|burning|shedding)\s+(?:body\s+)?fat)"
_MORE_FAT_VERB = r"(?:burn(?:s|ing)?|los(?:e|es|ing)|strip(?:s|ping)?|torch(?:es|ing)?|shed(?:s|ding)?|cut(?:s|ting)?|reduc(?:e|es|ing))"
#: "Strength training beats running for fat loss", "lifting burns more fat
#: than cardio": the claim starts at its verb, so "does not beat" denies it.
_SUPERIORITY_CLAIM = (
    rf"\b{_STRENGTH}\b(?:\s+[\w']+){{0,3}}?\s+(?P<claim>{_RANKS_ABOVE}\s+(?:\w+\s+){{0,2}}?{_AEROBIC}\b\s+{_FOR_FAT}"
    rf"|{_MORE_FAT_VERB}\s+more\s+(?:body\s+)?fat\s+than\s+(?:\w+\s+){{0,2}}?{_AEROBIC}\b)"
)


#: "Take the last set to failure", "train until you fail": an order to go to
#: failure, which every plan's reps in reserve rule out.  Only an order is
#: refused: a sentence that opens with one of these verbs (after "then",
#: "now", ...) and says to go to failure, with no negation anywhere in it and
#: no question mark, so that coaching text explaining why not to ("Training
#: to failure slows recovery", "Go to failure? No.") and other senses of the
#: word ("can lead to failure of the lift") pass.
_FAILURE_ORDER = (
    r"(?:(?:^|(?<=[.!;:,\n]))\s*|\b(?:and|then)\s+)(?:(?:then|now|always|just|and|so)\s+)*"
    r"(?:go|take|train|push|work|do|perform|lift|keep\s+going|continue|grind|rep|finish|end|bring|hold|carry|press|squat|pull|row|curl)\b"
    r"[^.!?;:\n]{0,80}?\b(?:to|until|till|til)\s+(?:the\s+point\s+of\s+)?(?:(?:complete|total|full|absolute|muscular|momentary|muscle|technical)\s+){0,2}"
    r"(?:failure|exhaustion)\b|\buntil\s+you\s+fail\b"
)
#: Words that keep an order short of failure ("train close to failure").
_NEAR = frozenset(("close", "closer", "near", "nearer", "nearly", "short", "shy", "almost", "approaching"))
#: What ends the sentence an order is read in.
_ORDER_END = re.compile(r"[.!?;:\n]")


@functools.cache
def _failure_pattern() -> re.Pattern[str]:
    # Apart from _patterns: the shipped rules say "never to failure", and
    # this one is quick to compile.
    return re.compile(_FAILURE_ORDER, re.I)


def _to_failure(text: str) -> bool:
    """Whether ``text`` orders someone to train to failure (see _FAILURE_ORDER)."""
    for m in _failure_pattern().finditer(text):
        # The whole sentence: a negation or a question anywhere in it means it is not a plain order.
        start = max((e.end() for e in _ORDER_END.finditer(text, 0, m.start())), default=0)
        stop = _ORDER_END.search(text, m.end())
        if stop is not None and stop.group() == "?":
            continue
        if _NEAR.intersection(_words(m.group())):
            continue  # "train close to failure" is what the rules ask
        if not any(_negation(w) for w in _words(text[start : stop.start() if stop else len(text)])):
            return True
    return False


@functools.cache
def _superiority_pattern() -> re.Pattern[str]:
    # Compiled on first need, as _patterns.
    return re.compile(_SUPERIORITY_CLAIM, re.I)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled on first need: compiling them costs more than a whole plan,
    # and most texts never need them (see unsupported_claim).
    return (
        re.compile("|".join(_ENERGY_CLAIMS), re.I),
        re.compile("|".join(_SPOT_CLAIMS), re.I),
        _clause_end(),
    )


@functools.cache
def _clause_end() -> re.Pattern[str]:
    # A spot-reduction phrase is a claim unless its clause denies it ("it
    # does not burn the fat over it", "you cannot spot-reduce").
    return re.compile(r"[.;:!?,\n\u2014\u2013\u2026\u2022|()]|\s-\s|\bbut\b", re.I)


_NEGATIONS = frozenset(("not", "no", "never", "cannot", "nor"))
#: "No doubt crunches burn belly fat" affirms what it says.
_AFFIRMING_NO = frozenset(("doubt", "wonder", "question", "secret", "joke", "matter", "other", "excuses"))
#: What "No ..." may deny as a subject ("No exercise burns belly fat").
_NO_SUBJECTS = frozenset((
    "exercise", "exercises", "workout", "workouts", "amount", "number", "crunch", "crunches", "sit-up", "sit-ups", "situps",
    "routine", "routines", "training", "movement", "movements", "machine", "machines", "diet", "diets", "pill", "pills",
    "supplement", "supplements", "cream", "creams", "belt", "belts", "program", "programs", "plan", "plans", "single",
    "specific", "method", "methods", "product", "products", "device", "devices",
))
#: Auxiliaries a "not" may follow to negate the verb after it ("do not burn").
_AUXILIARIES = frozenset(("do", "does", "did", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
                          "is", "are", "was", "were"))
#: Adverbs that may stand between the negation and the verb it negates
#: ("won't really burn"); not "only", "just", "merely", which contrast.
_BETWEEN = frozenset(("really", "actually", "necessarily", "directly", "magically", "somehow", "truly", "ever"))
#: What, after the claim, takes a denial back or says the claim holds for
#: something else ("except crunches", "but with our belt they do", "just
#: kidding", "as fast as our pill").
_TAKEN_BACK = (
    r"\b(?:except|unless|apart\s+from|other\s+than|save\s+for|kidding|joking|said\s+no\s+one|says\s+no\s+one)\b"
    # "..., but with our belt they do", "...; squats do", "... . Our belt does!"
    r"|(?:\bbut\b|[;:,])[^.!?;:]*?\b(?:do|does|did|will|can|could|would)\s*(?=[.!?;]|$)"
    r"|[.!]\s+\w[^.!?]{0,40}?\b(?:do|does|did|will|can|could)\s*(?:[.!]|$)"
    # "... as fast as our pill", "... faster than ever", "never burn belly fat faster"
    r"|\bas\s+(?:\w+\s+)?as\b|\b(?:faster|quicker|better|easier|more)\s+than\b|^\s*(?:any\s+)?(?:faster|quicker|easier|better)\b"
)
#: Right after a claim named as a thing ("Belly fat burners", "Targeted fat
#: loss"), a plain "does not work" ending the clause denies it; "does not
#: work for everyone" or "without diet" does not.
_DOES_NOT_WORK = (r"\s*(?:(?:do|does|did|will|can|could|ca|wo)\s*(?:not\b|n['\u2019]t\b)|(?:(?:do|does|will)\s+)?never\b)"
                  r"\s*(?:(?:really|actually|ever)\s+)?work\s*(?=[.!;,]|$)")
#: A claim that is a verb phrase ("burn belly fat"), not a thing named ("targeted fat loss").
_VERB_PHRASE = rf"{_FAT_VERB}\s+(?!fat[- ](?:loss|burning|reduction))"
#: After the claim, words that call it false ("... is a myth").
_CALLED_FALSE = r"\b(?:is|are)\s+(?:a\s+)?(?:myth|lie|false|untrue|nonsense|outdated|debunked|wrong)\b"


def _negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith(("n't", "n\u2019t"))


def _negated_verb(words: list[str]) -> bool:
    """Whether ``words`` end with a negation of the verb that follows them:
    "crunches do not", "you cannot", "it won't really"; not "why not",
    "can't not", "don't just", "won't you", "who doesn't"."""
    k = len(words) - 1
    while k >= 0 and words[k] in _BETWEEN:
        k -= 1
    if k < 0 or not _negation(words[k]) or words[k] in ("no", "nor"):
        return False
    if k >= 1 and _negation(words[k - 1]):
        return False  # a double negation
    if words[k] == "not" and (k == 0 or words[k - 1] not in _AUXILIARIES):
        return False  # "why not burn", "not only burn"
    # A question in the shape of a denial ("Why don't you burn ...", "Won't you ...").
    return not (words[0] in ("why", "who", "what", "how") or (len(words) > k + 1 and words[k + 1] in ("you", "we", "i", "they")))


#: Words that may stand between "no" and the noun it denies ("no extra fat loss").
_NOUN_BETWEEN = frozenset(("extra", "additional", "more", "real", "such", "special", "targeted", "local", "localized", "added"))


def _no_before_noun(words: list[str]) -> bool:
    # "find no extra fat loss in the trained area", "there is no fat loss from one spot".
    return bool(words) and (words[-1] == "no" or (len(words) >= 2 and words[-2] == "no" and words[-1] in _NOUN_BETWEEN))


def _no_subject(words: list[str]) -> bool:
    """Whether ``words`` are "No" and what it denies: "No exercise", "No
    amount of crunches will", "No one can"."""
    if len(words) < 2 or words[0] != "no" or words[1] in _AFFIRMING_NO or len(words) > 6 or "other" in words:
        return False
    return words[1] in _NO_SUBJECTS or (len(words) >= 3 and words[-1] in _AUXILIARIES)


def _denied(text: str, start: int, end: int) -> bool:
    """Whether the spot claim at ``text[start:end]`` is denied rather than made.

    Denied when its clause negates the claim's verb ("Crunches do not burn
    belly fat", "You cannot spot-reduce"), also across one of a few asides
    ("do not, by themselves, burn"), when it opens with "No" and what that
    denies ("No exercise can burn belly fat on its own"), or when it is
    called a myth ("It is a myth that ...", "... is a myth").  Two of these
    cancel ("It's a myth that crunches don't burn belly fat").  Never
    denied in a question ("Who says you can't burn belly fat?"), in quotes,
    in a condition ("If crunches don't burn belly fat, ..."), where the
    negation is what someone says or thinks ("Skeptics say you can't burn
    ..."), or where the text takes it back ("... except crunches", "but
    with our belt they do", "just kidding").
    """
    _, _, clause_end = _patterns()
    # Only the claim's sentence matters, read within a window, so a long
    # text of many claims is read in linear time.
    after = text[end : end + _WINDOW]
    taken_back, called_false_re, sentence_end, does_not_work, verb_phrase = _denial_patterns()
    if _asked(after) or taken_back.search(after):
        return False
    before = text[max(0, start - _WINDOW) : start]
    stop = sentence_end.search(after)
    ends_before = [m.end() for m in sentence_end.finditer(before)]
    if start > _WINDOW and not ends_before:
        return False  # a sentence too long to read whole: no denial is trusted
    sentence_start = max(ends_before, default=0)
    if sum(before[sentence_start:].count(q) for q in '"\u201c\u201d') % 2:
        return False  # inside quotes: what someone says, not the text's denial
    ends = list(clause_end.finditer(before))
    words = _words(before[ends[-1].end() if ends else 0 :])
    if _CONDITIONAL.intersection(words):
        return False
    direct = _negated_verb(words) or (not _verb_claim(text[start:end]) and _no_before_noun(words))
    if direct and _REPORTED.intersection(words):
        return False
    if not words and len(ends) >= 2 and ends[-1].group() == ends[-2].group() == "," and _verb_claim(text[start:end]):
        # One of a few asides between commas right before a claim that is a
        # verb ("Crunches do not, by themselves, burn belly fat"), after a
        # statement (not the answer to a question: "Give up? Never, however
        # long it takes, burn ...") that negates it, or opens with "No".
        aside = tuple(_words(before[ends[-2].end() : ends[-1].start()]))
        if aside in _ASIDES or (aside[:1] == ("however",) and 2 <= len(aside) <= 4):
            opened_by = ends[-3].group() if len(ends) >= 3 else ""
            prior = _words(before[ends[-3].end() if len(ends) >= 3 else 0 : ends[-2].start()])
            if (opened_by != "?" and prior and not _REPORTED.intersection(prior) and not _NOT_GOVERNING.intersection(prior)
                    and (_negated_verb(prior) or _no_subject(prior))):
                direct = True
    sentence_rest = after[: stop.start()] if stop else after
    no_subject = _no_subject(words) and not re.search(r"\b(?:like|than|but)\b", sentence_rest, re.I)
    pairs = set(itertools.pairwise(words))
    myth = any((word, "that") in pairs for word in ("myth", "false", "untrue", "wrong"))
    called_false = bool(called_false_re.search(sentence_rest)) or (
        # "Belly fat burners do not work": a claim named as a thing, denied right after it.
        does_not_work.match(sentence_rest) is not None and verb_phrase.match(text, start, end) is None)
    return (direct + no_subject + myth + called_false) % 2 == 1


#: How far around a claim its sentence is read.
_WINDOW = 300

#: Words in a clause that make it a condition, whose negation denies nothing.
_CONDITIONAL = frozenset(("if", "unless", "whether"))

#: A sentence's end: "." or "!" before a space and a capital letter, or at
#: the end, but not the point of a decimal ("2.5") or of a title ("Dr. Fit").
_SENTENCE_END = r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\bvs)(?<!\bNo)[.!](?=\s+[A-Z\"'\u201c]|\s*$)"


_Pattern = re.Pattern[str]


@functools.cache
def _denial_patterns() -> tuple[_Pattern, _Pattern, _Pattern, _Pattern, _Pattern]:
    # Compiled on first need, as _patterns: most texts never need them.
    return (re.compile(_TAKEN_BACK, re.I), re.compile(_CALLED_FALSE, re.I), re.compile(_SENTENCE_END), re.compile(_DOES_NOT_WORK, re.I),
            re.compile(_VERB_PHRASE, re.I))


def _asked(after: str) -> bool:
    """Whether the sentence going on in ``after`` ends as a question."""
    stop = _denial_patterns()[2].search(after)
    return "?" in (after[: stop.start()] if stop else after)


#: Asides that leave a negation before them governing the verb after them.
_ASIDES = frozenset(tuple(a.split()) for a in (
    "by themselves", "by itself", "on their own", "on its own", "on your own", "alone", "in themselves",
    "in itself", "realistically", "sadly", "unfortunately", "alas", "no matter how many you do",
    "whatever the ads say", "whatever ads say", "in fact",
))
#: Words in the clause before an aside that keep its negation from denying
#: the claim after it ("believe it or not", "whether or not", "why not",
#: "even if others can't").
_NOT_GOVERNING = frozenset(("or", "if", "whether", "why"))
#: Words that make a negation someone's report, not the text's own denial.
_REPORTED = frozenset(("say", "says", "said", "saying", "claim", "claims", "claimed", "think", "thinks", "thought", "thinking",
                       "believe", "believes", "believing", "tell", "tells", "told", "insist", "insists", "idea"))


def _verb_claim(claim: str) -> bool:
    # "burn belly fat", "spot-reduce"; not "spot reduction works" or "fat loss from".
    low = claim.lower()
    return not low.startswith(("fat", "spot reduc", "spot-reduc")) or low.startswith(("spot reduce", "spot-reduce"))


def _words(text: str) -> list[str]:
    # A hyphenated word is one ("no-fail" is not "no").
    return re.findall(r"[\w'\u2019]+(?:-[\w'\u2019]+)*", text.lower())


#: The only non-ASCII characters the patterns' IGNORECASE matching takes for
#: ASCII letters (the long s, U+017F, makes "spot" match), which str.lower() leaves alone.
_ASCII_UNDER_IGNORECASE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _says_calories(low: str) -> bool:
    # A word ending in "cal", "cals", "calorie" or "calories" ("kcal",
    # "kilocalories"), as the patterns have them; not "calf" or "calcium".
    # Each word is read once: the search goes on after the word's end.
    at = low.find("cal")
    while at >= 0:
        end = at + 3
        while end < len(low) and (low[end].isalnum() or low[end] == "_"):
            end += 1
        if low.endswith(("cal", "cals", "calorie", "calories"), at, end):
            return True
        at = low.find("cal", end)
    return False


#: Words a spot claim without "fat" starts with or holds (see _SPOT_CLAIMS).
_SHAPE_WORDS = ("slim", "trim", "shrink", "shrunk", "whittl", "flatten", "inch", "cm", "centimet", "thigh gap", "thigh-gap",
                "leaner", "thinner", "skinnier", "smaller",
                # The parts named by their fat (see _FLAB).
                "gut", "belly", "love handle", "love-handle", "muffin", "bingo", "bat wing", "bat-wing", "saddle", "double chin",
                "double-chin", "man boob", "man-boob", "moob", "spare t", "flab", "cellulite")
_BELLY_WORDS = ("belly", "stomach", "tummy", "abdomen", "abs", "midsection", "waist", "muffin", "love")
_PLACE_WORDS = ("from", "on", "off", "over", "around", "in", "at")


def _at_word_start(low: str, word: str) -> Iterator[int]:
    # Where ``word`` starts a word: not inside one ("pinch", "bodyweight").
    at = low.find(word)
    while at >= 0:
        if at == 0 or not low[at - 1].isalpha():
            yield at
        at = low.find(word, at + 1)


def _says_shape(low: str) -> bool:
    """Whether ``low`` may promise a part made smaller without saying
    "fat": a slimming verb, inches, a flat belly, or weight lost from a
    place.  Exercise names ("Flat bench press", "Plate pinch", "Weighted
    dip") do not, so planning never needs the patterns for them."""
    if any(next(_at_word_start(low, w), -1) >= 0 for w in _SHAPE_WORDS):
        return True
    # Read at an index, never by slicing off the rest: a long text of
    # "flat" or "weight" would be copied once for each.
    for at in _at_word_start(low, "flat"):
        after = at + 7 if low.startswith("ter", at + 4) else at + 4
        if low.startswith((" ", "-"), after) and low.startswith(_BELLY_WORDS, after + 1):
            return True
    for at in _at_word_start(low, "weight"):
        after = at + 6
        if after < len(low) and low[after].isspace():
            while after < len(low) and low[after].isspace():
                after += 1
            if low.startswith(_PLACE_WORDS, after):
                return True
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
    # number or a mass, and every spot claim says "spot", the word "fat" or
    # one of the words of a part made smaller (see _says_shape): a text
    # without them ("Calf raise 2", "short of fatigue") is clean without the
    # patterns.
    low = text.translate(_ASCII_UNDER_IGNORECASE).lower()
    energy = ((_says_calories(low) or "kj" in low or "kilojoule" in low)
              and (any(c.isdigit() for c in low) or any(m in low for m in ("lb", "pound", "kg", "kilo", "gram", "ounce", "oz"))))
    spot = "spot" in low or _says_fat(low) or _says_shape(low)
    if ("fail" in low or "exhaustion" in low) and _to_failure(text):
        return "tells you to train to failure (every set ends with reps in reserve; failure adds no muscle)"
    if not (energy or spot):
        return ""
    energy_re, spot_re, _ = _patterns()
    if energy and energy_re.search(text):
        return "gives a calorie figure for a mass of muscle (muscle uses about 6 kcal/lb a day at rest)"
    if spot:
        for m in spot_re.finditer(text):
            if not _denied(text, m.start(), m.end()):
                return "promises fat loss from a chosen spot (fat is not lost from the area you train)"
        for m in _superiority_pattern().finditer(text):
            if not _denied(text, m.start("claim"), m.end("claim")):
                return "ranks strength training above aerobic training for fat loss (aerobic training reduces fat more)"
    return ""
