"""Regenerate the plugin's exercises.json from a free-exercise-db dump.

Usage: python tools/build_data.py PATH/TO/free-exercise-db.exercises.json [--out FILE]

Only the structured fields are kept: upstream's instruction text has no
documented provenance and its images were scraped, so neither is ours to ship.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

#: Strength-training categories; stretching, cardio, plyometrics and strongman
#: records are left out because the recommender plans resistance training.
CATEGORIES = ("strength", "powerlifting", "olympic weightlifting")
FIELDS = (
    "id",
    "name",
    "force",
    "level",
    "mechanic",
    "equipment",
    "primaryMuscles",
    "secondaryMuscles",
    "category",
)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "recommender_free_exercise_db" / "exercises.json"


def select(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """Keep strength records, structured fields only, sorted by id."""
    kept = [{f: r.get(f) for f in FIELDS} for r in records if r.get("category") in CATEGORIES]
    return sorted(kept, key=lambda r: str(r["id"]))


def render(records: list[dict[str, object]]) -> str:
    """Compact JSON, one record per line so upstream updates diff readably."""
    lines = (json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main(argv: list[str] | None = None) -> int:
    """Read the dump named on the command line and write the plugin data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="free-exercise-db exercises.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output file (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    records = json.loads(args.source.read_text(encoding="utf-8"))
    kept = select(records)
    args.out.write_text(render(kept), encoding="utf-8")
    print(f"wrote {len(kept)} of {len(records)} records to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
