"""Writes the file named by RECOMMENDER_TEST_MARKER when imported: proof of import."""

from __future__ import annotations

import os
from pathlib import Path

from recommender import hookimpl

if os.environ.get("RECOMMENDER_TEST_MARKER"):
    Path(os.environ["RECOMMENDER_TEST_MARKER"]).write_text("imported", encoding="utf-8")


@hookimpl
def recommender_exercise_packs() -> tuple[object, ...]:
    return ()
