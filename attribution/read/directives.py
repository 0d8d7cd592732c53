"""Suppression comments (``<!-- attribution: ... -->``) found in a story's source, with their
lines: the read stage keeps them for HTML, whose comments the extracted text no longer holds;
:mod:`attribution.checks.suppress` says what they mean."""
from __future__ import annotations

import re

COMMENT = re.compile(r"<!--\s*attribution\s*:(.*?)-->", re.S | re.I)
ANY_COMMENT = re.compile(r"<!--.*?-->", re.S)


def comments_in(source: str) -> tuple[tuple[int, int, int, int, str], ...]:
    """``(line, column, end line, next line with text, body)`` of every ``attribution:``
    comment of a source text, in linear time (stories are untrusted: a story of many
    comments must not take quadratic time)."""
    found = list(COMMENT.finditer(source))
    if not found:
        return ()
    lines = ANY_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source).split("\n")
    after = [len(lines) + 1] * (len(lines) + 1)     # after[k]: the first line after line k with text
    next_text = len(lines) + 1
    for k in range(len(lines), 0, -1):
        after[k] = next_text
        if lines[k - 1].strip():
            next_text = k
    after[0] = next_text
    out = []
    line, counted = 1, 0
    for m in found:
        line += source.count("\n", counted, m.start())
        counted = m.start()
        column = m.start() - (source.rfind("\n", 0, m.start()) + 1) + 1
        end_line = line + source.count("\n", m.start(), m.end())
        out.append((line, column, end_line, after[min(end_line, len(lines))], m.group(1)))
    return tuple(out)
