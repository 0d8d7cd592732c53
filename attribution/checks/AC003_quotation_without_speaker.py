# ruff: noqa: N999 -- a check module is named by its code, like the rule modules
"""AC003 quotation-without-speaker: a direct quotation that the article credits to nobody.

Flagged: ``'A betrayal of the whole town': Harbridge votes to shut four libraries``
Not flagged: ``"A betrayal," said a campaigner, Ann Lee.``
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import ArticleResult
from .base import Hit

CODE = "AC003"


def check(result: ArticleResult, settings: object) -> Iterator[Hit]:
    for a in result.attributions:
        if a.kind == "direct" and a.speaker.cls == "unattributed":
            yield Hit(a.start, f"direct quotation with no speaker: \u201c{a.content[:60]}\u201d")
