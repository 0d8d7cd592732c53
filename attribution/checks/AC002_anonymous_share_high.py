# ruff: noqa: N999 -- a check module is named by its code, like the rule modules
"""AC002 anonymous-share-high: the article's anonymous share (anonymous attributions /
attributed ones) is above the threshold (``max_anonymous_share``, default 0.5).

Flagged: three of four attributions are to unnamed officials.
Not flagged: most attributions name their source.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import ArticleResult
from .base import Hit

if TYPE_CHECKING:
    from . import CheckSettings

CODE = "AC002"
SCOPE = "article"           # about the whole story, not one place in it


def check(result: ArticleResult, settings: CheckSettings) -> Iterator[Hit]:
    summary = result.summary
    share = summary.get("anonymous_share", 0.0)
    limit = float(settings.max_anonymous_share)
    if summary.get("attributed") and share > limit:
        yield Hit(0, f"anonymous share {share:.2f} is above the threshold {limit:.2f} "
                     f"({summary['anonymous']} of {summary['attributed']} attributions)")
