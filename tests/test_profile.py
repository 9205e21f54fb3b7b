"""The profile contract: valid profiles load, invalid ones fail with one line
naming the file, the key path and what is expected."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender import Profile, ProfileError, load_profile, profile_from_dict, profile_from_toml

BASE = """\
age = 42
experience = "beginner"
goal = "fat_loss"
days = ["mon", "thu"]
session_minutes = 45
"""


def _with(line: str) -> str:
    key = line.split("=")[0].strip()
    kept = [row for row in BASE.splitlines() if row.split("=")[0].strip() != key]
    return "\n".join([*kept, line]) + "\n"


def test_example_profile_loads(root: Path) -> None:
    """The README example loads with every documented key."""
    p = load_profile(root / "examples" / "me.toml")
    assert p.age == 42
    assert p.target_areas == ("legs", "back")
    assert p.injuries == ("knee",)
    assert p.start == datetime.date(2026, 12, 7)


def test_defaults() -> None:
    """Optional keys have documented defaults."""
    p = profile_from_toml(BASE)
    assert (p.weeks, p.target_areas, p.injuries, p.conditions, p.start) == (8, (), (), (), None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("age = 30.7", "me.toml: age: expected an integer, got float 30.7"),
        ("age = true", "me.toml: age: expected an integer, got boolean True"),
        ('injuries = "knee"', "me.toml: injuries: expected an array, got string 'knee'"),
        ("sesion_minutes = 40", "me.toml: sesion_minutes: unknown key; did you mean 'session_minutes'?"),
        (
            'target_areas = ["leg"]',
            "me.toml: target_areas[0]: expected one of 'legs', 'glutes', 'back', 'chest', 'shoulders', 'arms', 'core',"
            " got string 'leg'; did you mean 'legs'?",
        ),
        (
            'days = ["mon", "funday"]',
            "me.toml: days[1]: expected one of 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', got string 'funday'",
        ),
        (
            'days = ["Monday", "Wednesday"]',
            "me.toml: days[0]: expected one of 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', got string 'Monday'; did you mean 'mon'?",
        ),
        ("weeks = 0", "me.toml: weeks: expected an integer from 1 to 52, got 0"),
        ("age = 12", "me.toml: age: expected an integer from 18 to 100 (plans are for adults), got 12"),
        ('days = ["mon", "mon"]', "me.toml: days[1]: duplicate value 'mon'"),
        ("days = []", "me.toml: days: expected at least one day"),
        ('start = "soon"', "me.toml: start: expected a date like 2026-12-07, got string 'soon'"),
        ("[screening]\nchest_pain = true", "me.toml: screening.chest_pain: unknown key; did you mean 'chest_pain_rest'?"),
    ],
)
def test_bad_values_name_file_key_and_expectation(line: str, expected: str) -> None:
    """Each wrong value gives exactly one clear line."""
    with pytest.raises(ProfileError) as info:
        profile_from_toml(_with(line), source="me.toml")
    assert str(info.value) == expected
    assert info.value.exit_code == 2
    assert info.value.file == "me.toml"


def test_missing_required_key() -> None:
    """A missing required key is named."""
    text = "\n".join(r for r in BASE.splitlines() if not r.startswith("age"))
    with pytest.raises(ProfileError, match=r"^me.toml: age: required key missing$"):
        profile_from_toml(text, source="me.toml")


def test_invalid_toml_names_position() -> None:
    """A TOML syntax error names the file and the position."""
    with pytest.raises(ProfileError, match=r"^me.toml: invalid TOML: .*line 1, column"):
        profile_from_toml("age = = 3", source="me.toml")


def test_dict_input_accepts_iso_dates() -> None:
    """Apps pass plain dicts (e.g. from JSON) with ISO date strings."""
    p = profile_from_dict({"age": 30, "experience": "advanced", "goal": "strength", "days": ["mon"], "session_minutes": 60, "start": "2027-01-04"})
    assert p.start == datetime.date(2027, 1, 4)


def test_all_problems_are_kept() -> None:
    """The error carries every problem, not only the first."""
    with pytest.raises(ProfileError) as info:
        profile_from_dict({"age": "x", "experience": "guru", "goal": "strength", "days": ["mon"], "session_minutes": 60})
    assert [p.key_path for p in info.value.problems] == ["age", "experience"]


def test_missing_file() -> None:
    """A missing file is a clear error, not a traceback."""
    with pytest.raises(ProfileError, match=r"nope.toml: file not found"):
        load_profile("nope.toml")


def test_next_monday_default() -> None:
    """Without a start date, week 1 starts the Monday after today."""
    p = profile_from_toml(BASE)
    assert p.first_day(datetime.date(2026, 11, 25)) == datetime.date(2026, 11, 30)
    assert p.first_day(datetime.date(2026, 11, 30)) == datetime.date(2026, 12, 7)


@pytest.mark.parametrize("text", ["2026-W50-1", "2026-W50", "20261207", "2026-341", "2026-12-7", " 2026-12-07"])
def test_start_string_must_be_yyyy_mm_dd(text: str) -> None:
    """A start date given as a string must be YYYY-MM-DD, as the schema says; other ISO forms are refused."""
    with pytest.raises(ProfileError) as caught:
        profile_from_toml(_with(f'start = "{text}"'), source="me.toml")
    assert caught.value.line() == f"me.toml: start: expected a date like 2026-12-07, got string {text!r}"


def test_start_as_toml_date_or_iso_string() -> None:
    """A TOML date and a YYYY-MM-DD string give the same start."""
    assert profile_from_toml(_with("start = 2026-12-07")).start == datetime.date(2026, 12, 7)
    assert profile_from_toml(_with('start = "2026-12-07"')).start == datetime.date(2026, 12, 7)


def test_readable_part_keeps_the_valid_keys_and_reads_answers_towards_yes() -> None:
    """What a profile with mistakes still says: its valid keys over neutral values, its screening questions read as
    yes when they say so in any plain way, clearance only when it is true; nothing at all when it is not TOML."""
    from recommender.profile import readable_part

    text = """
agee = 30
age = 70
goal = "strength"
experience = "expert"
conditions = ["pregnancy"]
weeks = 0
[screening]
chest_pain_rest = "Yes"
dizziness = 1
back_red_flags = "no"
medical_clearance = "yes"
"""
    part = readable_part(text)
    assert part is not None
    assert (part.age, part.goal, part.experience, part.conditions, part.weeks) == (70, "strength", "beginner", ("pregnancy",), 8)
    assert (part.screening.chest_pain_rest, part.screening.dizziness, part.screening.back_red_flags) == (True, True, False)
    assert part.screening.medical_clearance is False
    assert readable_part("age = ") is None
    # Of a list, each valid item is kept: "pregnancy" beside an unknown condition still counts.
    listed = readable_part('conditions = ["asthma", "pregnancy"]\ninjuries = ["knee", 3]\n')
    assert listed is not None and (listed.conditions, listed.injuries) == (("pregnancy",), ("knee",))
    # A list longer than any answer could be is left out whole; the other keys still count.
    junk = ", ".join(f'"x{i}"' for i in range(1_000))
    long = readable_part(f'conditions = ["pregnancy"]\ninjuries = ["knee", {junk}]\n')
    assert long is not None and (long.conditions, long.injuries) == (("pregnancy",), ())
    assert readable_part("[screening]\nchest_pain_activity = true\n").screening.chest_pain_activity is True  # type: ignore[union-attr]


@pytest.mark.parametrize(("lines", "said"), [
    # Dotted keys on separate lines merge; the second does not replace the first.
    (['screening.dizziness = true', 'screening.other_reason = false'], "dizziness"),
    # An answer given twice counts as yes if either says yes.
    (['[screening]', 'dizziness = true', 'dizziness = false'], "dizziness"),
    (['[screening]', 'dizziness = "no"', 'dizziness = "yes"'], "dizziness"),
    # A number too long to print is no answer and no crash.
    (['[screening]', 'dizziness = 0x' + 'f' * 4000, 'chest_pain_rest = true'], "chest_pain_rest"),
    # Conditions given twice join: pregnancy without clearance is a refusal.
    (['conditions = ["hypertension"]', 'conditions = ["pregnancy"]', '[screening]', 'other_reason = false'], "other_reason"),
], ids=["dotted keys", "true then false", "no then yes", "huge number", "lists join"])
def test_a_broken_file_s_answers_err_towards_yes(lines: list[str], said: str) -> None:
    """Read line by line (an unclosed quote elsewhere), the answers lean towards what says not to start."""
    from recommender.profile import readable_part

    part = readable_part("\n".join(['age = 50', 'goal = "strength', *lines, 'age = 1']))
    assert part is not None and part.age == 50  # of anything but an answer, the first value given
    if said == "other_reason":
        assert part.conditions == ("hypertension", "pregnancy") and part.screening.other_reason is False
    else:
        assert getattr(part.screening, said) is True


def test_a_broken_file_never_vouches_for_clearance() -> None:
    """Clearance is not read from a broken file, not even from a note quoting the advice inside a multi-line
    string: the refusal for a heart condition stays."""
    from recommender.profile import readable_part

    text = "\n".join(['goal = "strength', "[screening]", "heart_condition = true", 'notes = """', "Dr Lee: once cleared, set",
                      "medical_clearance = true", '"""', "other_reason = false"])
    part = readable_part(text)
    assert part is not None and part.screening.heart_condition is True and part.screening.medical_clearance is False
    part = readable_part(text.replace('notes = """', "").replace('"""', "") + "\nmedical_clearance = true")
    assert part is not None and part.screening.medical_clearance is False


_BROKEN_LINES = st.sampled_from([
    'age = 42', 'experience = "beginner', 'goal = "fat_loss"', 'days = ["mon", "thu"', "days = ['mon']", "[screening", "[screening]",
    "[[screening]]", "[age]", "dizziness = true", "chest_pain_rest = \"yes\"", "medical_clearance = true", "age = " + "9" * 5000,
    "x = " + "[" * 5000, "= 1", "a.b.c = 2", "age = 42 # note", "\x00", "\ufeffage = 1", "conditions = [\"pregnancy\"]", "",
])


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_BROKEN_LINES, max_size=12))
def test_readable_part_of_any_lines_is_a_profile_or_nothing(lines: list[str]) -> None:
    """Whatever lines a broken file holds (an unclosed quote, a number too long to convert, nesting too deep), the
    lenient reading gives a profile or None and never raises; an answer of yes under [screening] is always read."""
    from recommender.profile import readable_part

    text = "\n".join(lines)
    part = readable_part(text)
    assert part is None or isinstance(part, Profile)
    if "dizziness = true" in lines:
        at = lines.index("dizziness = true")
        headers = [line for line in lines[:at] if line.startswith("[")]
        if headers and headers[-1] in ("[screening", "[screening]"):
            assert part is not None and part.screening.dizziness is True



@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({"age": 10**5000}, "app: age: expected an integer from 18 to 100 (plans are for adults), got a number of 5001 digits"),
        ({"weeks": -(10**400)}, "app: weeks: expected an integer from 1 to 52, got a negative number of 401 digits"),
        ({"days": [10**5000]}, "app: days[0]: expected one of 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', got integer of 5001 digits"),
        ({"start_time": -(10**5000)}, "app: start_time: expected a string, got integer of 5001 digits"),
    ],
)
def test_huge_integers_from_an_app_are_named_not_crashed(changes: dict[str, object], line: str) -> None:
    """Integers no TOML file can hold, too long for Python to write out, are refused in one short line."""
    base = {"age": 40, "experience": "beginner", "goal": "strength", "days": ["mon", "thu"], "session_minutes": 45}
    with pytest.raises(ProfileError) as info:
        profile_from_dict({**base, **changes}, source="app")
    assert info.value.line() == line


@pytest.mark.parametrize("text", ["", "age = = 3", "age = 40\n"])
def test_every_profile_error_lists_its_problems(text: str) -> None:
    """problems is there on every ProfileError, also one for text that is not a profile at all."""
    with pytest.raises(ProfileError) as info:
        profile_from_toml(text, source="me.toml")
    problems = info.value.problems
    assert problems, info.value.line()
    first = problems[0]
    assert (first.key_path or None, first.message, first.expected or None) == (info.value.key_path, info.value.message, info.value.expected)


def test_profile_from_toml_given_bytes_says_to_decode(root: Path) -> None:
    """An app's request body passed undecoded is a ProfileError naming the source, not a TypeError."""
    data = (root / "examples" / "me.toml").read_bytes()
    with pytest.raises(ProfileError) as info:
        profile_from_toml(data, source="upload.toml")  # type: ignore[arg-type]
    assert info.value.line() == "upload.toml: expected the profile as text (str), got bytes; decode it first (it is UTF-8)"


def test_words_people_write_for_a_value_are_answered_with_it() -> None:
    """"abs", "bands", "back" as an injury and "high_blood_pressure" are not close in spelling to 'core',
    'resistance_band', 'lower_back' and 'hypertension', but that is what they mean: the error suggests it."""
    text = BASE + 'target_areas = ["abs"]\nequipment = ["bands"]\ninjuries = ["back"]\nconditions = ["high blood pressure"]\n'
    with pytest.raises(ProfileError) as info:
        profile_from_toml(text)
    hints = [p.message.rsplit("; ", 1)[-1] for p in info.value.problems]
    assert hints == ["did you mean 'core'?", "did you mean 'resistance_band'?", "did you mean 'lower_back'?", "did you mean 'hypertension'?"]
    # "back" is an area itself: no suggestion replaces it there.
    assert profile_from_toml(BASE + 'target_areas = ["back"]\n').target_areas == ("back",)


def test_first_day_is_a_date_whatever_today_is() -> None:
    """Given a date-time (datetime.now()), week 1 still begins on a plain date: the Monday after it."""
    import datetime

    p = profile_from_toml(BASE)
    first = p.first_day(datetime.datetime(2026, 12, 2, 15, 30))
    assert type(first) is datetime.date and first == datetime.date(2026, 12, 7)
