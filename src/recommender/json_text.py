"""Indented JSON text, as ``json.dumps(data, indent=2, ensure_ascii=False)``
writes it, byte for byte.

The standard library writes indented JSON with its pure-Python encoder (its
C encoder only writes compact text), and a 12-week plan is a tree of some
3,000 values, so that encoder was most of the time a JSON plan took.  Here
the containers are walked in Python but every scalar, and every array of
scalars at once, goes through the C encoder.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps"]

_INDENT = "  "
_SCALARS = frozenset((str, int, float, bool, type(None)))
_STRINGS = frozenset((str,))


def dumps(data: Any) -> str:
    """``data`` (dicts, lists, tuples and JSON scalars, no cycles) as
    ``json.dumps(data, indent=2, ensure_ascii=False)`` writes it."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)  # not in the type stubs
    if make is None:  # a Python built without the _json accelerator
        return json.dumps(data, indent=2, ensure_ascii=False)
    string = encoder.encode_basestring
    default = json.JSONEncoder().default  # its TypeError names the type

    def c_encoder(separator: str) -> Callable[[Any, int], Any]:
        # (markers, default, encoder, indent, key separator, item separator,
        # sort_keys, skipkeys, allow_nan), in the order json.encoder passes them.
        encode: Callable[[Any, int], Any] = make(None, default, string, None, ": ", separator, False, False, True)
        return encode

    scalar = c_encoder(", ")
    int_text = int.__repr__
    # One encoder per depth: its item separator carries that depth's indent,
    # so an array of scalars is written in one call.
    levels: list[tuple[Callable[[Any, int], Any], str, str]] = []
    keys: dict[Any, str] = {}
    arrays: dict[tuple[Any, ...], str] = {}

    def level(depth: int) -> tuple[Callable[[Any, int], Any], str, str]:
        while len(levels) <= depth:
            n = len(levels)
            inner = "\n" + _INDENT * (n + 1)
            levels.append((c_encoder("," + inner), inner, "\n" + _INDENT * n))
        return levels[depth]

    def key_text(key: Any) -> str:
        if type(key) is not str:
            # Written as json.dumps writes it (True as "true", 1.5 as "1.5"),
            # or refused with its error; not remembered, as 1, 1.0 and True
            # are equal keys.
            return json.dumps({key: 0}, ensure_ascii=False)[1:-4] + ": "
        text = keys[key] = string(key) + ": "
        return text

    def other(value: Any, depth: int) -> str:
        if isinstance(value, (dict, list, tuple)):
            return container(value, depth)
        return "".join(scalar(value, 0))

    def container(value: Any, depth: int) -> str:
        encode, inner, close = level(depth)
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        deeper = depth + 1
        if isinstance(value, dict):
            # The common types are tested inline: this loop runs for every
            # field of every exercise of the plan.
            items = []
            for k, v in value.items():
                kind = type(v)
                text = keys.get(k) or key_text(k)
                if kind is str:
                    items.append(text + string(v))
                elif kind is int:
                    items.append(text + int_text(v))
                elif kind is list or kind is dict or kind is tuple:
                    items.append(text + container(v, deeper))
                else:
                    items.append(text + other(v, deeper))
            return "{" + inner + ("," + inner).join(items) + close + "}"
        kinds = set(map(type, value))
        if kinds <= _SCALARS:
            # Only scalars: the encoder for this depth writes them as
            # json.dumps would, between the brackets it adds itself.  Arrays
            # of strings (areas, reasons) repeat from week to week; other
            # scalars are not remembered, as 1, 1.0 and True are equal keys.
            if kinds == _STRINGS:
                memo = (depth, *value)
                known = arrays.get(memo)
                if known is None:
                    known = arrays[memo] = "[" + inner + "".join(encode(value, 0))[1:-1] + close + "]"
                return known
            return "[" + inner + "".join(encode(value, 0))[1:-1] + close + "]"
        return "[" + inner + ("," + inner).join([other(v, deeper) for v in value]) + close + "]"

    return other(data, 0)
