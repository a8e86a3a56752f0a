"""Checklist patterns that cannot hang the app.

A checklist's ``patterns`` are regular expressions written by whoever edits the
YAML. Two lines of defence:

1. `pattern_problem` reads the pattern's syntax tree (Python's own regex
   parser) at load time and refuses what is known to blow up or mislead:
   a variable-length repeat inside another repeat (``([^。]+)+X``: catastrophic
   backtracking), repeat counts above `MAX_REPEAT`, patterns that can match the
   empty string (they "find" evidence everywhere), and over-long patterns.
2. `BoundedPattern` runs the pattern with the `regex` package, whose searches
   take a timeout. A pattern that still runs too long (overlapping
   alternatives under a repeat, ``(a|aa)+b``, which no cheap syntax check
   catches) is stopped, and `finditer` reports it instead of hanging.
"""

from __future__ import annotations

import re
import time

try:  # Python 3.11+
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants
    import sre_parse as _sre_parse

import regex

MAX_PATTERN_CHARS = 500
MAX_REPEAT = 1000
# Seconds one pattern may search one report; the whole analysis has PATTERN_BUDGET for all patterns.
PATTERN_TIMEOUT = 0.5
PATTERN_BUDGET = 5.0

_REPEATS = {_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(_sre_constants, "POSSESSIVE_REPEAT", None)
_UNBOUNDED = _sre_constants.MAXREPEAT


def _subpatterns(op, av) -> list:
    """The child sub-patterns of one parsed node."""
    name = str(op)
    if op in _REPEATS or op == _POSSESSIVE:
        return [av[2]]
    if name == "SUBPATTERN":
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if name == "ATOMIC_GROUP":
        return [av]
    if name == "GROUPREF_EXISTS":
        return [p for p in av[1:] if p is not None]
    return []


def _problem(parsed, inside_repeat: bool) -> str | None:
    for op, av in parsed:
        if op in _REPEATS or op == _POSSESSIVE:
            low, high = av[0], av[1]
            if low > MAX_REPEAT or (high != _UNBOUNDED and high > MAX_REPEAT):
                return f"重复次数过大（上限 {MAX_REPEAT}）"
            variable = high != low
            if inside_repeat and variable:
                return "重复之内又有可变长度的重复（如 ([^。]+)+），会导致匹配时间失控"
            if op != _POSSESSIVE and high > 1:
                found = _problem(av[2], True)
                if found:
                    return found
                continue
        for child in _subpatterns(op, av):
            found = _problem(child, inside_repeat and str(op) != "ATOMIC_GROUP")
            if found:
                return found
    return None


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be used as a checklist pattern (Chinese), or None when it is fine."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"过长（{len(pattern)} 个字符，上限 {MAX_PATTERN_CHARS}）"
    try:
        parsed = _sre_parse.parse(pattern)
    except OverflowError:
        return f"重复次数过大（上限 {MAX_REPEAT}）"
    except RecursionError:
        return "嵌套过深"
    except (re.error, ValueError) as exc:
        return f"无效：{exc}"
    found = _problem(parsed, False)
    if found:
        return found
    try:
        low, _high = parsed.getwidth()
    except (OverflowError, RecursionError):
        return "结构过于复杂"
    if low == 0:
        return "可能匹配空字符串（会在任何位置“命中”），请至少要求一个字"
    try:
        regex.compile(pattern)
    except (regex.error, OverflowError, RecursionError, ValueError) as exc:
        return f"无效：{exc}"
    return None


MAX_ALTERNATIVES = 64  # literal strings one clause of `required_literals` may hold


def _language(items) -> set[str] | None:
    """Every string the parsed sequence `items` can match, when that is a small set of
    literal strings (学习, (?:厘清|明确), (?:行政)?, [省市]); None otherwise."""
    out = {""}
    for op, av in items:
        name = str(op)
        alts: set[str] | None
        if name == "LITERAL":
            alts = {chr(av)}
        elif name == "SUBPATTERN":
            alts = None if av[1] or av[2] else _language(av[-1])  # inline flags: (?i:…)
        elif name == "BRANCH":
            alts = set()
            for branch in av[1]:
                one = _language(branch)
                if one is None:
                    return None
                alts |= one
        elif name == "IN":
            alts = {chr(v) for o, v in av if str(o) == "LITERAL"}
            if len(alts) != len(av):  # a range, a class (\d), a negation
                return None
        elif name == "MAX_REPEAT" and av[1] <= 1:  # X? (and X{0}, X{1})
            body = _language(av[2])
            if body is None:
                return None
            alts = (body if av[1] == 1 else set()) | ({""} if av[0] == 0 else set())
        else:
            return None
        if alts is None:
            return None
        out = {a + b for a in out for b in alts}
        if len(out) > MAX_ALTERNATIVES:
            return None
    return out


def _clauses(items) -> list[frozenset[str]]:
    runs: list[frozenset[str]] = []
    run = {""}

    def close():
        nonlocal run
        if "" not in run:
            runs.append(frozenset(run))
        run = {""}

    for op, av in items:
        alts = _language([(op, av)])
        if alts is not None:
            joined = {a + b for a in run for b in alts}
            if len(joined) > MAX_ALTERNATIVES:
                close()
                joined = alts
            run = joined
            continue
        close()  # what follows is not adjacent to the run: it stands on its own
        name = str(op)
        if name == "SUBPATTERN" and not (av[1] or av[2]):
            runs += _clauses(av[-1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            runs += _clauses(av[2])
    close()
    return runs


def required_literals(pattern: str) -> list[frozenset[str]] | None:
    """What any match of `pattern` must contain: clauses, each a set of strings of which at
    least one is in the match ('学习[^。]{0,12}法治思想' → [{学习}, {法治思想}]). A text that
    lacks every string of some clause has no match, and the pattern need not even be compiled.
    None when the pattern cannot be read this way (case-insensitive flags, unparsable)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    try:
        return _clauses(parsed)
    except RecursionError:
        return None


def may_match(clauses: list[frozenset[str]] | None, text: str) -> bool:
    """False when `text` certainly has no match (see `required_literals`)."""
    return clauses is None or all(any(s in text for s in clause) for clause in clauses)


class PatternTimeout(Exception):
    """A pattern stopped because it ran longer than its time bound."""


class BoundedPattern:
    """A checked pattern compiled with `regex`, searched under a time bound."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._compiled = None
        # Compiled on first use, and not at all for a text without the pattern's literal parts.
        self.required = required_literals(pattern)

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern)
        return self._compiled

    def finditer(self, text: str, timeout: float = PATTERN_TIMEOUT):
        """Non-empty matches in `text`; raises PatternTimeout when the search takes longer than `timeout`."""
        if not may_match(self.required, text):
            return
        deadline = time.monotonic() + timeout
        try:
            for m in self.compiled.finditer(text, timeout=timeout):
                if m.end() > m.start():
                    yield m
                if time.monotonic() > deadline:
                    raise PatternTimeout(self.pattern)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None


class PatternClock:
    """The time all pattern searches of one analysis may take together (search time only)."""

    def __init__(self, budget: float = PATTERN_BUDGET):
        self.budget = budget
        self.spent = 0.0
        self.timed_out: list[str] = []

    def remaining(self) -> float:
        return max(0.0, self.budget - self.spent)

    def add(self, seconds: float) -> None:
        self.spent += seconds
