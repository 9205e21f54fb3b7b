"""The person's profile: the user-facing contract, loaded strictly."""

import datetime
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

import attrs

from .errors import ProfileError
from .limits import MAX_PROFILE_PACKS, STDIN, parse_json, parse_toml, path_text, read_text_limited, require_text, shown_int, source_noun
from .values import value_eq, value_hash, value_repr
from .vocabulary import SCREENING_QUESTIONS

__all__ = ["Profile", "Screening", "checked_profile", "load_profile", "profile_from_dict", "profile_from_toml"]

Area = Literal["legs", "glutes", "back", "chest", "shoulders", "arms", "core"]
Equipment = Literal[
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
]
Injury = Literal["knee", "lower_back", "shoulder", "wrist", "hip", "ankle", "neck"]
Condition = Literal["hypertension", "pregnancy", "osteoporosis", "heart_disease"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Level = Literal["beginner", "intermediate", "advanced"]
Goal = Literal["fat_loss", "strength", "general_fitness"]

#: Inclusive bounds for the profile's numbers; the message says why.
BOUNDS: dict[str, tuple[int, int, str]] = {
    "age": (18, 100, "an integer from 18 to 100 (plans are for adults)"),
    "session_minutes": (15, 180, "an integer from 15 to 180"),
    "weeks": (1, 52, "an integer from 1 to 52"),
}

#: Range of ``start``: a year of weeks from any of these dates stays within
#: the calendar Python can represent.
FIRST_START = datetime.date(2000, 1, 1)
LAST_START = datetime.date(2999, 12, 31)


@attrs.frozen
class Screening:
    """PAR-Q style yes/no answers; every answer defaults to no.

    ``medical_clearance`` records that a doctor or other qualified
    professional has cleared the person for this kind of exercise.
    """

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    heart_condition: bool = False
    chest_pain_activity: bool = False
    chest_pain_rest: bool = False
    dizziness: bool = False
    bone_joint_problem: bool = False
    blood_pressure_medication: bool = False
    back_red_flags: bool = False
    other_reason: bool = False
    medical_clearance: bool = False

    def any_yes(self) -> bool:
        """True when any screening question (not the clearance) is answered yes."""
        return any(getattr(self, q) for q in SCREENING_QUESTIONS)


@attrs.frozen
class Profile:
    """Who the plan is for.  Field names are a public contract."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    age: int
    experience: Level
    goal: Goal
    days: tuple[Day, ...]
    session_minutes: int
    target_areas: tuple[Area, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    injuries: tuple[Injury, ...] = ()
    conditions: tuple[Condition, ...] = ()
    weeks: int = 8
    start: datetime.date | None = None
    start_time: str = "18:00"
    packs: tuple[str, ...] = ()
    screening: Screening = Screening()

    def first_day(self, today: datetime.date | None = None) -> datetime.date:
        """Week 1's first day: ``start``, else the Monday after ``today``."""
        if self.start is not None:
            return self.start
        today = today or datetime.date.today()
        # A date-time's date (or a date subclass's): week 1 starts on a day, not at a time.
        monday = today + datetime.timedelta(days=7 - today.weekday())
        return datetime.date(monday.year, monday.month, monday.day)


def _bounds_problems(profile: Profile) -> list[tuple[str, str, str]]:
    # (key path, message, expected) each: a Problem's fields, without the
    # import of cattrs that Problem's module costs.
    out: list[tuple[str, str, str]] = []
    for key, (lo, hi, expected) in BOUNDS.items():
        value = getattr(profile, key)
        if not lo <= value <= hi:
            out.append((key, f"expected {expected}, got {shown_int(value)}", expected))
    for key in ("days", "target_areas", "equipment", "injuries", "conditions", "packs"):
        values = getattr(profile, key)
        seen: set[str] = set()
        for i, v in enumerate(values):
            if v in seen:
                out.append((f"{key}[{i}]", f"duplicate value {v!r}", "each value once"))
            seen.add(v)
    if not profile.days:
        out.append(("days", "expected at least one day", "a non-empty array of days"))
    if profile.start is not None and not FIRST_START <= profile.start <= LAST_START:
        expected = f"a date from {FIRST_START} to {LAST_START}"
        out.append(("start", f"expected {expected}, got {profile.start.isoformat()}", expected))
    if len(profile.packs) > MAX_PROFILE_PACKS:
        out.append(("packs", f"expected at most {MAX_PROFILE_PACKS} pack names, got {len(profile.packs)}", "a short array of pack names"))
    hh, sep, mm = profile.start_time.partition(":")
    # isascii: str.isdigit() also accepts digits int() cannot read, such as "²".
    if not (sep and (hh + mm).isascii() and hh.isdigit() and mm.isdigit() and len(hh) <= 2 and len(mm) == 2 and int(hh) < 24 and int(mm) < 60):
        out.append(("start_time", f"expected a time like \"18:30\", got {profile.start_time!r}", "HH:MM"))
    return out


#: The values each field of a profile may hold, from its annotations.
_CHOICES = {"experience": frozenset(get_args(Level)), "goal": frozenset(get_args(Goal))}
_ITEMS = {
    "days": frozenset(get_args(Day)),
    "target_areas": frozenset(get_args(Area)),
    "equipment": frozenset(get_args(Equipment)),
    "injuries": frozenset(get_args(Injury)),
    "conditions": frozenset(get_args(Condition)),
}


def _as_loaded(profile: Profile) -> bool:
    """True when ``profile`` holds only what the loaders build: values of
    exactly the types they give, from the vocabulary, within the bounds."""
    # Plain loops: the engine asks this of every profile it is given.
    for key in BOUNDS:
        if type(getattr(profile, key)) is not int:
            return False
    for key, allowed in _CHOICES.items():
        value = getattr(profile, key)
        if type(value) is not str or value not in allowed:
            return False
    for key, allowed in _ITEMS.items():
        values = getattr(profile, key)
        if type(values) is not tuple:
            return False
        for value in values:
            if type(value) is not str or value not in allowed:
                return False
    if type(profile.packs) is not tuple:
        return False
    for value in profile.packs:
        if type(value) is not str:
            return False
    if (profile.start is not None and type(profile.start) is not datetime.date) or type(profile.start_time) is not str:
        return False
    s = profile.screening
    if type(s) is not Screening:
        return False
    for name in _ANSWER_NAMES:
        if type(getattr(s, name)) is not bool:
            return False
    return not _bounds_problems(profile)


def checked_profile(profile: object, *, source: str = "<profile>") -> Profile:
    """``profile`` when it is valid as the loaders read one; raises
    :class:`ProfileError` as :func:`profile_from_dict` does otherwise.

    attrs checks nothing a ``Profile(...)`` is built with, so an app's own
    profile may hold anything; one that holds what a dict may (lists, an
    ISO date string, a screening table) is read as that dict.
    """
    if type(profile) is Profile and _as_loaded(profile):
        return profile
    if not isinstance(profile, Profile):
        raise ProfileError(f"expected a Profile, got {type(profile).__name__} (see profile_from_dict)", file=source, expected="a Profile")
    data = {name: getattr(profile, name) for name in _FIELDS}
    if isinstance(data["screening"], Screening):
        data["screening"] = {name: getattr(data["screening"], name) for name in _ANSWER_NAMES}
    return _profile(data, source, parsed=False)


def profile_from_dict(data: Mapping[str, Any], *, source: str = "<profile>") -> Profile:
    """Build a :class:`Profile` from plain data, strictly.

    Raises :class:`ProfileError` naming ``source``, the key path and what is
    expected for the first problem; ``error.problems`` holds them all.
    """
    return _profile(dict(data) if isinstance(data, Mapping) else data, source, parsed=False)


def _profile(data: Any, source: str, *, parsed: bool) -> Profile:
    from .converter import Problem, structure_default

    profile, problems = structure_default(data, Profile, parsed=parsed)
    if profile is not None:
        problems = [Problem(*p) for p in _bounds_problems(profile)]
    if problems:
        first = problems[0]
        raise ProfileError(first.message, file=source, key_path=first.key_path or None, expected=first.expected or None, problems=problems)
    assert isinstance(profile, Profile)
    return profile


def profile_from_toml(text: str, *, source: str = "<profile>") -> Profile:
    """Parse TOML ``text`` and build a :class:`Profile`."""
    require_text(text, "profile", source=source, error=ProfileError)
    if not text.strip():
        raise ProfileError(
            f"the {source_noun(source)} is empty; expected a profile with age, experience, goal, days and session_minutes",
            file=source, expected="a profile",
        )
    try:
        data = parse_toml(text, source=source, error=ProfileError)
    except ProfileError:
        if _looks_like_a_plan(text):
            raise ProfileError("is a plan, not a profile (give the plan first: recommend check PLAN.json --profile FILE)",
                               file=source, expected="a profile TOML file") from None
        raise
    return _profile(data, source, parsed=True)


def _looks_like_a_plan(text: str) -> bool:
    # Plan JSON given where a profile goes (check's arguments swapped).
    if not text.lstrip().startswith("{"):
        return False
    try:
        data = parse_json(text, source="", error=ProfileError)
    except ProfileError:
        return False
    return isinstance(data, dict) and "weeks" in data and "schema_version" in data


def load_profile(path: str | Path) -> Profile:
    """Read and validate the profile TOML file at ``path``."""
    name = path_text(path, "profile", ProfileError)
    text = read_text_limited(Path(name), ProfileError)
    return profile_from_toml(text, source=name)


#: Values for the keys every profile has, for :func:`readable_part`.
_NEUTRAL = {"age": 40, "experience": "beginner", "goal": "general_fitness", "days": ["mon", "wed", "fri"], "session_minutes": 45}
#: The longest list :func:`readable_part` reads: every list a profile holds
#: names a few of a short vocabulary once each, and each item read costs a
#: structuring of the profile.
_MOST_ITEMS = 64
#: Answers read as yes by :func:`readable_part`, which errs towards yes.
_READ_AS_YES = ("yes", "y", "true", "1")


def readable_part(text: str) -> Profile | None:
    """What a profile that does not validate still says, or None when no
    line of ``text`` reads: each top-level key valid on its own (of a list,
    each valid item), over neutral values for the others, and every
    screening question whose answer reads as yes (``true``, ``"yes"``,
    ``1``).  Clearance counts only as ``true``.  Text that is not TOML (an
    unclosed quote) is read line by line (see :func:`_lines_as_toml`).

    For deciding whether the person's answers say not to start, when the
    profile cannot be planned anyway; never for planning.
    """
    try:
        data = parse_toml(text, source="", error=ProfileError)
    except ProfileError:
        data = _lines_as_toml(text)
        if not data:
            return None
    kept: dict[str, Any] = dict(_NEUTRAL)

    def valid(key: str, value: object) -> bool:
        try:
            profile_from_dict({**kept, key: value})
        except ProfileError:
            return False
        return True

    for key, value in data.items():
        if key not in _FIELDS or key == "screening" or (isinstance(value, list) and len(value) > _MOST_ITEMS):
            continue  # so long a list is no valid answer, and reading it costs
        if valid(key, value):
            kept[key] = value
        elif isinstance(value, list):
            # One bad item ("asthma" beside "pregnancy") keeps the others.
            items: list[object] = []
            for item in value:
                if valid(key, [*items, item]):
                    items.append(item)
            if items:
                kept[key] = items
    answers = data.get("screening")
    if isinstance(answers, Mapping):
        said = {q: a for q, a in answers.items() if isinstance(q, str)}
        kept["screening"] = {q: True for q in SCREENING_QUESTIONS if _yes(said.get(q))}
        kept["screening"]["medical_clearance"] = said.get("medical_clearance") is True
    return profile_from_dict(kept)


#: The most lines :func:`_lines_as_toml` reads: a profile is a few dozen.
_MOST_LINES = 1000


def _lines_as_toml(text: str) -> dict[str, Any]:
    """What text that is not TOML still says: each line that is TOML on its
    own (``key = value``), at the top level or under a ``[table]`` header,
    so a typo elsewhere does not hide "dizziness = true".

    It errs towards the answers that say not to start: an answer given twice
    counts as yes if either time says yes, and clearance is never read (a
    broken file cannot vouch for it).  Lines inside a multi-line string are
    text, not answers.
    """
    import tomllib

    data: dict[str, Any] = {}
    table = data
    in_string = ""
    for line in text.splitlines()[:_MOST_LINES]:
        if in_string:
            if line.count(in_string) % 2:
                in_string = ""
            continue
        stripped = line.strip()
        if stripped.startswith("[["):
            table = {}  # an array of tables: no profile key is one
            continue
        if stripped.startswith("["):
            # "[screening" with its bracket missing still heads the answers.
            name = stripped[1:].partition("]")[0].strip()
            found = data.setdefault(name, {})
            table = found if isinstance(found, dict) else {}
            continue
        try:
            _merge_towards_yes(table, tomllib.loads(line), answers=table is data.get("screening"))
        except (ValueError, RecursionError):  # not TOML (TOMLDecodeError), or a number too long to convert
            # A multi-line string opened here (an odd count of its quotes) holds the lines up to its close.
            in_string = next((q for q in ('"""', "'''") if line.count(q) % 2), "")
    screening = data.get("screening")
    if isinstance(screening, dict):
        screening.pop("medical_clearance", None)
    return data


def _merge_towards_yes(into: dict[str, Any], new: dict[str, Any], *, answers: bool = False) -> None:
    # Tables merge ("screening.dizziness" on one line, "screening.other_reason"
    # on the next) and lists join (conditions given twice); of an answer
    # given twice a yes wins, of anything else the first.
    for key, value in new.items():
        old = into.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            _merge_towards_yes(old, value, answers=answers or key == "screening")
        elif isinstance(old, list) and isinstance(value, list):
            into[key] = old + [v for v in value if v not in old]
        elif key not in into or (answers and _yes(value)):
            into[key] = value


def _yes(answer: object) -> bool:
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, int):
        return answer == 1  # compared, not printed: an integer of 5,000 digits cannot be
    return isinstance(answer, str) and answer.strip().lower() in _READ_AS_YES


# -- the last profile read, remembered for the command line --------------------
#
# Running the command again on an unchanged profile is the common case (a
# shell script, a second format), and reading a profile the full way means
# importing cattrs and tomllib and generating its structuring code: a sixth
# of a plan run.  So the command keeps the last valid profile it read in the
# on-disk cache (see recommender.cache), keyed by the exact text it came from
# and by what validated it: the package's validating modules, the cattrs an
# import would load now and the Python version.  One entry, replaced by each
# new profile: the cache holds at most one person's answers.
#
# The entry is the validated profile as plain values, rebuilt here without
# cattrs (which is the point): like pack_to_data for packs, a codec for the
# package's own output, never for input.

_REMEMBERED = ("profile", "last")
#: The package's modules whose code decides whether a profile is valid and
#: what it holds (a test compares this with what reading a profile imports).
_VALIDATED_BY = ("profile", "converter", "limits", "vocabulary")
_FIELDS = tuple(a.name for a in attrs.fields(Profile))
_ANSWER_NAMES = tuple(a.name for a in attrs.fields(Screening))
_ANSWERS = len(_ANSWER_NAMES)


#: The files of cattrs and attrs whose code structures and builds a profile,
#: relative to their package's folder.
_DEPENDENCY_FILES = (("cattrs", ("__init__.py", "converters.py", os.path.join("gen", "__init__.py"))), ("attr", ("__init__.py", "_make.py")))


def _package_file(name: str) -> str | None:
    """The file ``import name`` loads (or loaded) in this process, found
    without importing it, through every import hook (an editable install's
    too)."""
    loaded = sys.modules.get(name)
    if loaded is not None:
        return getattr(loaded, "__file__", None)
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def _validation_stamp() -> tuple[object, ...] | None:
    """What a profile's validity depends on besides its text, or None when
    that cannot be told from plain files (a zip, say)."""
    from .cache import file_stamp

    here = os.path.dirname(__file__)
    paths = [os.path.join(here, f"{name}.py") for name in _VALIDATED_BY]
    for package, files in _DEPENDENCY_FILES:
        init = _package_file(package)
        if not init:
            return None
        paths += [os.path.join(os.path.dirname(init), f) for f in files]
    stamps = [(p, file_stamp(p)) for p in paths]
    return None if any(s is None for _, s in stamps) else (sys.version, *stamps)


def _to_data(profile: Profile) -> dict[str, Any]:
    # Plain values marshal can store: the date as its ordinal, the screening
    # answers in field order.
    data = attrs.asdict(profile, recurse=False)
    data["start"] = None if profile.start is None else profile.start.toordinal()
    data["screening"] = attrs.astuple(profile.screening)
    return data


def _from_data(data: Any) -> Profile:
    """The profile :func:`_to_data` made ``data`` from; ValueError when
    ``data`` does not have its shape."""
    if type(data) is not dict or tuple(data) != _FIELDS:
        raise ValueError("not a stored profile")
    start, answers = data["start"], data["screening"]
    if type(answers) is not tuple or len(answers) != _ANSWERS or any(type(v) is not bool for v in answers):
        raise ValueError("not a stored profile")
    return Profile(**{
        **data,
        "start": None if start is None else datetime.date.fromordinal(start),
        "screening": Screening(*answers),
    })


def _load_remembered(path: str | Path) -> Profile:
    """:func:`load_profile`, answered from the cache when ``path`` holds
    exactly the text of the last valid profile read this way and nothing
    that validated it has changed (for the command line, where ``-`` is
    standard input)."""
    from . import cache

    if str(path) == "-":
        # Read once: standard input cannot be read again on a cache miss.
        from .limits import read_stdin_limited

        text, path = read_stdin_limited(ProfileError), STDIN
    else:
        text = read_text_limited(Path(path), ProfileError)
    stamp = _validation_stamp()
    key = (text, stamp)
    if stamp is not None:
        entry = cache.load(*_REMEMBERED, key)
        if entry is not None:
            try:
                return _from_data(entry)
            except (TypeError, ValueError, OverflowError):
                pass  # not the package's own entry: read the file
    profile = profile_from_toml(text, source=str(path))
    if stamp is not None:
        cache.store(*_REMEMBERED, key, _to_data(profile))
    return profile
