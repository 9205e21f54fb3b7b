"""Rules: declarative TOML data, linted at load, compiled once to closures.

A rule file holds ``[[rule]]`` tables (and optional ``[[test]]`` tables, see
:mod:`recommender.ruletests`).  A rule has an ``id``, a ``because`` sentence,
a ``source``, an optional ``when`` condition and effects: ``set``, ``cap``,
``floor`` (tables of prescription parameters), ``exclude`` (contraindication
tags), ``notice`` and ``refuse``.  Rules load in layers, ``shipped`` <
``plugin`` < ``user``; a later rule may replace an earlier one by naming it
in ``replaces``, but a ``safety`` rule can only be tightened.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import cache
from .claims import unsupported_claim
from .conditions import Condition, ConditionError, compile_condition, explain, facts_read, int_range, parse_condition, satisfiable
from .errors import RuleError
from .facts import FACTS
from .limits import (
    MAX_FILE_BYTES,
    MAX_RULE_FILES,
    MAX_RULES_PER_FILE,
    parse_toml,
    read_text_limited,
    require_text,
    toml_code,
)
from .prescription import PARAMS, Notice, ParamValue, Prescription, RuleRef
from .values import value_eq, value_hash, value_repr
from .vocabulary import CONTRAINDICATIONS, NOTICE_LEVELS

__all__ = ["LAYERS", "Rule", "RuleSet", "RuleSource", "load_rule_sources", "read_rule_path", "shipped_rule_sources"]

#: Layers in increasing precedence.
LAYERS = ("shipped", "plugin", "user")
#: Keys a ``[[rule]]`` table may have.
RULE_KEYS = (
    "id", "because", "source", "safety", "when", "set", "cap", "floor",
    "exclude", "notice", "notice_level", "refuse", "replaces", "design_choice",
)
_FILE_KEYS = ("rule", "test", "test_base")
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}\Z")


@attrs.frozen
class RuleSource:
    """Rule TOML text and the name it is reported under (usually a path)."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    name: str
    text: str


@attrs.frozen
class FactValue:
    """An effect value taken from a fact, e.g. ``cap.session_minutes = { fact = "session_minutes" }``."""

    __repr__ = value_repr
    __eq__ = value_eq
    __hash__ = value_hash

    fact: str


Value = int | bool | FactValue


@attrs.frozen(eq=False)
class Rule:
    """One compiled rule."""

    __repr__ = value_repr

    id: str
    because: str
    source: str
    layer: str
    file: str
    line: int
    when: Condition | None
    set: Mapping[str, Value]
    cap: Mapping[str, Value]
    floor: Mapping[str, Value]
    exclude: tuple[str, ...]
    notice: str
    notice_level: str
    refuse: str
    safety: bool
    replaces: str | None
    design_choice: str
    check: Callable[[Mapping[str, Any]], bool]
    reads: tuple[str, ...]

    def ref(self, facts: Mapping[str, Any] | None = None) -> RuleRef:
        """A reference to this rule, with the fact values it read."""
        read = {}
        if facts is not None:
            for name in self.reads:
                v = facts[name]
                read[name] = sorted(v) if isinstance(v, frozenset) else v
        return RuleRef(self.id, self.file, self.line, self.layer, self.because, read)

    def location(self) -> str:
        return f"{self.file}:{self.line}"


# -- reading ---------------------------------------------------------------

def read_rule_path(path: Path) -> list[RuleSource]:
    """Read a rule file, or every ``*.toml`` file in a folder (sorted by
    name, not following links that leave the folder)."""
    if path.is_dir():
        root = path.resolve()
        out = []
        # Only *.toml files are read: nothing else in a rules folder is
        # opened, let alone imported or run.
        children = [c for c in sorted(path.iterdir()) if c.suffix == ".toml"]
        if len(children) > MAX_RULE_FILES:
            raise RuleError([f"{path}: {len(children)} rule files; expected at most {MAX_RULE_FILES} in one folder"], file=str(path))
        for child in children:
            # Only a link can lead outside: a plain entry is inside by definition.
            try:
                real = child.resolve() if child.is_symlink() else child
            except (OSError, RuntimeError):  # a loop: RuntimeError before Python 3.13
                raise RuleError([f"{child}: links in a loop; not loaded"], file=str(child)) from None
            if real is not child and root not in real.parents:
                raise RuleError([f"{child}: links outside the rules folder {path}; not loaded"], file=str(child))
            if not real.is_file():
                continue
            out.append(_read_one(child))
        if not out:
            # A folder given on purpose that holds no rules is almost always
            # the wrong folder; running without the intended rules is worse.
            raise RuleError([f"{path}: no *.toml rule files in this folder"], file=str(path), expected="a folder of rule files")
        return out
    return [_read_one(path)]


def rule_read_error(message: str, *, file: str, expected: str | None = None) -> RuleError:
    return RuleError([f"{file}: {message}"], file=file, expected=expected)


def _read_one(path: Path) -> RuleSource:
    return RuleSource(str(path), read_text_limited(path, rule_read_error))


def shipped_rules_dir() -> Path:
    """The folder of the rules shipped with the package."""
    here = Path(__file__).resolve().parent
    inside = here / "rules"
    if inside.is_dir():
        return inside
    # Running from a source checkout or an editable install: top-level rules/.
    return here.parent.parent / "rules"


def shipped_rule_sources() -> list[RuleSource]:
    """The shipped rule files, named relative to the rules folder."""
    folder = shipped_rules_dir()
    return [RuleSource(f"rules/{Path(s.name).name}", s.text) for s in read_rule_path(folder)]


# -- parsing and lint ------------------------------------------------------

_HEADER = re.compile(r"\s*\[(\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?\Z")


class _Lines:
    """Maps the keys of ``[[table]]`` blocks (``rule`` or ``test``) to line
    numbers: tomllib keeps no positions."""

    def __init__(self, text: str, table: str = "rule") -> None:
        self.lines = text.splitlines()
        headers = [(i + 1, m[1], m[2].replace(" ", "")) for i, line in enumerate(self.lines) if (m := _HEADER.match(line))]
        self.starts = [n for n, array, name in headers if array and name == table]
        # A block runs to the next header that is not one of its own sub-tables
        # (``[rule.when]``), so a key is never looked up in a later block.
        # One pass from the end keeps this linear in the number of blocks.
        ends: dict[int, int] = {}
        boundary = len(self.lines) + 1
        for h, array, name in reversed(headers):
            if array and name == table:
                ends[h] = boundary - 1
            if not name.startswith(table + "."):
                boundary = h
        self.ends = [ends[start] for start in self.starts]

    def rule(self, index: int) -> int:
        return self.starts[index] if index < len(self.starts) else 1

    def key(self, index: int, path: str) -> int:
        """The line of ``path`` (``when.any[1].fact``) inside block ``index``:
        each key is searched after the previous one, and ``[i]`` skips to
        the i-th item of an inline array, so items are told apart even
        when they share a line."""
        start = self.rule(index)
        end = self.ends[index] if index < len(self.ends) else len(self.lines)
        block = "\n".join(self.lines[start - 1 : end])
        pos = 0
        for part in path.replace("[", ".").replace("]", "").split("."):
            if not part:
                continue
            if part.isascii() and part.isdigit():  # not "³", which int() refuses
                line_at = block.rfind("\n", 0, pos) + 1
                line_end = block.find("\n", pos)
                header = _HEADER.match(block[line_at : line_end if line_end >= 0 else len(block)])
                if header and header[1]:
                    # Items written as [[rule.when.all]] tables, not inline.
                    pos = _header_start(block, line_at, header[2].replace(" ", ""), int(part))
                else:
                    pos = _item_start(block, pos, int(part))
                continue
            found = re.compile(rf"(^|[\s{{,.\[])\"?{re.escape(part)}\"?\s*(=|\])", re.M).search(block, pos)
            if found:
                pos = found.end()
        return start + block.count("\n", 0, pos)


def _header_start(text: str, pos: int, name: str, item: int) -> int:
    """Offset of the ``item``-th ``[[name]]`` header from ``pos`` on (``pos``
    itself when there are fewer)."""
    count = 0
    at = pos
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        m = _HEADER.match(text[at:end])
        if m and m[1] and m[2].replace(" ", "") == name:
            if count == item:
                return at
            count += 1
        at = end + 1
    return pos


def _item_start(text: str, pos: int, item: int) -> int:
    """Offset of item ``item`` of the inline array opening after ``pos``
    (``pos`` itself when there is none)."""
    open_at = text.find("[", pos)
    if open_at < 0:
        return pos
    depth = count = 0
    for i, ch in toml_code(text, open_at + 1):
        if ch in "[{":
            if depth == 0 and count == item:
                return i
            depth += 1
        elif ch in "]}":
            if depth == 0:
                return pos
            depth -= 1
        elif ch == "," and depth == 0:
            count += 1
        elif depth == 0 and count == item and not ch.isspace():
            return i  # a string's opening quote or a bare value
    return pos


def _values(where: str, data: Any, problems: list[str], at: Callable[[str], str], when: Condition | None = None) -> dict[str, Value]:
    # ``at(path)`` gives "file:line: rule" and is only called for a problem:
    # finding a line costs a search, and valid rules need none.
    if not isinstance(data, dict):
        problems.append(f"{at(where)}: {where}: expected a table of parameters")
        return {}
    out: dict[str, Value] = {}
    for name, value in data.items():
        spec = PARAMS.get(name)
        if spec is None:
            import difflib  # only when something is misspelt

            close = difflib.get_close_matches(name, list(PARAMS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"{at(where + '.' + name)}: {where}.{name}: unknown parameter{hint}")
            continue
        if isinstance(value, dict) and set(value) == {"fact"}:
            fact = value["fact"]
            # Only a name is looked up: an array or a table is not hashable.
            if not isinstance(fact, str) or fact not in FACTS or FACTS[fact].kind != "int" or spec.kind != "int":
                problems.append(f"{at(where + '.' + name)}: {where}.{name}: expected an integer fact for {name!r}, got {fact!r}")
                continue
            # The values the fact can have when the rule fires ("weeks" is
            # 4 to 52 under "weeks >= 4"), checked once here as a constant
            # is: a value read at run time is not held to the range again.
            span = int_range(when, fact)
            if span is not None and not (spec.min <= span[0] and span[1] <= spec.max):
                lo, hi = span
                under = " when the rule fires" if (lo, hi) != (FACTS[fact].min, FACTS[fact].max) else ""
                problems.append(
                    f"{at(where + '.' + name)}: {where}.{name}: fact {fact!r} is {lo} to {hi}{under}; "
                    f"expected a fact within {spec.min} to {spec.max} {spec.unit}"
                )
                continue
            out[name] = FactValue(fact)
            continue
        if spec.kind == "bool":
            if type(value) is not bool:
                problems.append(f"{at(where + '.' + name)}: {where}.{name}: expected true or false, got {value!r}")
                continue
            if where != "set":
                problems.append(f"{at(where + '.' + name)}: {where}.{name}: {name!r} is true/false; only 'set' applies")
                continue
        else:
            if type(value) is not int:
                problems.append(f"{at(where + '.' + name)}: {where}.{name}: expected an integer, got {type(value).__name__} {value!r}")
                continue
            if not spec.min <= value <= spec.max:
                problems.append(f"{at(where + '.' + name)}: {where}.{name}: expected {spec.min} to {spec.max} {spec.unit}, got {value}")
                continue
        out[name] = value
    return out


def _parse_rule(data: Any, index: int, layer: str, name: str, lines: _Lines, problems: list[str]) -> Rule | None:
    loc = f"{name}:{lines.rule(index)}"
    if not isinstance(data, dict):
        problems.append(f"{loc}: rule[{index}]: expected a table")
        return None
    rid = data.get("id")
    label = f"rule {rid!r}" if isinstance(rid, str) else f"rule[{index}]"
    before = len(problems)
    for key in data:
        if key not in RULE_KEYS:
            import difflib  # only when something is misspelt

            close = difflib.get_close_matches(key, RULE_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"{name}:{lines.key(index, key)}: {label}: unknown key {key!r}{hint}")
    if not isinstance(rid, str) or not _ID.match(rid):
        problems.append(f"{loc}: {label}: 'id' must be a lower-case slug like 'rest.48-hours'")
    for key in ("because", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(f"{loc}: {label}: '{key}' is required and must be a non-empty string")
    for key in ("notice", "refuse", "replaces", "design_choice"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{name}:{lines.key(index, key)}: {label}: '{key}' must be a string")
        elif key in ("notice", "refuse") and key in data and not data[key].strip():
            # Shown to the person: a blank one says nothing, and in place of
            # a safety rule's notice it would pass as kept.
            problems.append(f"{name}:{lines.key(index, key)}: {label}: '{key}' must be a non-empty string")
    for key in ("because", "notice", "refuse"):
        # Shown to the person (the reason beside each exercise, the notice,
        # the refusal): none may repeat a claim the evidence contradicts.
        claim = unsupported_claim(data[key]) if isinstance(data.get(key), str) else ""
        if claim:
            problems.append(f"{name}:{lines.key(index, key)}: {label}: '{key}' {claim}")
    safety = data.get("safety", False)
    if type(safety) is not bool:
        problems.append(f"{name}:{lines.key(index, 'safety')}: {label}: 'safety' must be true or false")
    level = data.get("notice_level", "info")
    if level not in NOTICE_LEVELS:
        problems.append(f"{name}:{lines.key(index, 'notice_level')}: {label}: 'notice_level' must be one of {', '.join(NOTICE_LEVELS)}")
    elif "notice_level" in data and "notice" not in data:
        # A level with nothing to show is a notice left out by mistake, and
        # would otherwise be ignored without a word.
        problems.append(f"{name}:{lines.key(index, 'notice_level')}: {label}: 'notice_level' is set but the rule has no 'notice' to show at that level")
    when = None
    if "when" in data:
        try:
            when = parse_condition(data["when"])
        except ConditionError as exc:
            problems.append(f"{name}:{lines.key(index, exc.path)}: {label}: {exc.path}: {exc.message}")
        else:
            if not satisfiable(when):
                problems.append(f"{name}:{lines.key(index, 'when')}: {label}: can never fire: no valid profile meets its 'when'")
    effects = {}
    for key in ("set", "cap", "floor"):
        effects[key] = _values(key, data.get(key, {}), problems, lambda path: f"{name}:{lines.key(index, path)}: {label}", when)
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(t, str) for t in exclude):
        problems.append(f"{name}:{lines.key(index, 'exclude')}: {label}: 'exclude' must be an array of tags")
        exclude = []
    for tag in exclude:
        if tag not in CONTRAINDICATIONS:
            import difflib  # only when something is misspelt

            close = difflib.get_close_matches(tag, list(CONTRAINDICATIONS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"{name}:{lines.key(index, 'exclude')}: {label}: unknown contraindication tag {tag!r}{hint}")
    for param, lo in effects["floor"].items():
        hi = effects["cap"].get(param)
        if isinstance(lo, int) and isinstance(hi, int) and hi < lo:
            problems.append(f"{name}:{lines.key(index, 'cap')}: {label}: contradictory: cap {param} = {hi} is below floor {lo}")
    # Judged on the raw tables: an effect already reported as invalid is not "no effect".
    if not any(data.get(k) for k in ("set", "cap", "floor", "exclude", "notice", "refuse")):
        problems.append(f"{loc}: {label}: has no effect (set, cap, floor, exclude, notice or refuse)")
    if len(problems) > before:
        return None
    return _make_rule(data, layer, name, lines.rule(index), when, effects)


def _make_rule(data: dict[str, Any], layer: str, name: str, line: int, when: Condition | None, effects: Mapping[str, dict[str, Value]]) -> Rule:
    return Rule(
        id=data["id"], because=data["because"], source=data["source"], layer=layer, file=name, line=line,
        when=when, set=effects["set"], cap=effects["cap"], floor=effects["floor"], exclude=tuple(data.get("exclude", ())),
        notice=data.get("notice", ""), notice_level=data.get("notice_level", "info"), refuse=data.get("refuse", ""),
        safety=bool(data.get("safety", False)), replaces=data.get("replaces"), design_choice=data.get("design_choice", ""),
        check=compile_condition(when),
        # What its condition reads and what its effects take their values from.
        reads=tuple(dict.fromkeys((*facts_read(when), *(v.fact for e in effects.values() for v in e.values() if isinstance(v, FactValue))))),
    )


def _checked_rule(data: dict[str, Any], layer: str, name: str, line: int) -> Rule:
    """A rule from data that already passed every check (see _layer_from_cache)."""
    when = parse_condition(data["when"]) if "when" in data else None
    effects = {
        key: {p: FactValue(v["fact"]) if isinstance(v, dict) else v for p, v in data.get(key, {}).items()}
        for key in ("set", "cap", "floor")
    }
    return _make_rule(data, layer, name, line, when, effects)


def _checked_toml(src: RuleSource, problems: list[str]) -> dict[str, Any] | None:
    """The file's TOML data within the size and nesting limits, or None
    after appending the problem."""
    try:
        require_text(src.text, "rules", source=src.name, error=rule_read_error)  # an app may pass bytes it has not decoded
    except RuleError as exc:
        problems.extend(exc.problems)
        return None
    if len(src.text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        problems.append(f"{src.name}: file is larger than {MAX_FILE_BYTES:,} bytes")
        return None
    try:
        return parse_toml(src.text, source=src.name, error=rule_read_error)
    except RuleError as exc:
        problems.extend(exc.problems)
        return None


def _top_level_line(text: str, key: str) -> int:
    """The line where top-level ``key`` is set or its table starts (1 if not found)."""
    pattern = re.compile(rf"""^\s*(?:\[\[?\s*)?["']?{re.escape(key)}["']?\s*(?:=|\]|\.)""")
    return next((i for i, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), 1)


def parse_rule_source(src: RuleSource, layer: str, problems: list[str]) -> tuple[list[Rule], dict[str, Any]]:
    """Parse one file's rules, appending problems; also return its raw data."""
    data = _checked_toml(src, problems)
    if data is None:
        return [], {}
    unknown = [key for key in data if key not in _FILE_KEYS]
    if unknown and {"age", "days"} <= set(unknown):
        # A profile given where rules go (--rules me.toml): one line, not one per key.
        problems.append(f"{src.name}: is a profile, not a rule file (give it with --profile; --rules takes rule files)")
        unknown = []
    for key in unknown:
        import difflib  # only when something is misspelt

        close = difflib.get_close_matches(key, _FILE_KEYS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; expected [[rule]] or [[test]] tables, or a [test_base] table"
        problems.append(f"{src.name}:{_top_level_line(src.text, key)}: unknown top-level key {key!r}{hint}")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        problems.append(f"{src.name}:1: 'rule' must be an array of tables ([[rule]])")
        return [], data
    if len(raw_rules) > MAX_RULES_PER_FILE:
        problems.append(f"{src.name}:1: {len(raw_rules)} rules; expected at most {MAX_RULES_PER_FILE} in one file (split it into several files)")
        return [], data
    lines = _Lines(src.text)
    rules = [r for i, d in enumerate(raw_rules) if (r := _parse_rule(d, i, layer, src.name, lines, problems))]
    return rules, data


def _shown(v: Value) -> str:
    return f"the fact {v.fact}" if isinstance(v, FactValue) else repr(v).lower() if isinstance(v, bool) else str(v)


def _loosens(old: Rule, new: Rule) -> list[str]:
    """How ``new`` would loosen safety rule ``old`` (empty when it does not)."""
    out = []
    if new.when != old.when and new.when is not None:
        out.append("changes its 'when' (a safety rule must keep firing when it did)")
    # A bound read from a fact (cap session_minutes = the person's minutes)
    # cannot be compared with a number, so any change to it loosens.
    for param, v in old.cap.items():
        nv = new.cap.get(param)
        if nv is None:
            out.append(f"drops cap {param} = {_shown(v)}")
        elif nv > v if isinstance(v, int) and isinstance(nv, int) else nv != v:
            out.append(f"raises cap {param} from {_shown(v)} to {_shown(nv)}")
    for param, v in old.floor.items():
        nv = new.floor.get(param)
        if nv is None:
            out.append(f"drops floor {param} = {_shown(v)}")
        elif nv < v if isinstance(v, int) and isinstance(nv, int) else nv != v:
            out.append(f"lowers floor {param} from {_shown(v)} to {_shown(nv)}")
    for param, v in old.set.items():
        nv = new.set.get(param)
        if nv is None:
            out.append(f"drops set {param} = {_shown(v)}")
        elif nv != v:
            out.append(f"changes set {param} from {_shown(v)} to {_shown(nv)}")
    missing = sorted(set(old.exclude) - set(new.exclude))
    if missing:
        out.append(f"stops excluding {', '.join(missing)}")
    if old.refuse and not new.refuse:
        out.append("drops its refusal")
    if old.notice and not new.notice:
        out.append("drops its notice")
    elif old.notice and NOTICE_LEVELS.index(new.notice_level) > NOTICE_LEVELS.index(old.notice_level):
        # A lower level moves it below the others, or out of a short view.
        out.append(f"lowers its notice from {old.notice_level} to {new.notice_level}")
    if not new.safety:
        out.append("is not marked safety = true")
    return out


def load_rule_sources(layers: Sequence[tuple[str, Iterable[RuleSource]]]) -> RuleSet:
    """Parse, lint and compile rule files given per layer, lowest first.

    Raises :class:`RuleError` listing every problem found, each with
    ``file:line``.
    """
    problems: list[str] = []
    active: dict[str, Rule] = {}
    order: list[str] = []
    replaced: dict[str, Rule] = {}  # an id no longer active -> the rule in its place
    trusted = False  # the shipped layer alone is known to be free of conflicts
    shipped_texts: dict[str, str] = {}
    for layer, layer_sources in layers:
        if layer not in LAYERS:
            raise ValueError(f"unknown layer {layer!r}")
        sources = list(layer_sources)
        if len(sources) > MAX_RULE_FILES:
            problems.append(f"{sources[MAX_RULE_FILES].name}: more than {MAX_RULE_FILES} rule files in the {layer} layer; expected at most {MAX_RULE_FILES}")
            continue
        seen_here: dict[str, Rule] = {}
        if layer == "shipped":
            shipped_texts = {src.text: src.name for src in sources}
        else:
            # A copy of a shipped file (``--rules rules`` in a checkout)
            # would redefine every id it holds: one line says what it is.
            copies = [(src, shipped_texts[src.text]) for src in sources if src.text in shipped_texts]
            for src, shipped in copies:
                problems.append(f"{src.name}: is a copy of the shipped rule file {shipped}, which is always loaded; "
                                "give only rules of your own (a changed rule needs a new id and replaces = its old id)")
            sources = [src for src in sources if src.text not in shipped_texts]
        cached = layer == "shipped" and bool(sources)
        layer_rules = _layer_from_cache(sources) if cached else None
        if layer_rules is not None:
            trusted = True
        else:
            layer_rules = []
            raw: list[tuple[str, int, Any]] = []
            for src in sources:
                before = len(problems)
                parsed, data = parse_rule_source(src, layer, problems)
                layer_rules.extend(parsed)
                if len(problems) == before:
                    raw.extend((r.file, r.line, d) for r, d in zip(parsed, data.get("rule", []), strict=True))
            if cached and not problems and not _conflicts(layer_rules):
                # Checked as a whole: the final check below need not repeat it.
                trusted = True
                cache.store(_LAYER_CACHE, layer, _layer_key(sources), raw)
        for rule in layer_rules:
            if rule.id in seen_here:
                problems.append(f"{rule.location()}: rule {rule.id!r}: duplicate id; first defined at {seen_here[rule.id].location()}")
                continue
            seen_here[rule.id] = rule
            if rule.replaces is not None:
                old = active.get(rule.replaces)
                if old is None:
                    import difflib  # only when something is misspelt

                    close = difflib.get_close_matches(rule.replaces, list(active), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    problems.append(f"{rule.location()}: rule {rule.id!r}: replaces {rule.replaces!r}, which no earlier layer defines{hint}")
                    continue
                if old.safety:
                    for how in _loosens(old, rule):
                        problems.append(f"{rule.location()}: rule {rule.id!r}: would loosen safety rule {old.id!r} ({old.location()}): {how}")
                del active[old.id]
                order.remove(old.id)
                for gone, by in replaced.items():
                    if by is old:
                        replaced[gone] = rule
                replaced[old.id] = rule
            elif rule.id in active:
                problems.append(
                    f"{rule.location()}: rule {rule.id!r}: id already defined at {active[rule.id].location()} ({active[rule.id].layer} layer); "
                    f"to change it, give the new rule another id and set replaces = {rule.id!r}"
                )
                continue
            active[rule.id] = rule
            order.append(rule.id)
            # An id replaced earlier and defined again names the new rule.
            replaced.pop(rule.id, None)
    rules = tuple(active[i] for i in order)
    if not (trusted and all(r.layer == "shipped" for r in rules)):
        problems.extend(_conflicts(rules))
    if problems:
        raise RuleError(problems)
    return RuleSet(rules, replaced)


# The shipped rule files are parsed, linted and checked for conflicts on
# every engine start unless this cache says that exactly these files already
# passed; that work is most of an engine's start-up.  The entry holds the
# names and texts it was made from and is used only when they are equal, so
# an edited, added or removed file is checked again (see recommender.cache).
_LAYER_CACHE = "rules-layer"


def _layer_key(sources: Sequence[RuleSource]) -> tuple[tuple[str, str], ...]:
    return tuple((s.name, s.text) for s in sources)


def _layer_from_cache(sources: Sequence[RuleSource]) -> list[Rule] | None:
    """The layer's rules rebuilt from a cache entry made from exactly these
    sources after they passed every check, or None."""
    entry = cache.load(_LAYER_CACHE, "shipped", _layer_key(sources))
    if not isinstance(entry, list):
        return None
    try:
        return [_checked_rule(data, "shipped", file, line) for file, line, data in entry]
    except (ConditionError, KeyError, TypeError, ValueError, AttributeError):
        return None  # an entry from an older format: check the files again


def _conflicts(rules: Sequence[Rule]) -> list[str]:
    """Pairs of rules that can fire together and contradict each other.

    Each rule is compared only with the earlier rules that bound or set the
    same parameter, so the check stays cheap as rule sets grow.
    """
    from .conditions import All

    def both(a: Rule, b: Rule) -> bool:
        conds = tuple(c for c in (a.when, b.when) if c is not None)
        return satisfiable(All(conds) if conds else None)

    def cap_floor(capper: Rule, floorer: Rule, param: str) -> None:
        hi, lo = capper.cap[param], floorer.floor[param]
        if isinstance(hi, int) and isinstance(lo, int) and hi < lo and both(capper, floorer):
            out.append(
                f"{capper.location()}: rule {capper.id!r}: contradictory: cap {param} = {hi} is below "
                f"floor {lo} from rule {floorer.id!r} ({floorer.location()})"
            )

    out: list[str] = []
    caps: dict[str, list[Rule]] = {}
    floors: dict[str, list[Rule]] = {}
    sets: dict[str, list[Rule]] = {}
    for b in rules:
        for param in b.cap:
            for a in floors.get(param, ()):
                cap_floor(b, a, param)
        for param in b.floor:
            for a in caps.get(param, ()):
                cap_floor(a, b, param)
        for param, value in b.set.items():
            for a in sets.get(param, ()):
                if a.set[param] == value or not (a.layer == b.layer or a.safety) or not both(a, b):
                    continue
                if a.layer == b.layer:
                    out.append(
                        f"{b.location()}: rule {b.id!r}: sets {param} = {_shown(value)} but rule {a.id!r} "
                        f"({a.location()}) sets {_shown(a.set[param])} in the same layer"
                    )
                else:
                    # A higher layer's set wins over a lower one's, so over a
                    # safety rule's set it could loosen; caps and floors cannot.
                    out.append(
                        f"{b.location()}: rule {b.id!r}: would loosen safety rule {a.id!r} ({a.location()}): "
                        f"sets {param} = {_shown(value)} over its {_shown(a.set[param])}; "
                        f"tighten a safety value with cap or floor"
                    )
        for table, index in ((b.cap, caps), (b.floor, floors), (b.set, sets)):
            for param in table:
                index.setdefault(param, []).append(b)
    return out


# -- evaluation ------------------------------------------------------------

_Effect = tuple[tuple[str, int | bool, str | None], ...]


def _effect(values: Mapping[str, Value]) -> _Effect:
    # (param, constant, fact name): a fact-valued effect reads the fact at run time.
    return tuple((p, 0, v.fact) if isinstance(v, FactValue) else (p, v, None) for p, v in values.items())


class RuleSet:
    """A compiled, linted set of rules; immutable and safe to share."""

    __slots__ = ("_by_id", "_checks", "_plan", "_replaced", "ids", "rules")

    def __init__(self, rules: Sequence[Rule], replaced: Mapping[str, Rule] | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._by_id = {r.id: r for r in self.rules}
        self._replaced = dict(replaced or {})
        #: The rule ids, for checking a plan's references quickly.
        self.ids: frozenset[str] = frozenset(self._by_id)
        # Unconditional rules skip the call: a third of the shipped rules.
        self._checks = tuple((r, None if r.when is None else r.check) for r in self.rules)
        # Everything prescribe() needs per rule that does not depend on the
        # facts is worked out once here: layer rank, effects, the notice, and
        # the reference itself for rules that read no facts.
        self._plan = tuple(
            (
                r,
                check,
                LAYERS.index(r.layer),
                _effect(r.set),
                _effect(r.cap),
                _effect(r.floor),
                None if r.reads else r.ref(),
                (NOTICE_LEVELS.index(r.notice_level), Notice(r.id, r.notice, r.notice_level)) if r.notice else None,
            )
            for r, check in self._checks
        )

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        """The rule with ``rule_id``, or None."""
        return self._by_id.get(rule_id)

    def replaced_by(self, rule_id: str) -> Rule | None:
        """The active rule that took the place of the replaced ``rule_id``, or None."""
        return self._replaced.get(rule_id)

    def missing_hint(self, rule_id: str) -> str:
        """What to tell someone who names ``rule_id``, which is not active:
        the rule that replaced it, the rules in a group it names
        ("injury"), else the closest id (``""`` if none)."""
        by = self._replaced.get(rule_id)
        if by is not None:
            return f"; it is replaced by {by.id!r} ({by.location()})"
        group = [r for r in self._by_id if r.startswith(rule_id.rstrip(".") + ".")] if rule_id.strip(".") else []
        if group:
            return f"; the {rule_id.rstrip('.')!r} rules are {', '.join(group)}"
        import difflib  # only when something is misspelt

        close = difflib.get_close_matches(rule_id, list(self._by_id), n=1)
        return f"; did you mean {close[0]!r}?" if close else ""

    def fire(self, facts: Mapping[str, Any]) -> list[Rule]:
        """The rules whose condition holds for ``facts``, in load order."""
        return [r for r, check in self._checks if check is None or check(facts)]

    def why(self, rule_id: str, facts: Mapping[str, Any]) -> tuple[bool, str]:
        """Whether ``rule_id`` fires for ``facts`` and the deciding condition."""
        rule = self._by_id[rule_id]
        return explain(rule.when, facts)

    def prescribe(self, facts: Mapping[str, Any]) -> Prescription:
        """Evaluate every rule and merge the effects into a prescription.

        Raises :class:`RuleError` when the fired rules contradict each other
        for these facts (a cap below a floor, or two ``set`` values in one
        layer), naming both rules.
        """
        fired: list[RuleRef] = []
        refs: dict[Rule, RuleRef] = {}
        sets: dict[str, tuple[int, Rule, int | bool]] = {}
        caps: dict[str, tuple[Rule, int]] = {}
        floors: dict[str, tuple[Rule, int]] = {}
        contributors: dict[str, list[RuleRef]] = {}
        excluded: dict[str, list[RuleRef]] = {}
        notices: list[tuple[int, int, Notice]] = []
        refusals: list[tuple[RuleRef, str]] = []
        problems: list[str] = []
        for rule, check, rank, set_, cap, floor, ref, notice in self._plan:
            if check is not None and not check(facts):
                continue
            if ref is None:
                ref = rule.ref(facts)
            refs[rule] = ref
            fired.append(ref)
            for p, v, fact in set_:
                value = facts[fact] if fact else v
                contributors.setdefault(p, []).append(ref)
                prev = sets.get(p)
                if prev is None or rank > prev[0]:
                    sets[p] = (rank, rule, value)
                elif rank == prev[0] and prev[2] != value:
                    problems.append(
                        f"{rule.location()}: rule {rule.id!r}: sets {p} = {_shown(value)} but rule {prev[1].id!r} "
                        f"({prev[1].location()}) sets {_shown(prev[2])} in the same layer"
                    )
            for p, v, fact in cap:
                value = facts[fact] if fact else v
                contributors.setdefault(p, []).append(ref)
                low = caps.get(p)
                if low is None or value < low[1]:
                    caps[p] = (rule, value)
            for p, v, fact in floor:
                value = facts[fact] if fact else v
                contributors.setdefault(p, []).append(ref)
                high = floors.get(p)
                if high is None or value > high[1]:
                    floors[p] = (rule, value)
            for tag in rule.exclude:
                excluded.setdefault(tag, []).append(ref)
            if notice is not None:
                notices.append((notice[0], len(fired), notice[1]))
            if rule.refuse:
                refusals.append((ref, rule.refuse))
        values: dict[str, ParamValue] = {}
        for p in PARAMS:
            lo = floors.get(p)
            hi = caps.get(p)
            if lo and hi and hi[1] < lo[1]:
                problems.append(
                    f"{hi[0].location()}: rule {hi[0].id!r}: contradictory: cap {p} = {hi[1]} is below floor "
                    f"{lo[1]} from rule {lo[0].id!r} ({lo[0].location()})"
                )
                continue
            chosen = sets.get(p)
            if chosen is None:
                if lo is None and hi is None:
                    continue
                # Only bounds: take the safer end, the cap for limits, else the floor.
                rule, value = (hi if hi is not None else lo)  # type: ignore[misc]
            else:
                _, rule, value = chosen
                if type(value) is int:
                    if lo is not None and value < lo[1]:
                        rule, value = lo
                    if hi is not None and value > hi[1]:
                        rule, value = hi
            values[p] = ParamValue(value, refs[rule], tuple(contributors.get(p, ())))
        rep_low, rep_high = values.get("reps_low"), values.get("reps_high")
        if rep_low is not None and rep_high is not None and int(rep_low.value) > int(rep_high.value):
            # No plan can honour an empty rep range; say which rules made it
            # rather than let the planner build a plan the verifier rejects.
            a, b = rep_low.decided_by, rep_high.decided_by
            problems.append(
                f"{a.location()}: rule {a.id!r}: contradictory: reps_low = {rep_low.value} is above "
                f"reps_high = {rep_high.value} from rule {b.id!r} ({b.location()})"
            )
        most = values.get("aerobic_minutes_max")
        for name in ("aerobic_minutes_min", "aerobic_minutes_target"):
            below = values.get(name)
            if most is not None and below is not None and int(below.value) > int(most.value):
                # The aerobic range shown would run past its own top end.
                a, b = below.decided_by, most.decided_by
                problems.append(
                    f"{a.location()}: rule {a.id!r}: contradictory: {name} = {below.value} is above "
                    f"aerobic_minutes_max = {most.value} from rule {b.id!r} ({b.location()})"
                )
        if problems:
            raise RuleError(problems)
        if len(values) < len(PARAMS) and not refusals:
            missing = [p for p in PARAMS if p not in values]
            raise RuleError([f"no rule sets {', '.join(missing)}; the rule set is incomplete"])
        notices.sort(key=lambda x: (x[0], x[1]))
        return Prescription(
            values=values,
            excluded={t: tuple(r) for t, r in sorted(excluded.items())},
            notices=tuple(n for _, _, n in notices),
            fired=tuple(fired),
            refusals=tuple(refusals),
        )


def _cond_text(cond: Condition | None) -> str:
    from .conditions import All, Any_, Leaf, Not

    if cond is None:
        return "always"
    if isinstance(cond, Leaf):
        return cond.text()
    if isinstance(cond, Not):
        return f"not ({_cond_text(cond.item)})"
    joiner = " and " if isinstance(cond, All) else " or "
    inner = joiner.join(_cond_text(c) for c in cond.items)
    return f"({inner})" if isinstance(cond, (All, Any_)) and len(cond.items) > 1 else inner


def describe_rule(rule: Rule) -> str:
    """A readable multi-line description of one rule."""
    lines = [
        f"{rule.id}",
        f"  where:   {rule.location()} ({rule.layer} layer){' - safety rule' if rule.safety else ''}",
        f"  when:    {_cond_text(rule.when)}",
    ]
    for key in ("set", "cap", "floor"):
        values: Mapping[str, Value] = getattr(rule, key)
        if values:
            shown = ", ".join(f"{k} = {v.fact if isinstance(v, FactValue) else v}" for k, v in values.items())
            lines.append(f"  {key + ':':<8} {shown}")
    if rule.exclude:
        lines.append(f"  exclude: {', '.join(rule.exclude)}")
    if rule.refuse:
        lines.append(f"  refuse:  {rule.refuse}")
    if rule.notice:
        lines.append(f"  notice:  {rule.notice}")
    if rule.replaces:
        lines.append(f"  replaces: {rule.replaces}")
    lines.append(f"  because: {rule.because}")
    lines.append(f"  source:  {rule.source}")
    if rule.design_choice:
        lines.append(f"  design choice: {rule.design_choice}")
    return "\n".join(lines)
