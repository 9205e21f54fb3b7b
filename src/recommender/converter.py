"""The project's cattrs converter: strict structuring and one-line errors.

cattrs coerces by default (``30.7`` becomes ``30``, ``"knee"`` becomes
``("k", "n", "e", "e")``).  A safety tool must refuse instead, so this
converter checks exact types and reports every problem with its key path.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
import reprlib
import typing
from collections.abc import Callable, Iterator
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError, IterableValidationNote
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_mapping_structure_fn

from .limits import MAX_NESTING, data_depth, int_digits
from .values import iso_date, plain_date, value_eq, value_hash, value_repr

__all__ = ["Problem", "default_converter", "describe_value", "first_pass_converter", "key_text", "make_converter", "problems_from", "structure_default", "structure_strict"]


@attrs.frozen
class Problem:
    """One thing wrong with an input: where (``key_path``) and what."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    key_path: str
    message: str
    expected: str = ""


class _Mismatch(ValueError):
    """A value of the wrong type or outside its vocabulary."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


class _Repr(reprlib.Repr):
    """A bounded repr (values from apps' dicts may be huge or deeply nested)
    that shows a table's keys in their order, as written."""

    def repr_dict(self, x: dict[Any, Any], level: int) -> str:
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        pieces = [f"{self.repr1(k, level - 1)}: {self.repr1(x[k], level - 1)}" for k in itertools.islice(x, self.maxdict)]
        if len(x) > self.maxdict:
            pieces.append("...")
        return "{" + ", ".join(pieces) + "}"


_REPR = _Repr()
_REPR.maxlevel = 4
_REPR.maxstring = _REPR.maxother = 60


def _describe(value: object) -> str:
    kind = {
        bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table",
        datetime.datetime: "date-time", datetime.date: "date", datetime.time: "time", type(None): "null",
    }
    name = kind.get(type(value), type(value).__name__)
    if value is None:
        return "null"
    if type(value) is int and value.bit_length() > 128:
        # (reprlib writes the digits out, which Python refuses past a limit.)
        return f"integer of {int_digits(value)} digits"
    text = value.isoformat() if isinstance(value, (datetime.date, datetime.time)) else _REPR.repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} {text}"


def describe_value(value: object) -> str:
    """A short description of a value for messages: ``string 'knee'``."""
    return _describe(value)


def _strict(kind: type, expected: str) -> Callable[[Any, type], Any]:
    def hook(value: Any, _: type) -> Any:
        if type(value) is not kind:
            raise _Mismatch(f"expected {expected}, got {_describe(value)}", expected)
        return value

    return hook


def _text(value: Any, _: type) -> str:
    # A str subclass (a framework's markup-safe string) as the plain text it
    # holds; str.__str__ copies it without calling an override.
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    raise _Mismatch(f"expected a string, got {_describe(value)}", "a string")


def _float(value: Any, _: type) -> float:
    if type(value) not in (int, float):
        raise _Mismatch(f"expected a number, got {_describe(value)}", "a number")
    return float(value)


def _int_or_bool(value: Any, _: type) -> int | bool:
    if type(value) not in (int, bool):
        raise _Mismatch(f"expected an integer or true/false, got {_describe(value)}", "an integer or boolean")
    return value  # type: ignore[no-any-return]


def _date(value: Any, _: type) -> datetime.date:
    # TOML gives a date; JSON and dict callers give an ISO string, or an
    # app a date of its own date library.
    date = plain_date(value)
    if date is not None:
        return date
    date = iso_date(value) if isinstance(value, str) else None
    if date is not None:
        return date
    raise _Mismatch(f"expected a date like 2026-12-07, got {_describe(value)}", "a date (YYYY-MM-DD)")


#: Words people write for a value of the vocabulary, which difflib cannot
#: find by spelling ("abs" for 'core'); suggested only where the word is not
#: itself a value ("back" is an area, and means 'lower_back' as an injury).
_SAID_AS = {
    "abs": "core", "abdominals": "core", "stomach": "core", "belly": "core", "tummy": "core", "waist": "core", "midsection": "core",
    "butt": "glutes", "bum": "glutes", "buttocks": "glutes", "thighs": "legs", "quads": "legs", "hamstrings": "legs", "calves": "legs",
    "biceps": "arms", "triceps": "arms", "pecs": "chest", "delts": "shoulders",
    "band": "resistance_band", "bands": "resistance_band", "resistance_bands": "resistance_band", "none": "bodyweight",
    "back": "lower_back", "low_back": "lower_back", "lowerback": "lower_back", "spine": "lower_back",
    "high_blood_pressure": "hypertension", "blood_pressure": "hypertension", "high_bp": "hypertension",
    "pregnant": "pregnancy", "heart": "heart_disease", "heart_condition": "heart_disease",
    "weight_loss": "fat_loss", "lose_weight": "fat_loss", "lose_fat": "fat_loss", "fitness": "general_fitness", "health": "general_fitness",
    "novice": "beginner", "new": "beginner", "expert": "advanced",
}


def _literal_hook(tp: Any) -> Callable[[Any, type], Any]:
    choices = get_args(tp)
    expected = "one of " + ", ".join(repr(c) for c in choices)
    allowed = frozenset(choices)

    def hook(value: Any, _: type) -> Any:
        if type(value) is not str and isinstance(value, str):
            value = str.__str__(value)  # a str subclass as its plain text, as _text
        if type(value) is not str or value not in allowed:
            hint = ""
            if type(value) is str:
                import difflib  # only when something is misspelt

                names = [str(c) for c in choices]
                # A whole word for a short name ("Monday" for 'mon') is no close match for difflib.
                said = _SAID_AS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))
                close = ([said] if said in names else []) or difflib.get_close_matches(value, names, n=1) or [c for c in names if value.lower().startswith(c)][:1]
                if close:
                    hint = f"; did you mean {close[0]!r}?"
            raise _Mismatch(f"expected {expected}, got {_describe(value)}{hint}", expected)
        return value

    return hook


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple and len(get_args(tp)) == 2 and get_args(tp)[1] is Ellipsis


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _is_table(tp: Any) -> bool:
    return attrs.has(tp) or get_origin(tp) is dict


def _is_fixed_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple and bool(get_args(tp)) and Ellipsis not in get_args(tp)


def _structure_items(items: list[tuple[Callable[[Any, Any], Any], Any, Any]], tp: Any) -> tuple[Any, ...]:
    """Structure each ``(hook, type, value)``, collecting every failure with
    its index so the error names ``key[i]``."""
    out = []
    errors: list[Exception] = []
    for i, (hook, inner, v) in enumerate(items):
        try:
            out.append(hook(v, inner))
        except Exception as exc:
            exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"index {i}", i, inner)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("While structuring an array", errors, tp)
    return tuple(out)


def make_converter() -> cattrs.Converter:
    """Build a strict converter for profiles, plans and packs.

    Extra keys are errors, primitives must have exactly the right TOML/JSON
    type, lists must be lists, and literal fields list their choices.
    """
    return _make(detailed_validation=True)


def _make(*, detailed_validation: bool) -> cattrs.Converter:
    # A plain Converter rather than cattrs' TOML preset: the hooks below
    # replace every part of the preset this package uses, and importing the
    # preset was a tenth of the converter's share of start-up.
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation, unstruct_collection_overrides={tuple: list})
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_structure_hook(int | bool, _int_or_bool)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook_factory(_is_literal, _literal_hook)

    def tuple_factory(tp: Any) -> Callable[[Any, type], Any]:
        inner = get_args(tp)[0]
        item = conv.get_structure_hook(inner)

        def hook(value: Any, _: type) -> tuple[Any, ...]:
            if type(value) not in (list, tuple):
                raise _Mismatch(f"expected an array, got {_describe(value)}", "an array")
            return _structure_items([(item, inner, v) for v in value], tp)

        return hook

    conv.register_structure_hook_factory(_is_tuple, tuple_factory)

    def fixed_tuple_factory(tp: Any) -> Callable[[Any, type], Any]:
        # tuple[int, int] and the like: cattrs would report a wrong length
        # as a bare ValueError without the key path.
        args = get_args(tp)
        items = [conv.get_structure_hook(a) for a in args]
        noun = "integers" if all(a is int for a in args) else "values"
        expected = f"an array of {len(args)} {noun}"

        def hook(value: Any, _: type) -> tuple[Any, ...]:
            if type(value) not in (list, tuple) or len(value) != len(args):
                raise _Mismatch(f"expected {expected}, got {_describe(value)}", expected)
            return _structure_items(list(zip(items, args, value, strict=True)), tp)

        return hook

    conv.register_structure_hook_factory(_is_fixed_tuple, fixed_tuple_factory)

    # Tables (attrs classes and dicts) given something else: cattrs would
    # fail inside its generated code with a bare TypeError or AttributeError.
    def table_factory(tp: Any) -> Callable[[Any, type], Any]:
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(tp, conv) if attrs.has(tp) else make_mapping_structure_fn(tp, conv)

        def hook(value: Any, t: type) -> Any:
            if type(value) is not dict:
                raise _Mismatch(f"expected a table, got {_describe(value)}", "a table")
            return inner(value, t)

        return hook

    conv.register_structure_hook_factory(_is_table, table_factory)
    def tuple_unstructure_factory(tp: Any) -> Callable[[Any], list[Any]]:
        # The item's hook is looked up once here, not dispatched per item.
        item = conv.get_unstructure_hook(get_args(tp)[0])
        if item is identity:  # strings and numbers: the items as they are
            return list
        return lambda v: [item(x) for x in v]

    conv.register_unstructure_hook_factory(_is_tuple, tuple_unstructure_factory)
    return conv


@functools.cache
def default_converter() -> cattrs.Converter:
    """The shared strict converter (built once; never modified after)."""
    return make_converter()


@functools.cache
def first_pass_converter() -> cattrs.Converter:
    """The default converter without cattrs' detailed validation, for a
    first pass only.

    It has the same hooks, so it accepts exactly the data the default one
    accepts and gives the same values both ways, and its structuring code
    is half the size, so it is quicker to make.  Its errors carry no key
    paths: data it rejects must go through :func:`default_converter` to be
    reported (as :func:`structure_default` does).
    """
    return _make(detailed_validation=False)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")




def _walk(exc: BaseException, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], BaseException]]:
    for sub in getattr(exc, "exceptions", ()):
        step = path
        for note in getattr(sub, "__notes__", ()):
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                step = (*path, str(name))
            elif isinstance(index, str):
                # cattrs notes a mapping's key as its "index".
                step = (*path, key_text(index))
            elif isinstance(index, int):
                # (A plain string note's .index is str.index: not a position.)
                step = (*path[:-1], f"{path[-1]}[{index}]") if path else (f"[{index}]",)
        if isinstance(sub, (ClassValidationError, IterableValidationError)):
            yield from _walk(sub, step)
        else:
            yield step, sub


def key_text(key: str) -> str:
    """A key as shown in a key path: bare when it is a plain name, else
    quoted and escaped, so a key from a file can never break the line."""
    return key if isinstance(key, str) and _BARE_KEY.fullmatch(key) else _REPR.repr(key)


def _fields_of(cls: Any) -> list[str]:
    try:
        return [a.name for a in attrs.fields(cls)]
    except (TypeError, attrs.exceptions.NotAnAttrsClassError):
        return []


def problems_from(exc: BaseException, cls: Any, fields_of: Callable[[tuple[str, ...]], list[str]] | None = None) -> list[Problem]:
    """Flatten a cattrs error tree into :class:`Problem` values, in order."""
    leaves = list(_walk(exc, ())) if isinstance(exc, (ClassValidationError, IterableValidationError)) else [((), exc)]
    out: list[Problem] = []
    for path, leaf in leaves:
        where = ".".join(path)
        if isinstance(leaf, ForbiddenExtraKeysError):
            known = fields_of(path) if fields_of else _fields_of(leaf.cl)
            for key in sorted(leaf.extra_fields):
                import difflib  # only when something is misspelt

                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(known)}"
                out.append(Problem(".".join((*path, key_text(key))), f"unknown key{hint}", "a known key"))
        elif isinstance(leaf, _Mismatch):
            out.append(Problem(where, leaf.message, leaf.expected))
        elif isinstance(leaf, KeyError):
            out.append(Problem(where, "required key missing", "a value"))
        else:
            out.append(Problem(where, str(leaf) or type(leaf).__name__))
    return out


def _non_string_key(data: Any) -> Problem | None:
    # TOML and JSON keys are strings; a Python caller's dict may hold others.
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if not isinstance(key, str):
                    return Problem(".".join(path), f"expected string keys, got {_describe(key)}", "string keys")
                stack.append(((*path, key_text(key)), value))
        elif isinstance(item, (list, tuple)):
            stack.extend((((*path[:-1], f"{path[-1]}[{i}]") if path else (f"[{i}]",)), v) for i, v in enumerate(item))
    return None


def _shape_problem(data: Any, parsed: bool) -> Problem | None:
    if not isinstance(data, dict):
        return Problem("", f"expected a table, got {_describe(data)}", "a table")
    if not parsed:
        if data_depth(data) > MAX_NESTING:
            return Problem("", f"nested deeper than {MAX_NESTING} levels", "plain data")
        return _non_string_key(data)
    return None


def structure_strict(conv: cattrs.Converter, data: Any, cls: type[Any], *, parsed: bool = False) -> tuple[Any, list[Problem]]:
    """Structure ``data`` into ``cls``; return ``(value, [])`` or ``(None, problems)``.

    ``parsed`` says ``data`` comes straight from :func:`~recommender.limits.parse_toml`
    or ``parse_json``, whose keys are strings and whose depth was checked
    there, so those two walks over the data are not repeated.
    """
    problem = _shape_problem(data, parsed)
    if problem is not None:
        return None, [problem]
    try:
        return conv.structure(data, cls), []
    except (ClassValidationError, IterableValidationError) as exc:
        # A misspelt key also shows up as a missing one; the "did you mean"
        # line explains both, so it comes first.
        return None, sorted(problems_from(exc, cls), key=lambda p: "did you mean" not in p.message)
    except (TypeError, ValueError) as exc:
        return None, [Problem("", str(exc))]


def structure_default(data: Any, cls: type[Any], *, parsed: bool = False) -> tuple[Any, list[Problem]]:
    """:func:`structure_strict` with :func:`default_converter`.

    Valid data is built by a twin of it without detailed validation, which
    accepts exactly the same data: generating the detailed structuring code
    was most of the cost of reading a first profile in a process.  Only when
    that fails does the default converter run, to report every problem.
    """
    problem = _shape_problem(data, parsed)
    if problem is not None:
        return None, [problem]
    try:
        return first_pass_converter().structure(data, cls), []
    except Exception:  # whatever it is, the detailed pass below reports it
        return structure_strict(default_converter(), data, cls, parsed=True)


# typing is imported for annotations evaluated by cattrs at runtime.
_ = typing
