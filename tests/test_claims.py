"""The claim check's quick pre-screen never changes its verdict."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recommender import claims
from recommender.claims import unsupported_claim

WORDS = ["\u017fpot", "calor\u0131es", "\u0130", "\u212acal", "calf-raise", "calcium", "local", "kcal_", "cal2", "calories\u00e9", "fat", "Fat", "FAT", "fatigue", "fat-loss", "fat_", "fat1", "faté", "spot", "Spot-reduce", "reduction", "works", "burn",
         "burns", "belly", "thigh", "from", "your", "the", "lose", "not", "never", "but", "calf", "cal", "kcal", "Calories", "calorie",
         "per", "a", "lb", "lbs", "pound", "kg", "kilogram", "KG", "of", "muscle", "lean", "mass", "=", "/", "38", "50", "6", "1,000",
         "3.5", "day", ".", ",", ";", "is", "possible", "raise", "deload", "\u212a", "\u0130",
         "slim", "slims", "trim", "flat", "flatter", "flatten", "stomach", "abs", "waist", "inches", "inch", "pinch", "5cm", "cm", "off",
         "give", "you", "weight", "bodyweight", "on", "hips", "thigh", "gap", "lower", "back", "bench",
         "make", "leaner", "smaller", "gut", "bingo", "wings", "love", "handle", "handles", "for", "zone", "burning",
         "to", "until", "failure", "exhaustion", "short", "close", "without", "unnecessary", "when", "train", "set", "Failure",
         "Go", "take", "then", "fail", "?", "tension", "goodbye", "narrower", "waist"]


def _by_the_patterns_alone(text: str) -> str:
    energy_re, spot_re, _ = claims._patterns()
    if energy_re.search(text):
        return "energy"
    if any(not claims._denied(text, m.start(), m.end()) for m in spot_re.finditer(text)):
        return "spot"
    if any(not claims._denied(text, m.start("claim"), m.end("claim")) for m in claims._superiority_pattern().finditer(text)):
        return "superiority"
    if claims._to_failure(text):
        return "failure"
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
    claims._superiority_pattern.cache_clear()
    unsupported_claim.cache_clear()
    for text in ("Standing calf raise", "Bench 3 calf-raise 7", "deload: fewer sets, lighter load, stop well short of fatigue", "Goblet squat",
                 "Flat bench press", "Plate pinch", "Weighted dip", "Bodyweight squat", "Flatter-grip row", "Never train to failure."):
        assert unsupported_claim(text) == ""
    assert claims._patterns.cache_info().currsize == 0
    assert claims._superiority_pattern.cache_info().currsize == 0


def test_every_character_the_patterns_take_for_a_letter_is_screened() -> None:
    """The characters IGNORECASE matches to an ASCII letter (such as the long
    s, U+017F) are found by the pre-screen too, in every claim phrase."""
    import re

    lookalikes = [chr(cp) for cp in range(128, 0x110000) if re.fullmatch("[a-z]", chr(cp), re.I)]
    assert lookalikes, "IGNORECASE maps some non-ASCII characters to ASCII letters"
    claims_ = ["spot reduction works", "Muscle burns 50 calories per pound", "crunches burn belly fat", "38 kcal", "1 kg of muscle burns 100 kcal"]
    for text in claims_:
        assert unsupported_claim(text)
        for c in lookalikes:
            for i, letter in enumerate(text):
                if re.fullmatch(re.escape(letter), c, re.I):
                    variant = text[:i] + c + text[i + 1 :]
                    assert bool(unsupported_claim(variant)) == bool(_by_the_patterns_alone(variant)), variant


def test_denials_pass_and_claims_dressed_as_them_do_not() -> None:
    """"does not burn belly fat", "a myth that ..." and "No exercise can ..."
    deny the claim, and so does a negation before a short aside ("do not, by
    themselves, burn"); a negation further off ("You won't believe how ..."),
    a rhetorical one ("Why not ...", "Not only ...") or a question does not."""
    for claim in ("No doubt crunches burn belly fat.", "You won't believe how crunches burn belly fat.",
                  "Myth busted: crunches burn belly fat.", "It's no secret that squats burn thigh fat.",
                  "Why not burn belly fat with crunches?", "Who says you can't burn belly fat with crunches?",
                  "Not only burn belly fat, build muscle too.", "Don't just burn belly fat: sculpt it.", "Why not spot-reduce?",
                  "Don't wait, friends, burn belly fat now!", "Why not, friends, burn belly fat.",
                  "Lifting is not boring, honestly, burn belly fat with it!", "Do not stop, keep going and keep at it, burn belly fat.",
                  "Believe it or not, my friends, spot reduction works!", "Like it or not, honestly, burn belly fat with crunches!",
                  "Ready or not, here it comes, spot-reduce your belly.",
                  "Don't listen to those who say you can't, honestly, spot reduction works.",
                  "Stop saying you can't, because you can, burn belly fat.", "You can't fail, by the way, burn belly fat.",
                  "Whether or not, realistically, you burn belly fat with crunches.",
                  "Most trainers say you cannot, however, spot-reduce with our belt.",
                  "Skeptics say you can't, however, burn belly fat with crunches.", "Too late? No, however old you are, burn belly fat.",
                  "Give up? Never, however long it takes, burn belly fat with crunches!",
                  "Impossible? It isn't, realistically, burn belly fat in two weeks!",
                  "Even if others can't, however hard they try, burn belly fat with our method.",
                  "Who says crunches can't, by themselves, burn belly fat in 2.5 weeks?",
                  "Who says crunches can't burn belly fat with Dr. Fit's plan?", "Who says you can't burn belly fat with crunches!"):
        assert unsupported_claim(claim), claim
    for denial in ("Crunches do not burn belly fat.", "Crunches won't really burn belly fat.", "You cannot spot-reduce.",
                   "Training an area builds muscle there; it does not burn the fat over it.",
                   "It is a myth that crunches burn belly fat.", "No exercise can burn belly fat on its own.",
                   "No amount of crunches will burn belly fat.", "Crunches do not, by themselves, burn belly fat.",
                   "You can't, realistically, spot-reduce.", "Sit-ups won't, however many you do, burn belly fat.",
                   "No exercise, by itself, burns belly fat.", "You cannot, on your own, spot-reduce.",
                   "Crunches do not burn belly fat. Squats train the legs."):
        assert unsupported_claim(denial) == "", denial


def test_no_text_the_package_ships_is_flagged() -> None:
    """Every shipped rule text and every exercise name of the built-in pack
    and the example plugins installed passes (the check is not a nuisance)."""
    from recommender import Engine

    engine = Engine()
    names = [e.name for e in engine.catalog.values()]
    texts = [t for r in engine.rules.rules for t in (r.notice, r.because, r.refuse) if t]
    assert len(names) >= 100 and len(texts) >= 30
    assert [t for t in names + texts if unsupported_claim(t)] == []


def test_denial_forms_are_read_strictly() -> None:
    """Only a negation of the claim's own verb, "No" with what it denies, or calling the claim a myth denies it
    (two of them cancel); a negation of another verb, one someone reports, one in a condition, a question or
    quotes, or one the text takes back ("except", "but ... they do", "just kidding") does not.  Clause breaks
    include line breaks, dashes, ellipses, bullets and brackets."""
    claims = ["No gym needed to burn belly fat!", "No other exercise burns belly fat like crunches.", "No exercise burns belly fat better than crunches.",
    "No exercise burns belly fat except crunches.", "No one can stop you from burning belly fat.", "No matter your age crunches burn belly fat.",
    "No-fail crunches burn belly fat.", "No joke spot reduction works.", "No excuses, alone, burn belly fat.",
    "Don't stop burning belly fat!", "Never stop burning belly fat!", "Don't wait burn belly fat now.", "You can't not burn belly fat doing crunches.",
    "Who doesn't burn belly fat with crunches!", "Why don't you burn belly fat!", "Won't you burn belly fat with us.",
    "Whether you like it or not crunches burn belly fat.", "Ready or not spot-reduce your belly.", "No longer will you fail to burn belly fat.",
    "Do not wait\nBurn belly fat now", "- No gym\n- Burn belly fat at home", "Don't wait\u2014burn belly fat now.", "Never diet \u2014 burn belly fat.",
    "No gym\u2026 burn belly fat", "No gym \u2022 burn belly fat", "No gym (burn belly fat at home)",
    "Crunches don't merely burn belly fat, they sculpt abs.", "Crunches don't simply burn belly fat \u2014 they tone too.", "Why not simply burn belly fat.",
    "It's a myth that crunches don't burn belly fat.", "It's false that you cannot spot-reduce.", "The idea that you cannot spot-reduce is outdated.",
    "Stop believing you can't spot-reduce.", "Quit thinking you can't spot-reduce.", "They were wrong that you can't spot-reduce.",
    "\u201cYou can\u2019t spot-reduce\u201d is a lie.", "If crunches don't burn belly fat, nothing will.",
    "You cannot spot-reduce. Just kidding!", "You cannot spot-reduce \u2014 said no one ever.", "Crunches do not, alone, burn belly fat \u2014 but with our belt they do.",
    "No exercise can burn belly fat on its own, except crunches."]
    denials = ["Crunches do not burn belly fat.", "Crunches won't really burn belly fat.", "You cannot spot-reduce.",
    "Training an area builds muscle there; it does not burn the fat over it.", "It is a myth that crunches burn belly fat.",
    "No exercise can burn belly fat on its own.", "No amount of crunches will burn belly fat.", "Crunches do not, by themselves, burn belly fat.",
    "You can't, realistically, spot-reduce.", "Sit-ups won't, however many you do, burn belly fat.", "No exercise, by itself, burns belly fat.",
    "You cannot, on your own, spot-reduce.", "Crunches do not burn belly fat. Squats train the legs.", "Crunches do not, in fact, burn belly fat.",
    "The claim that crunches burn belly fat is a myth.", "Crunches do not burn belly fat, but they strengthen your core.",
    "Studies with MRI and DXA find no extra fat loss in the trained area.",
    "Curls build muscle in your arms; they do not burn the fat there."]
    assert [c for c in claims if not unsupported_claim(c)] == []
    assert [d for d in denials if unsupported_claim(d)] == []


def test_claims_in_other_words_are_caught() -> None:
    """Spot claims with hyphens, joined or qualified body parts, the fat as the subject or "targeted fat loss",
    and calorie figures per mass with a time between, a word before the unit, grams or kilojoules."""
    claims = ["Crunches burn belly-fat.", "Burn belly and thigh fat.", "Burn more belly fat", "Lose all your belly fat", "Burn lower belly fat.",
    "Belly fat melts away with crunches.", "Spot reduction actually works.", "Spot reduction does work.", "Targeted fat loss is possible with crunches.",
    "Decrease belly fat", "Shrink belly fat", "Burn fat only from your belly.", "This crunch removes belly fat.",
    "Every crunch trains the area so it burns the fat over it.", "Tone your arms and burn the fat there.", "Burns fat where you train it.", "Lose 2 inches of belly fat.",
    "Lose 5 cm of thigh fat.", "Belly fat burner crunch", "A belly-fat-burning move",
    "Muscle burns 35 calories a day per pound.", "Muscle uses 6 kcal/day/lb.", "For every pound of muscle you gain, you burn 35 more calories.",
    "A lb. of muscle burns 35 calories.", "Muscle burns 1.3 kcal per 100 g.", "A kilogram of muscle burns 55 kJ a day."]
    assert [c for c in claims if not unsupported_claim(c)] == []


def test_a_denial_in_a_sentence_too_long_to_read_whole_is_not_trusted() -> None:
    """A claim's sentence is read within a window around it; when its start lies beyond, the denial is not taken."""
    assert unsupported_claim("Crunches do not burn belly fat.") == ""
    assert unsupported_claim("word " * 80 + "and crunches do not burn belly fat.")
    assert unsupported_claim("Squats train the legs. " * 20 + "Crunches do not burn belly fat.") == ""


def test_a_denial_that_moves_the_claim_elsewhere_is_a_claim() -> None:
    """A denial followed by what does work ("; squats do", ". Our belt does!", "as fast as our pill", "faster")
    still makes the claim; a denial followed by something else is still a denial."""
    for claim in ("Crunches do not burn belly fat; squats do.", "Crunches do not burn belly fat. Our belt does!",
                  "Sit-ups do not burn belly fat as fast as our pill.", "You will never burn belly fat faster.",
                  "Crunches do not burn belly fat unless you do 100 a day."):
        assert unsupported_claim(claim), claim
    for denial in ("Crunches do not burn belly fat, but they strengthen your core.", "Crunches do not burn belly fat. Squats do train the legs."):
        assert unsupported_claim(denial) == "", denial


def test_a_claim_named_as_a_thing_is_denied_by_saying_it_does_not_work() -> None:
    """"Belly fat burners do not work" and "Targeted fat loss does not work" deny the claim they name; the same
    words as a question, after a verb claim, or taken back are still claims."""
    denials = ["Belly fat burners do not work.", "Belly fat burners don't work.", "Targeted fat loss does not work.",
               "Belly fat burners can't work.", "Belly fat burners won't work", "Belly fat burners never work."]
    assert [d for d in denials if unsupported_claim(d)] == []
    claims = ["Belly fat burners work.", "Belly fat burners do not work? Try ours.", "Burn belly fat does not work",
              "Targeted fat loss does not work for everyone.", "Belly fat burners do not work without diet.",
              "Belly fat burners do not work overnight.",
              "Targeted fat loss does not work, except with our belt.", "Crunches burn belly fat and squats do not work."]
    assert [c for c in claims if not unsupported_claim(c)] == []


def test_strength_training_is_never_said_to_beat_aerobic_training_for_fat_loss() -> None:
    """Aerobic training cut fat mass more than resistance training (Willis et al. 2012), so a text that ranks
    strength training above running or cardio for fat loss is a claim; saying it does not, or the reverse, is not."""
    claims_ = ["Strength training beats running for fat loss.", "Lifting weights is better than cardio for fat loss.",
               "Resistance training burns more fat than running.", "Weight training is superior to aerobic exercise for losing fat.",
               "Strength training outperforms jogging for fat loss."]
    assert [c for c in claims_ if not unsupported_claim(c)] == []
    assert "aerobic" in unsupported_claim(claims_[0])
    denials = ["Strength training does not beat running for fat loss.", "Lifting does not burn more fat than cardio.",
               "Aerobic activity reduces body fat more than strength training alone.",
               "For fat loss, aerobic training beats strength training alone.", "Strength training builds muscle; cardio burns more fat."]
    assert [d for d in denials if unsupported_claim(d)] == []


def test_a_part_promised_smaller_without_the_word_fat_is_a_spot_claim() -> None:
    """"Squats slim your thighs", "flatten your belly", "a flat stomach", inches off the waist or weight from the hips
    promise the trained part made smaller, as "burn belly fat" does; their denials, and cues such as flattening the
    lower back, are not claims."""
    claims_ = ["Squats slim your thighs.", "Crunches flatten your belly.", "This move trims inches off your waist.",
               "Sit-ups give you a flat stomach.", "Lose weight from your hips.", "Side bends whittle your waist.",
               "Slim down your arms with curls.", "Flat-belly crunch", "Get flatter abs in a week.", "Lose 5cm from your waist.",
               "Inner-thigh squeezes for a thigh gap.", "Crunches flatten your belly into a six-pack."]
    assert [c for c in claims_ if not unsupported_claim(c)] == []
    assert "chosen spot" in unsupported_claim(claims_[0])
    honest = ["Squats will not slim your thighs.", "Sit-ups will not give you a flat stomach.", "Crunches do not trim your waist.",
              "Flatten your lower back into the floor.", "Brace as if to flatten your belly against the floor.",
              "Keep your weight on your heels.", "Flat bench press", "Plate pinch",
              "Lower the bar to your chest.", "Trim your back swing so the torso stays still."]
    assert [h for h in honest if unsupported_claim(h)] == []


def test_long_runs_of_filler_words_are_read_once() -> None:
    """Texts of a file's size made of the words the patterns skip over ("the your ...", "flat flat ...") give their
    verdict after one reading, as a rule file or a plan file may hold one: before, the first took hours."""
    assert unsupported_claim("lose 2 inches off " + "the your " * 4000 + "waist")
    assert unsupported_claim("lose 2 inches off " + "the your " * 4000) == ""
    assert unsupported_claim("flat " * 100_000) == ""
    assert unsupported_claim("weight x " * 100_000) == ""
    assert unsupported_claim("burn " + "the stubborn " * 4000 + "belly fat")
    assert unsupported_claim("kcal " + "1," * 50_000) == ""
    assert unsupported_claim("cal" * 50_000 + " 1") == ""
    assert unsupported_claim("Muscle burns 1,000.5 kcal for every pound of muscle.")


def test_parts_named_by_their_fat_or_made_leaner_are_spot_claims() -> None:
    """"Lose your gut", "get rid of bingo wings", "make your thighs leaner", "a smaller waist" and "the fat-burning
    zone for your thighs" promise the part trained made smaller, in other words; bracing and stance cues that use
    the same words ("lose belly tension", "make your arms narrower", "smaller ranges of motion") do not."""
    claims_ = ["Squats will make your thighs leaner.", "Train your core to lose your gut.", "Get rid of bingo wings with triceps work.",
               "Fat burning zone for your thighs.", "This exercise melts love handle fat.", "Leaner legs with squats.",
               "Banish your muffin top.", "Lose the love handles in a week.", "Curls for slimmer arms.", "Get a smaller waist with side bends.",
               "Side bends give you a smaller waist.", "Your thighs will get leaner.", "Lose the beer gut.", "Say goodbye to your love handles."]
    assert [c for c in claims_ if not unsupported_claim(c)] == []
    assert all("chosen spot" in unsupported_claim(c) for c in claims_)
    honest = ["Squats make your legs stronger.", "Belly breathing", "Gut check: brace your core.", "Lunges will not make your thighs leaner.",
              "A leaner body comes from eating a little less and moving more.", "Reset if you lose belly tension.",
              "Losing belly tension lets your back round.", "Lost your belly brace? Re-brace.", "Tighten up your belly before you lift.",
              "Tighten up your gut as if bracing for a punch.", "Make your arms narrower for diamond push-ups.",
              "Get your legs narrower than hip width.", "Use a narrower hip width.", "For the core smaller ranges of motion are fine.",
              "Reduce the jiggle of the bar.", "Burning belly? End the set.", "Fat-burning cannot occur in your belly only.", "Take smaller steps."]
    assert [h for h in honest if unsupported_claim(h)] == []


def test_no_text_may_order_you_to_train_to_failure() -> None:
    """Every set ends with reps in reserve, so an order to go to failure ("take the last set to failure", "train
    until you fail") is refused; text explaining why not to, asking, keeping short of it, or using the word in
    another sense is not an order and passes, so a person's own rules can say so freely."""
    orders = ["Take the last set to failure.", "Go until failure on the last set.", "Rest; then go to failure.", "Work to complete muscular failure.",
              "Hold the plank until exhaustion.", "Train to the point of failure.", "Train until you fail.", "Train til failure.",
              "Keep the bar close and push to failure.", "Go to failure and keep going."]
    assert [t for t in orders if not unsupported_claim(t)] == []
    assert "failure" in unsupported_claim(orders[0])
    fine = ["Never train to failure.", "Do not go to failure; stop 2 reps short.", "Train close to failure, not to it.", "Train close to failure",
            "End each set with about 2 reps left: close to fatigue, which builds muscle, without going to failure.",
            "Blood pressure rises most when sets go to exhaustion, so people with high blood pressure stop well short.",
            "Blood pressure rises most as sets go to exhaustion.", "Pushing to exhaustion raises blood pressure.",
            "Training to failure is unnecessary.", "Training to failure slows recovery, so each set ends 2 reps short.",
            "Training to failure adds fatigue, not muscle.", "Sets to failure raise injury risk.", "Nobody needs to train to failure.",
            "Stop 2 reps short of failure.", "Avoid going to failure.", "Avoid failure.", "Go to failure? No.", "Should you go to failure? No.",
            "Run until exhaustion? Never.", "Rounding your back can lead to failure of the lift.", "Too much load too soon leads to failure and injury.",
            "If a rep fails, stop the set.", "Hold until your form starts to fail, then stop.", "Lower to your chest, then press."]
    assert [t for t in fine if unsupported_claim(t)] == []
