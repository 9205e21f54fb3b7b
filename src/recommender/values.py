"""What the package's value classes share.

Every value is a frozen attrs class.  attrs writes and compiles
``__repr__``, ``__eq__`` and ``__hash__`` for each class as its module is
imported; with three dozen classes, compiling them was about a third of the
cost of defining the classes, and defining them is the largest part of what
a command costs beyond importing its dependencies.  These shared methods
give the same results for no import cost.  A class takes them in its body::

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

and attrs keeps them (it writes only the methods a class does not define
itself); it still writes ``__init__``, where the speed of generated code
matters.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

_K = TypeVar("_K")
_V = TypeVar("_V")

__all__ = ["FrozenDict", "plain_date", "value_eq", "value_hash", "value_repr"]


def value_repr(self: object) -> str:
    """``Name(field=value, ...)``, as attrs writes it."""
    fields = type(self).__attrs_attrs__  # type: ignore[attr-defined]
    name = type(self).__qualname__.rsplit(">.", 1)[-1]
    return f"{name}({', '.join(f'{a.name}={getattr(self, a.name)!r}' for a in fields if a.repr)})"


@functools.cache
def _compared(cls: Any) -> Callable[[Any], Any]:
    # The fields that take part in equality (attrs' ``eq=False`` leaves one
    # out), read in one call.
    names = [a.name for a in cls.__attrs_attrs__ if a.eq]
    if not names:
        return lambda _: ()
    getter = operator.attrgetter(*names)
    return getter if len(names) > 1 else lambda v: (getter(v),)


def value_eq(self: object, other: object) -> bool:
    """Equal when of the same class with equal fields, as attrs compares."""
    cls = cast(Any, self.__class__)
    key = _compared(cls)
    if other.__class__ is not cls:
        return cast(bool, NotImplemented)
    return bool(key(self) == key(other))


def value_hash(self: object) -> int:
    """A hash of the class and the compared fields, consistent with
    :func:`value_eq`."""
    cls = cast(Any, self.__class__)
    return hash((cls.__module__, cls.__qualname__, _compared(cls)(self)))


class FrozenDict(dict[_K, _V]):
    """A dict that cannot be changed once made, and so can be hashed: a
    value's mapping field (a plan's prescription) is as frozen as the value.

    Still a dict (JSON, cattrs and ``isinstance`` see one), so a plan's
    shape and output are unchanged."""

    __slots__ = ()

    def _frozen(self, *_: object, **__: object) -> NoReturn:
        raise TypeError(f"a {type(self).__name__} cannot be changed; build a new one (dict(it) gives a changeable copy)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _frozen

    def __hash__(self) -> int:  # type: ignore[override]  # dict declares itself unhashable
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled and copied as the items it holds, never item by item.
        return (type(self), (dict(self),))


def plain_date(value: object) -> datetime.date | None:
    """``value`` as a plain date when it is a date of a subclass too (a
    test's frozen clock, another date library's), but not a date-time;
    else None."""
    if type(value) is datetime.date:
        return value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.date(value.year, value.month, value.day)
    return None


def iso_date(text: str) -> datetime.date | None:
    """``text`` as a date when it is one in the form YYYY-MM-DD, else None.

    The one date form the schemas allow: ``date.fromisoformat`` alone also
    takes the ISO week ("2026-W50-1") and basic ("20261207") forms.
    """
    digits = text[:4] + text[5:7] + text[8:]
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
