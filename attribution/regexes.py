"""Regular expressions from rules files, checked before they run on any story.

A rules folder is trusted configuration, but a pattern written in it runs on every
sentence of every untrusted story: one that backtracks catastrophically ('(a+)+$',
'(a|aa)*b', '.*.*.*=') lets a crafted sentence hang the CI run. Python's engine has no
time limit, so such shapes are refused when the rules load, with one line naming the file,
the pattern and the reason (exit status 2):

- a quantifier over something that holds another unbounded quantifier (nested repetition);
- a repeated alternation whose alternatives can start with the same character;
- three unbounded repetitions over overlapping characters, one after another, with nothing
  that must match between them (polynomial backtracking of degree three or more);
- a backreference, a pattern longer than ``MAX_PATTERN`` characters, or one that is no
  regular expression at all.

The shipped rules use none of these (alternations of words, optional words).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from re import _constants as sre_constants  # type: ignore[attr-defined]  # the parser re itself uses
from re import _parser as sre_parse  # type: ignore[attr-defined]

from .errors import RulesError

MAX_PATTERN = 1000
UNBOUNDED = 16          # a repeat of more than this many times counts as unbounded
# characters the character-set overlap tests are made on
_PROBE = [chr(c) for c in range(32, 127)] + ["\t", "\n", "\u00a0", "\u00e9", "\u2019", "\u201c", "\u4e00", "\u0416"]

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)
_ANY_ALL = frozenset(_PROBE)


def checked_pattern(pattern: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    """The compiled pattern, or a RulesError saying why it is refused."""
    if isinstance(pattern, str):
        problem = _verdict(pattern, flags)
        if problem is None:
            return re.compile(pattern, flags)
        raise RulesError(f"{where}: {problem}")
    raise RulesError(f"{where}: {pattern!r} is not a string")


@lru_cache(maxsize=4096)
def _verdict(pattern: str, flags: int) -> str | None:
    """Why ``pattern`` is refused, or None (each pattern is judged once per process)."""
    try:
        _judge(pattern, "", flags)
    except RulesError as exc:
        return str(exc)[2:]
    return None


def _judge(pattern: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    shown = pattern if not isinstance(pattern, str) or len(pattern) <= 60 else pattern[:57] + "..."
    if not isinstance(pattern, str):
        raise RulesError(f"{where}: {shown!r} is not a string")
    if len(pattern) > MAX_PATTERN:
        raise RulesError(f"{where}: pattern {shown!r} is longer than {MAX_PATTERN} characters")
    try:
        compiled = re.compile(pattern, flags)
        tree = sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        raise RulesError(f"{where}: {shown!r} is not a regular expression: {exc}") from None
    problem = _problem(list(tree))
    if problem:
        raise RulesError(f"{where}: pattern {shown!r} can take exponential time on some texts ({problem}); "
                         "rewrite it without that")
    return compiled


def check_patterns(patterns: Iterable[Any], where: str, flags: int = 0) -> list[re.Pattern[str]]:
    return [checked_pattern(p, where, flags) for p in patterns]


# --- the structural checks -------------------------------------------------------------------

def _problem(items: list) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            lo, hi, body = av
            body = list(body)
            if hi > 1 and _splits_many_ways(body, _first_set(body)):
                return "a repetition inside a repetition that can split the same text in many ways"
            if hi > 1 and _ambiguous_branch(body):
                return "a repeated alternation whose alternatives can match the same text"
            found = _problem(body)
            if found:
                return found
        elif op == sre_constants.SUBPATTERN:
            found = _problem(list(av[-1]))
            if found:
                return found
        elif op == sre_constants.BRANCH:
            for alt in av[1]:
                found = _problem(list(alt))
                if found:
                    return found
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found = _problem(list(av[1]))
            if found:
                return found
        elif op in (sre_constants.GROUPREF, getattr(sre_constants, "GROUPREF_EXISTS", None)):
            return "a backreference"
    if _overlapping_run(items) >= 3:
        return "three unbounded repetitions over the same characters in a row"
    return None


def _children(op: Any, av: Any) -> list[list]:
    if op in _REPEATS:
        return [list(av[2])]
    if op == sre_constants.SUBPATTERN:
        return [list(av[-1])]
    if op == sre_constants.BRANCH:
        return [list(alt) for alt in av[1]]
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [list(av[1])]
    if op == getattr(sre_constants, "GROUPREF_EXISTS", None):
        return [list(x) for x in av[1:] if x is not None]
    if op == getattr(sre_constants, "ATOMIC_GROUP", None):
        return [list(av)]
    return []


def _splits_many_ways(seq: list, after: frozenset[str]) -> bool:
    """Whether a repetition inside ``seq`` (the body of a repetition, ``after`` what can
    follow it: the next round) can give up characters that what follows it can take: then
    the rounds can share a text out in exponentially many ways ('(a+)+', '(\\w+\\s?)*',
    '(.*a){20}'); '(\\w+ )+' is safe, a round must end at its space."""
    for i, (op, av) in enumerate(seq):
        rest = seq[i + 1:]
        follow = _first_set(rest) | (after if _first(rest) is None else frozenset())
        if op in _REPEATS and av[1] > av[0]:          # a repetition of variable length
            if _all_chars(list(av[2])) & follow:
                return True
        elif op == sre_constants.SUBPATTERN:
            if _splits_many_ways(list(av[-1]), follow):
                return True
        elif op == sre_constants.BRANCH:
            if any(_first(list(alt)) is None for alt in av[1]) and _all_chars([(op, av)]) & follow:
                return True                          # '(a|aa)' is read 'a(|a)': an optional part
            if any(_splits_many_ways(list(alt), follow) for alt in av[1]):
                return True
    return False


def _first_set(items: list) -> frozenset[str]:
    """The characters a match of ``items`` can start with (also when it can be empty)."""
    out: set[str] = set()
    for op, av in items:
        one = _first([(op, av)])
        if one is not None:
            return frozenset(out | one)
        for child in _children(op, av):
            out |= _first_set(child)
    return frozenset(out)


def _all_chars(items: list) -> frozenset[str]:
    """Every character a match of ``items`` can hold."""
    out: set[str] = set()
    for op, av in items:
        chars = _chars(op, av)
        if chars is not None:
            out |= chars
        elif op not in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            children = _children(op, av)
            if not children:
                return _ANY_ALL
            for child in children:
                out |= _all_chars(child)
    return frozenset(out)


def _ambiguous_branch(items: list) -> bool:
    """An alternation (at the top of a repeated body) two of whose alternatives can start
    with the same character, or one of which can match nothing."""
    for op, av in items:
        if op == sre_constants.SUBPATTERN:
            return _ambiguous_branch(list(av[-1]))
        if op == sre_constants.BRANCH:
            firsts = [_first(list(alt)) for alt in av[1]]
            if any(f is None for f in firsts):
                return True
            sets = [f for f in firsts if f is not None]
            return any(a & b for i, a in enumerate(sets) for b in sets[i + 1:])
        if op == sre_constants.IN and len(items) == 1:
            return False
        if not _can_be_empty([(op, av)]):
            return False
    return False


def _first(items: list) -> frozenset[str] | None:
    """The probe characters a match of ``items`` can start with; None when it can be empty."""
    out: set[str] = set()
    for op, av in items:
        chars = _chars(op, av)
        if chars is not None:
            out |= chars
            return frozenset(out)
        if op in _REPEATS:
            sub = _first(list(av[2]))
            out |= sub or frozenset()
            if av[0] > 0 and sub is not None:
                return frozenset(out)
            continue
        if op == sre_constants.SUBPATTERN:
            sub = _first(list(av[-1]))
            if sub is not None:
                return frozenset(out | sub)
            continue
        if op == sre_constants.BRANCH:
            subs = [_first(list(alt)) for alt in av[1]]
            for s in subs:
                out |= s or frozenset()
            if all(s is not None for s in subs):
                return frozenset(out)
            continue
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue                    # zero-width
        return _ANY_ALL                 # anything else: assume the worst
    return None


def _chars(op: Any, av: Any) -> frozenset[str] | None:
    """The probe characters one single-character item matches, or None if it is not one."""
    if op == sre_constants.LITERAL:
        return frozenset({chr(av)})
    if op == sre_constants.NOT_LITERAL:
        return frozenset(c for c in _PROBE if c != chr(av))
    if op == sre_constants.ANY:
        return _ANY_ALL
    if op in (sre_constants.IN, getattr(sre_constants, "IN_IGNORE", None)):
        try:
            one = re.compile(_unparse_set(av))
        except re.error:
            return _ANY_ALL
        return frozenset(c for c in _PROBE if one.fullmatch(c))
    return None


_CATEGORY = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _unparse_set(av: list) -> str:
    negate = ""
    parts = []
    for op, arg in av:
        if op == sre_constants.NEGATE:
            negate = "^"
        elif op == sre_constants.LITERAL:
            parts.append(re.escape(chr(arg)))
        elif op == sre_constants.RANGE:
            parts.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif op == sre_constants.CATEGORY:
            parts.append(_CATEGORY.get(str(arg), r"\w"))
        else:
            parts.append(r"\w\W")
    return f"[{negate}{''.join(parts)}]" if parts else "(?!)"


def _can_be_empty(items: list) -> bool:
    return _first(items) is None


def _overlapping_run(items: list) -> int:
    """The longest chain of unbounded repetitions in this sequence over overlapping
    characters with nothing that must match, and that they cannot match, between them."""
    best = 0
    active: list[frozenset[str]] = []            # the sets of the chain's repetitions so far
    for op, av in items:
        if op in _REPEATS and av[1] > UNBOUNDED:
            chars = _first_set(list(av[2]))
            if active and all(chars & a for a in active):
                active.append(chars)
            elif active and chars & active[-1]:
                active = [active[-1], chars]
            else:
                active = [chars]
            best = max(best, len(active))
            continue
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        must = _first([(op, av)])
        if must is None:                          # optional: it stops no repetition
            continue
        active = [a for a in active if must <= a]    # a character the repeats also match keeps them going
    return best


# the rules files' keys that hold regular expressions: file -> sections with a 'patterns' list
PATTERN_SECTIONS = {"anonymity": ("reasons", "knowledge")}


def check_rules_patterns(data: dict, source: str, shipped: dict | None = None) -> None:
    """Refuse, with one line, a rules folder whose regular expressions could hang a run.
    The patterns of ``shipped`` (the package's own rules data) are not judged again: a test
    holds them to the same checks."""
    for file, sections in PATTERN_SECTIONS.items():
        for section in sections:
            patterns = _section(data, file, section)
            if not isinstance(patterns, list):
                raise RulesError(f"{source}: {file}.toml [{section}] patterns must be a list of strings")
            known = _section(shipped or {}, file, section)
            known = set(known) if isinstance(known, list) else set()
            check_patterns([p for p in patterns if not (isinstance(p, str) and p in known)],
                           f"{source}: {file}.toml [{section}]")


def _section(data: dict, file: str, section: str) -> Any:
    part = data.get(file, {})
    part = part.get(section, {}) if isinstance(part, dict) else {}
    return part.get("patterns", ()) if isinstance(part, dict) else ()
