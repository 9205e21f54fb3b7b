"""The long fuzz run: random inputs through the profile loader, the rule
loader and the plan checker, counting what happens to each.

    python benchmarks/fuzz.py [-n 20000] [--seed 1] [--json PATH]

Inputs are made from the valid examples (examples/*.toml, rules/*.toml and
the JSON plan for examples/me.toml) by random text edits, byte edits (broken
UTF-8, byte order marks, NUL bytes), value swaps at random places in the
parsed document, and from random documents written with tomli_w.  Every
input is counted as ``ok`` (accepted), ``refused`` (a RecommenderError: the
one-line message the user would see) or ``crash`` (any other exception, or a
message that is not one line).  The run is deterministic for a given seed;
the exit code is 1 when anything crashed, with the first crashes printed.

tests/test_fuzz.py runs the same kinds of input with hypothesis on every test
run, 200 examples per property.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import random
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from recommender import Engine, RecommenderError, load_profile, profile_from_dict, profile_from_toml
from recommender.errors import PlanFileError
from recommender.limits import parse_json
from recommender.plan import plan_from_dict, plan_to_dict
from recommender.profile import Profile
from recommender.rules import RULE_KEYS, RuleSource, load_rule_sources, shipped_rule_sources

ROOT = Path(__file__).resolve().parent.parent
PROFILE_KEYS = tuple(f.name for f in attrs.fields(Profile))
WORDS = (
    "mon", "thu", "legs", "knee", "beginner", "advanced", "fat_loss", "dumbbells", "hypertension", "fact", "eq",
    "gte", "all", "any", "not", "contains", "age", "injuries", "sets_per_exercise", "rir", "default", "18:30", "",
)
SNIPPETS = ('"', "'", "[", "]", "{", "}", "=", ",", "\n", "#", ".", '"""', "'''", "\\", "\ufeff", "\x00", "\t", "[[rule]]", "nan", "1e999")
TODAY = datetime.date(2026, 11, 25)


class Fuzzer:
    """Random inputs made from the valid examples; deterministic per seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.engine = Engine(plugins=False)
        self.me = load_profile(ROOT / "examples" / "me.toml")
        self.plan = plan_to_dict(self.engine.recommend(self.me, today=TODAY))
        self.plan_json = json.dumps({**self.plan, "weeks": self.plan["weeks"][:2]}, indent=1)
        self.profiles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.toml"))]
        self.rule_files = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.toml"))]
        self.injuries = [s for s in shipped_rule_sources() if s.name.endswith("/injuries.toml")]
        self.tmp = Path(tempfile.mkdtemp(prefix="recommend-fuzz-"))

    # -- random values -----------------------------------------------------

    def scalar(self) -> Any:
        r = self.rng
        return r.choice((
            lambda: r.randint(-5, 400),
            lambda: r.randint(-(2**70), 2**70),
            lambda: r.choice((0.5, -1.0, 1e308, float("inf"), float("nan"))),
            lambda: r.random() < 0.5,
            lambda: r.choice(WORDS),
            lambda: "".join(chr(r.randint(0, 0x2FFF)) for _ in range(r.randint(0, 8))),
            lambda: datetime.date(r.randint(1, 9999), r.randint(1, 12), r.randint(1, 28)),
        ))()

    def value(self, depth: int = 0) -> Any:
        roll = self.rng.random()
        if depth < 3 and roll < 0.15:
            return [self.value(depth + 1) for _ in range(self.rng.randint(0, 4))]
        if depth < 3 and roll < 0.3:
            return {self.key(): self.value(depth + 1) for _ in range(self.rng.randint(0, 4))}
        return self.scalar()

    def json_value(self, depth: int = 0) -> Any:
        v = self.value(depth)
        return json.loads(json.dumps(v, default=str).replace("NaN", "0").replace("Infinity", "1"))

    def key(self) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(PROFILE_KEYS + RULE_KEYS + WORDS[:-1])
        return "".join(chr(self.rng.randint(32, 0x24F)) for _ in range(self.rng.randint(1, 10)))

    # -- mutations ---------------------------------------------------------

    def mutate_text(self, text: str) -> str:
        r = self.rng
        for _ in range(r.randint(1, 4)):
            i = r.randint(0, len(text))
            j = min(len(text), i + r.randint(0, 40))
            how = r.randrange(5)
            if how == 0:
                text = text[:i] + text[j:]
            elif how == 1:
                text = text[:i] + r.choice(SNIPPETS) + text[i:]
            elif how == 2:
                text = text[:i] + str(self.scalar()) + text[j:]
            elif how == 3:
                text = text[:j] + text[i:j] + text[j:]
            else:
                lines = text.splitlines(keepends=True)
                if len(lines) > 1:
                    a, b = r.randrange(len(lines)), r.randrange(len(lines))
                    lines[a], lines[b] = lines[b], lines[a]
                    text = "".join(lines)
        return text

    def mutate_bytes(self, raw: bytes) -> bytes:
        r = self.rng
        out = bytearray(raw)
        for _ in range(r.randint(1, 4)):
            i = r.randint(0, len(out))
            byte = r.choice((0x00, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF, 0x80, 0xC3, 0x22, 0x5B, 0x0A, r.randrange(256)))
            how = r.randrange(4)
            if how == 0 and i < len(out):
                out[i] = byte
            elif how == 1:
                out.insert(i, byte)
            elif how == 2 and i < len(out):
                del out[i]
            elif how == 3:
                out[:0] = r.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00"))
        return bytes(out)

    def change_somewhere(self, doc: Any, value: Any) -> Any:
        node = doc
        while True:
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
            if not children:
                return doc
            key, child = self.rng.choice(children)
            if isinstance(child, (dict, list)) and child and self.rng.random() < 0.6:
                node = child
                continue
            how = self.rng.randrange(3)
            if how == 0:
                node[key] = value
            elif how == 1:
                del node[key]
            elif isinstance(node, dict):
                node[self.key()] = value
            else:
                node.append(value)
            return doc

    # -- targets: each makes one input and runs it -------------------------

    def profile_text(self) -> None:
        profile_from_toml(self.mutate_text(self.rng.choice(self.profiles)), source="fuzz.toml")

    def profile_bytes(self) -> None:
        path = self.tmp / "fuzz.toml"
        path.write_bytes(self.mutate_bytes(self.rng.choice(self.profiles).encode("utf-8")))
        load_profile(path)

    def profile_value(self) -> None:
        doc = tomllib.loads(self.rng.choice(self.profiles))
        doc[self.rng.choice(PROFILE_KEYS)] = self.value()
        profile = profile_from_dict(doc, source="fuzz.toml")
        self.engine.recommend(profile, today=TODAY)

    def profile_document(self) -> None:
        profile_from_toml(tomli_w.dumps({self.key(): self.value() for _ in range(self.rng.randint(0, 8))}), source="fuzz.toml")

    def _rules(self, text: str) -> None:
        load_rule_sources([("shipped", self.injuries), ("user", [RuleSource("fuzz.toml", text)])])

    def rules_text(self) -> None:
        self._rules(self.mutate_text(self.rng.choice(self.rule_files)))

    def rules_document(self) -> None:
        rules = [{self.rng.choice(RULE_KEYS): self.value() for _ in range(self.rng.randint(0, 8))} for _ in range(self.rng.randint(1, 3))]
        self._rules(tomli_w.dumps({"rule": rules}))

    def rules_value(self) -> None:
        doc = tomllib.loads(self.rng.choice(self.rule_files))
        self._rules(tomli_w.dumps(self.change_somewhere(doc, self.value())))

    def _check(self, data: Any) -> None:
        self.engine.verify(plan_from_dict(data, source="fuzz.json"), self.me, today=TODAY)

    def plan_text(self) -> None:
        self._check(parse_json(self.mutate_text(self.plan_json), source="fuzz.json", error=PlanFileError))

    def plan_value(self) -> None:
        self._check(self.change_somewhere(copy.deepcopy(self.plan), self.json_value()))

    def targets(self) -> dict[str, Callable[[], None]]:
        """Each kind of input by name, in a fixed order."""
        return {
            "profile_text": self.profile_text, "profile_bytes": self.profile_bytes,
            "profile_value": self.profile_value, "profile_document": self.profile_document,
            "rules_text": self.rules_text, "rules_document": self.rules_document, "rules_value": self.rules_value,
            "plan_text": self.plan_text, "plan_value": self.plan_value,
        }


def run(n: int, seed: int, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Run ``n`` inputs spread evenly over the targets; return the counts."""
    targets = Fuzzer(seed).targets()
    names = list(targets)
    counts: dict[str, Counter[str]] = {t: Counter() for t in names}
    crashes: list[str] = []
    start = time.perf_counter()
    for i in range(n):
        target = names[i % len(names)]
        try:
            targets[target]()
        except RecommenderError as exc:
            # RuleError.problems are printed lines too; ProfileError.problems are values.
            lines = [exc.line(), *(p for p in getattr(exc, "problems", ()) if isinstance(p, str))]
            if all(len(line.splitlines()) == 1 for line in lines):
                counts[target]["refused"] += 1
            else:
                counts[target]["crash"] += 1
                crashes.append(f"{target} #{i}: message is not one line: {lines!r}")
        except Exception:
            counts[target]["crash"] += 1
            crashes.append(f"{target} #{i}:\n{traceback.format_exc()}")
        else:
            counts[target]["ok"] += 1
        if progress is not None and (i + 1) % 1000 == 0:
            progress(i + 1)
    total = Counter[str]()
    for c in counts.values():
        total.update(c)
    return {
        "inputs": n,
        "seed": seed,
        "seconds": round(time.perf_counter() - start, 1),
        "total": {k: total[k] for k in ("ok", "refused", "crash")},
        "by_target": {t: {k: c[k] for k in ("ok", "refused", "crash")} for t, c in counts.items()},
        "crashes": crashes[:5],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer and print the counts; exit code 1 if anything crashed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="number of inputs (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--json", metavar="PATH", help="also write the counts as JSON")
    args = parser.parse_args(argv)
    report = run(args.n, args.seed, progress=lambda i: print(f"  {i} inputs", file=sys.stderr))
    print(f"{report['inputs']} inputs (seed {report['seed']}) in {report['seconds']} s")
    print(f"{'target':<18}{'ok':>8}{'refused':>9}{'crash':>7}")
    for target, c in report["by_target"].items():
        print(f"{target:<18}{c['ok']:>8}{c['refused']:>9}{c['crash']:>7}")
    t = report["total"]
    print(f"{'total':<18}{t['ok']:>8}{t['refused']:>9}{t['crash']:>7}")
    for crash in report["crashes"]:
        print(crash)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if t["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
