# ruff: noqa: N999 -- a check module is named by its code, like the rule modules
"""AC005 not-english: the text does not look like English (the read stage's ``not_english``
notice); the rules are written for English.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import ArticleResult
from .base import Hit

CODE = "AC005"
SCOPE = "article"           # about the whole story, not one place in it


def check(result: ArticleResult, settings: object) -> Iterator[Hit]:
    for notice in result.article.warnings:
        if notice.kind == "not_english":
            yield Hit(0, notice.message)
