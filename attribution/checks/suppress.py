"""Suppression comments in a story's source: which findings they hide, and the comments that
name an unknown code or hide nothing.

    <!-- attribution: disable-next-line=AC001 -->   the next line that holds text
    <!-- attribution: disable=AC001,AC003 -->       from here on ...
    <!-- attribution: enable=AC001 -->              ... to here (or to the end of the story)

Codes are case-insensitive. A finding about the whole story (a check whose module sets
``SCOPE = "article"``: AC002, AC005) is hidden by a ``disable`` of its code anywhere in the
story. A rule code (AT...) in a ``disable`` switches that rule off for the whole story (the
read stage's ``Article.suppressed``). Positions are the source file's (for HTML the page's
lines, see :class:`~attribution.model.SourceMap`), as are the findings', so both compare.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

import attrs

from ..model import Article, DirectiveNotice, Finding
from ..read.directives import comments_in

_ACTION = re.compile(r"^\s*([A-Za-z-]+)\s*=\s*([A-Za-z0-9_,\s]*?)\s*$")
ACTIONS = ("disable-next-line", "disable", "enable")


@attrs.frozen
class Directive:
    action: str                 # disable-next-line | disable | enable
    codes: tuple[str, ...]      # upper case
    line: int                   # where the comment starts
    column: int
    end_line: int               # where it ends
    target_line: int = 0        # disable-next-line: the next line holding text


def directives(article: Article) -> tuple[list[Directive], list[DirectiveNotice]]:
    """The suppression comments of an article and notices for the ones that cannot be read."""
    raw = article.source_map.directives if article.source_map is not None else comments_in(article.text)
    out: list[Directive] = []
    notices: list[DirectiveNotice] = []
    for line, column, end_line, target, text in raw:
        m = _ACTION.match(text)
        action = m.group(1).lower() if m else ""
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", m.group(2)) if c) if m else ()
        if action not in ACTIONS or not codes:
            notices.append(DirectiveNotice(article.path, line, column,
                                           f"suppression comment not understood: '{' '.join(text.split())[:80]}' "
                                           f"(write {' or '.join(a + '=CODE' for a in ACTIONS)})"))
            continue
        out.append(Directive(action, codes, line, column, end_line, target))
    return out, notices


def apply(article: Article, findings: Iterable[Finding], known: set[str], article_scope: set[str],
          rule_codes: set[str]) -> tuple[list[Finding], list[Finding], list[DirectiveNotice]]:
    """(kept findings, suppressed findings, notices): ``known`` are the codes a comment may
    name, ``article_scope`` the check codes whose findings are about the whole story,
    ``rule_codes`` the AT codes (whole-story rule switches, never "unused")."""
    found, notices = directives(article)
    used: set[tuple[int, str]] = set()
    for d in found:
        for code in d.codes:
            if code not in known:
                notices.append(DirectiveNotice(article.path, d.line, d.column,
                                               f"unknown code '{code}' in a suppression comment "
                                               "('attribution explain' lists the codes)"))
                used.add((id(d), code))
    index = _Index(found)
    kept: list[Finding] = []
    hidden: list[Finding] = []
    for f in findings:
        by = index.suppressor(f, f.code in article_scope)
        if by is None:
            kept.append(f)
        else:
            used.add((id(by), f.code))
            hidden.append(attrs.evolve(f, suppressed_by=by.line))
    for d in found:
        if d.action == "enable":
            continue
        for code in d.codes:
            if (id(d), code) not in used and code not in rule_codes:
                notices.append(DirectiveNotice(article.path, d.line, d.column,
                                               f"unused suppression: no {code} finding "
                                               f"{'on the next line' if d.action == 'disable-next-line' else 'after it'}"))
    return kept, hidden, sorted(notices, key=lambda n: (n.line, n.column))


class _Index:
    """The comments by code, for finding each finding's suppressor by binary search
    (untrusted stories: many comments and many findings must not meet quadratically)."""

    def __init__(self, found: list[Directive]):
        self.next_line: dict[tuple[str, int], Directive] = {}
        self.switches: dict[str, list[tuple[tuple[int, int], Directive]]] = {}   # in source order
        self.first_disable: dict[str, Directive] = {}
        for d in found:
            for code in d.codes:
                if d.action == "disable-next-line":
                    self.next_line.setdefault((code, d.target_line), d)
                else:
                    self.switches.setdefault(code, []).append(((d.line, d.column), d))
                    if d.action == "disable":
                        self.first_disable.setdefault(code, d)

    def suppressor(self, f: Finding, story_wide: bool) -> Directive | None:
        """The comment that hides ``f``: for a finding about the whole story a ``disable``
        anywhere; else a next-line comment aimed at its line, or the last ``disable`` /
        ``enable`` of its code before it, when that is a ``disable``."""
        if story_wide:
            return self.first_disable.get(f.code)
        hit = self.next_line.get((f.code, f.line))
        if hit is not None:
            return hit
        switches = self.switches.get(f.code, [])
        i = bisect.bisect_right(switches, (f.line, f.column), key=lambda s: s[0]) - 1
        if i >= 0 and switches[i][1].action == "disable":
            return switches[i][1]
        return None
