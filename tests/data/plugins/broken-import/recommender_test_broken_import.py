"""Fails to import: it needs a module that is not installed."""

from __future__ import annotations

import recommender_test_no_such_dependency  # noqa: F401
