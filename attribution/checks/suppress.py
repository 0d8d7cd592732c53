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

import re
from collections.abc import Iterable

import attrs

from ..model import Article, DirectiveNotice, Finding

COMMENT = re.compile(r"<!--\s*attribution\s*:(.*?)-->", re.S | re.I)
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


def comments_in(source: str) -> tuple[tuple[int, int, int, int, str], ...]:
    """``(line, column, end line, next line with text, body)`` of every ``attribution:``
    comment of a source text (the read stage keeps these for HTML, whose comments the
    extracted text no longer holds)."""
    out = []
    for m in COMMENT.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        column = m.start() - (source.rfind("\n", 0, m.start()) + 1) + 1
        end_line = line + source.count("\n", m.start(), m.end())
        out.append((line, column, end_line, _next_text_line(source, m.end(), end_line), m.group(1)))
    return tuple(out)


def _next_text_line(source: str, pos: int, line: int) -> int:
    """The first line after ``line`` (the one ``pos`` is on) that holds text other than a comment."""
    rest = source.find("\n", pos)
    while rest != -1:
        line += 1
        end = source.find("\n", rest + 1)
        text = source[rest + 1: end if end != -1 else len(source)]
        if COMMENT.sub("", text).strip():
            return line
        rest = end
    return line + 1


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
    kept: list[Finding] = []
    hidden: list[Finding] = []
    for f in findings:
        by = _suppressor(f, found, article_scope)
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


def _suppressor(f: Finding, found: list[Directive], article_scope: set[str]) -> Directive | None:
    """The comment that hides ``f``, if any."""
    if f.code in article_scope:
        return next((d for d in found if d.action == "disable" and f.code in d.codes), None)
    where = (f.line, f.column)
    active: Directive | None = None
    for d in found:                                  # in source order
        if f.code not in d.codes:
            continue
        if d.action == "disable-next-line":
            if d.target_line == f.line:
                return d
        elif (d.line, d.column) <= where:
            active = d if d.action == "disable" else None
    return active
