"""The public API: explicit, typed and in step with __all__."""

from __future__ import annotations

import importlib.resources
import inspect

import recommender


def test_all_is_sorted_and_resolves() -> None:
    """Every name in __all__ imports, and __all__ is sorted."""
    assert list(recommender.__all__) == sorted(recommender.__all__)
    for name in recommender.__all__:
        assert getattr(recommender, name) is not None


def test_no_private_names_public() -> None:
    """The public API has no names starting with an underscore."""
    assert not [n for n in recommender.__all__ if n.startswith("_")]


def test_dir_matches_all() -> None:
    """dir(recommender) lists exactly the public API."""
    assert dir(recommender) == sorted(recommender.__all__)


def test_public_callables_have_docstrings() -> None:
    """Every public class and function is documented."""
    missing = [n for n in recommender.__all__ if callable(getattr(recommender, n)) and not inspect.getdoc(getattr(recommender, n))]
    assert missing == []


def test_typed_marker_shipped() -> None:
    """The package ships py.typed."""
    assert importlib.resources.files("recommender").joinpath("py.typed").is_file()
