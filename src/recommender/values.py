"""What the package's value classes share.

Every value is a frozen attrs class.  attrs writes and compiles a
``__repr__`` for each class as its module is imported; with three dozen
classes that was about a quarter of the cost of defining them, and defining
them is most of what a command costs beyond importing its dependencies.  One
shared ``__repr__`` gives the same text for no import cost.  A class takes
it with ``__repr__ = value_repr`` in its body, which attrs keeps (it writes
only the methods a class does not define itself).
"""

from __future__ import annotations

__all__ = ["value_repr"]


def value_repr(self: object) -> str:
    """``Name(field=value, ...)``, as attrs writes it."""
    fields = type(self).__attrs_attrs__  # type: ignore[attr-defined]
    name = type(self).__qualname__.rsplit(">.", 1)[-1]
    return f"{name}({', '.join(f'{a.name}={getattr(self, a.name)!r}' for a in fields if a.repr)})"
