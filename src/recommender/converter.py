"""The project's cattrs converter: strict structuring and one-line errors.

cattrs coerces by default (``30.7`` becomes ``30``, ``"knee"`` becomes
``("k", "n", "e", "e")``).  A safety tool must refuse instead, so this
converter checks exact types and reports every problem with its key path.
"""

from __future__ import annotations

import datetime
import functools
import difflib
import typing
from collections.abc import Callable, Iterator
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.preconf.tomllib import make_converter as _make_toml_converter

__all__ = ["Problem", "default_converter", "make_converter", "problems_from", "structure_strict"]


@attrs.frozen
class Problem:
    """One thing wrong with an input: where (``key_path``) and what."""

    key_path: str
    message: str
    expected: str = ""


class _Mismatch(ValueError):
    """A value of the wrong type or outside its vocabulary."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


def _describe(value: object) -> str:
    kind = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    name = kind.get(type(value), type(value).__name__)
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} {text}"


def _strict(kind: type, expected: str) -> Callable[[Any, type], Any]:
    def hook(value: Any, _: type) -> Any:
        if type(value) is not kind:
            raise _Mismatch(f"expected {expected}, got {_describe(value)}", expected)
        return value

    return hook


def _float(value: Any, _: type) -> float:
    if type(value) not in (int, float):
        raise _Mismatch(f"expected a number, got {_describe(value)}", "a number")
    return float(value)


def _int_or_bool(value: Any, _: type) -> int | bool:
    if type(value) not in (int, bool):
        raise _Mismatch(f"expected an integer or true/false, got {_describe(value)}", "an integer or boolean")
    return value  # type: ignore[no-any-return]


def _date(value: Any, _: type) -> datetime.date:
    # TOML gives a date; JSON and dict callers give an ISO string.
    if type(value) is datetime.date:
        return value
    if type(value) is str:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Mismatch(f"expected a date like 2026-12-07, got {_describe(value)}", "a date (YYYY-MM-DD)")


def _literal_hook(tp: Any) -> Callable[[Any, type], Any]:
    choices = get_args(tp)
    expected = "one of " + ", ".join(repr(c) for c in choices)
    allowed = frozenset(choices)

    def hook(value: Any, _: type) -> Any:
        if type(value) is not str or value not in allowed:
            hint = ""
            if type(value) is str:
                close = difflib.get_close_matches(value, [str(c) for c in choices], n=1)
                if close:
                    hint = f"; did you mean {close[0]!r}?"
            raise _Mismatch(f"expected {expected}, got {_describe(value)}{hint}", expected)
        return value

    return hook


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple and len(get_args(tp)) == 2 and get_args(tp)[1] is Ellipsis


def make_converter() -> cattrs.Converter:
    """Build a strict converter for profiles, plans and packs.

    Extra keys are errors, primitives must have exactly the right TOML/JSON
    type, lists must be lists, and literal fields list their choices.
    """
    conv = _make_toml_converter(forbid_extra_keys=True)
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_structure_hook(int | bool, _int_or_bool)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook_factory(lambda t: get_origin(t) is Literal, _literal_hook)

    def tuple_factory(tp: Any) -> Callable[[Any, type], Any]:
        inner = get_args(tp)[0]
        item = conv.get_structure_hook(inner)

        def hook(value: Any, _: type) -> tuple[Any, ...]:
            if type(value) not in (list, tuple):
                raise _Mismatch(f"expected an array, got {_describe(value)}", "an array")
            out = []
            errors: list[Exception] = []
            for i, v in enumerate(value):
                try:
                    out.append(item(v, inner))
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), _IndexNote(i)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("While structuring an array", errors, tp)
            return tuple(out)

        return hook

    conv.register_structure_hook_factory(_is_tuple, tuple_factory)
    conv.register_unstructure_hook_factory(_is_tuple, lambda _t: lambda v: list(conv.unstructure(x) for x in v))
    return conv


@functools.cache
def default_converter() -> cattrs.Converter:
    """The shared strict converter (built once; never modified after)."""
    return make_converter()


class _IndexNote(str):
    index: int

    def __new__(cls, index: int) -> _IndexNote:
        self = super().__new__(cls, f"index {index}")
        self.index = index
        return self


def _walk(exc: BaseException, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], BaseException]]:
    for sub in getattr(exc, "exceptions", ()):
        step = path
        for note in getattr(sub, "__notes__", ()):
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                step = (*path, str(name))
            elif index is not None:
                step = (*path[:-1], f"{path[-1]}[{index}]") if path else (f"[{index}]",)
        if isinstance(sub, (ClassValidationError, IterableValidationError)):
            yield from _walk(sub, step)
        else:
            yield step, sub


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
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(known)}"
                out.append(Problem(".".join((*path, key)), f"unknown key{hint}", "a known key"))
        elif isinstance(leaf, _Mismatch):
            out.append(Problem(where, leaf.message, leaf.expected))
        elif isinstance(leaf, KeyError):
            out.append(Problem(where, "required key missing", "a value"))
        else:
            out.append(Problem(where, str(leaf) or type(leaf).__name__))
    return out


def structure_strict(conv: cattrs.Converter, data: Any, cls: type[Any]) -> tuple[Any, list[Problem]]:
    """Structure ``data`` into ``cls``; return ``(value, [])`` or ``(None, problems)``."""
    if not isinstance(data, dict):
        return None, [Problem("", f"expected a table, got {_describe(data)}", "a table")]
    try:
        return conv.structure(data, cls), []
    except (ClassValidationError, IterableValidationError) as exc:
        return None, problems_from(exc, cls)
    except (TypeError, ValueError) as exc:
        return None, [Problem("", str(exc))]


# typing is imported for annotations evaluated by cattrs at runtime.
_ = typing
