"""Indented JSON text, as ``json.dumps(data, indent=2, ensure_ascii=False)``
writes it, byte for byte.

The standard library writes indented JSON with its pure-Python encoder (its
C encoder only writes compact text), and a 12-week plan is a tree of some
3,000 values, so that encoder was most of the time a JSON plan took.  Here
the containers are walked in Python, one call per level as the standard
encoder nests, but strings, integers and every array of plain scalars go
through the C encoder or are written directly.  Anything else (subclasses,
keys that are not strings, objects JSON cannot hold) goes to the standard
library's own indenting encoder, so it is written, or refused, as there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps"]

_INDENT = "  "
# Exact types only: a subclass may write itself differently (a float
# subclass may say it is not equal to itself, which reads as NaN).
_SCALARS = frozenset((str, int, float, bool, type(None)))
_STRINGS = frozenset((str,))
_INFINITY = float("inf")


def dumps(data: Any) -> str:
    """``data`` as ``json.dumps(data, indent=2, ensure_ascii=False)`` writes
    it, or the same error (``TypeError`` for what JSON cannot hold,
    ``ValueError`` for a circular reference)."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)  # not in the type stubs
    if make is None:  # a Python built without the _json accelerator
        return json.dumps(data, indent=2, ensure_ascii=False)
    standard = json.JSONEncoder(ensure_ascii=False, indent=0)
    string = encoder.encode_basestring
    int_text = int.__repr__

    def c_encoder(separator: str) -> Callable[[Any, int], Any]:
        # (markers, default, encoder, indent, key separator, item separator,
        # sort_keys, skipkeys, allow_nan), in the order json.encoder passes them.
        encode: Callable[[Any, int], Any] = make(None, standard.default, string, None, ": ", separator, False, False, True)
        return encode

    scalar = c_encoder(", ")
    # One encoder per depth: its item separator carries that depth's indent,
    # so an array of scalars is written in one call.
    levels: list[tuple[Callable[[Any, int], Any], str, str]] = []
    keys: dict[str, str] = {}
    arrays: dict[tuple[Any, ...], str] = {}
    # The containers being written, by id, as json.dumps tracks them.
    open_containers: set[int] = set()

    def level(depth: int) -> tuple[Callable[[Any, int], Any], str, str]:
        while len(levels) <= depth:
            n = len(levels)
            inner = "\n" + _INDENT * (n + 1)
            levels.append((c_encoder("," + inner), inner, "\n" + _INDENT * n))
        return levels[depth]

    def key_text(key: Any) -> str:
        if type(key) is str:
            text = keys[key] = string(key) + ": "
            return text
        # As the standard encoder writes keys (True as "true", 1.5 as
        # "1.5") or refuses them; not remembered, as 1, 1.0 and True are
        # equal keys.
        if isinstance(key, str):
            name = key
        elif isinstance(key, float):
            name = "NaN" if key != key else "Infinity" if key == _INFINITY else "-Infinity" if key == -_INFINITY else float.__repr__(key)
        elif key is True or key is False or key is None:
            name = {True: "true", False: "false", None: "null"}[key]
        elif isinstance(key, int):
            name = int.__repr__(key)
        else:
            raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
        return string(name) + ": "

    def item_text(value: Any, depth: int) -> str:
        kind = type(value)
        if kind is str:
            return string(value)
        if kind is int:
            return int_text(value)
        if kind is dict or kind is list or kind is tuple:
            return container(value, depth)
        if kind is float or kind is bool or value is None:
            return "".join(scalar(value, 0))
        if isinstance(value, (dict, list, tuple)):
            return container(value, depth)
        text: str = standard.encode(value)
        return text

    def container(value: Any, depth: int) -> str:
        encode, inner, close = level(depth)
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        is_dict = isinstance(value, dict)
        if not is_dict:
            kinds = set(map(type, value))
            if kinds <= _SCALARS:
                # Only scalars: the encoder for this depth writes them as
                # json.dumps would, between the brackets it adds itself.
                # Arrays of strings (areas, reasons) repeat from week to
                # week; others are not remembered, as 1, 1.0 and True are
                # equal keys.
                if kinds != _STRINGS:
                    return "[" + inner + "".join(encode(value, 0))[1:-1] + close + "]"
                memo = (depth, *value)
                known = arrays.get(memo)
                if known is None:
                    known = arrays[memo] = "[" + inner + "".join(encode(value, 0))[1:-1] + close + "]"
                return known
        marker = id(value)
        if marker in open_containers:
            raise ValueError("Circular reference detected")
        open_containers.add(marker)
        deeper = depth + 1
        items = []
        if is_dict:
            # Written inline, not through item_text: this loop runs for
            # every field of every exercise of a plan.
            for k, v in value.items():
                kind = type(v)
                text = (keys.get(k) or key_text(k)) if type(k) is str else key_text(k)
                if kind is str:
                    items.append(text + string(v))
                elif kind is int:
                    items.append(text + int_text(v))
                elif kind is list or kind is dict or kind is tuple:
                    items.append(text + container(v, deeper))
                else:
                    items.append(text + item_text(v, deeper))
            body = "{" + inner + ("," + inner).join(items) + close + "}"
        else:
            for v in value:
                kind = type(v)
                if kind is dict or kind is list or kind is tuple:
                    items.append(container(v, deeper))
                else:
                    items.append(item_text(v, deeper))
            body = "[" + inner + ("," + inner).join(items) + close + "]"
        open_containers.discard(marker)
        return body

    return item_text(data, 0)
