# ruff: noqa: N999 -- a check module is named by its code, like the rule modules
"""AC004 unbalanced-quotation-marks: a quotation mark opened and never closed before the
paragraph ends (and the next paragraph does not continue the quotation).

Flagged: ``"We will win, he said.``
Not flagged: ``"We will win," he said.``
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import ArticleResult
from .base import Hit

CODE = "AC004"


def check(result: ArticleResult, settings: object) -> Iterator[Hit]:
    for q in result.quotes:
        if not q.closed:
            yield Hit(q.outer.start, "quotation mark opened here is never closed in its paragraph")
