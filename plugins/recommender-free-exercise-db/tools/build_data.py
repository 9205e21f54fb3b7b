"""Regenerate the plugin's data from a free-exercise-db dump.

Usage: python tools/build_data.py PATH/TO/free-exercise-db.exercises.json [--out FILE]
       python tools/build_data.py --mapped-only

Writes exercises.json (upstream's records, structured fields only) and
mapped.json (those records mapped onto the recommender vocabulary, with the
report of what was skipped), which is what the plugin loads at run time.
``--mapped-only`` rebuilds mapped.json from the shipped exercises.json after a
change to the mapping code.

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


def write_mapped(records_file: Path) -> Path:
    """Map the records in ``records_file`` and write mapped.json beside it."""
    sys.path.insert(0, str(records_file.parent.parent))
    from recommender_free_exercise_db import mapped_data

    out = records_file.parent / "mapped.json"
    data = mapped_data(json.loads(records_file.read_text(encoding="utf-8")))
    # One exercise or report line per line, so a mapping change diffs readably.
    parts = {k: ",\n".join(json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for v in data[k]) for k in data}
    out.write_text('{\n"exercises": [\n' + parts["exercises"] + '\n],\n"report": [\n' + parts["report"] + "\n]\n}\n", encoding="utf-8")
    print(f"wrote {len(data['exercises'])} mapped exercises and {len(data['report'])} report lines to {out}", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    """Read the dump named on the command line and write the plugin data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", help="free-exercise-db exercises.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output file (default: {DEFAULT_OUT})")
    parser.add_argument("--mapped-only", action="store_true", help="only rebuild mapped.json from the shipped exercises.json")
    args = parser.parse_args(argv)
    if not args.mapped_only:
        if args.source is None:
            parser.error("the free-exercise-db dump is required (or use --mapped-only)")
        records = json.loads(args.source.read_text(encoding="utf-8"))
        kept = select(records)
        args.out.write_text(render(kept), encoding="utf-8")
        print(f"wrote {len(kept)} of {len(records)} records to {args.out}", file=sys.stderr)
    write_mapped(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
