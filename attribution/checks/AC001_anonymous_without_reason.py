# ruff: noqa: N999 -- a check module is named by its code, like the rule modules
"""AC001 anonymous-without-reason: an anonymous source with no reason given for anonymity
and no description of what they know.

Flagged: ``"It is over," an official said.``
Not flagged: ``"It is over," said an official who spoke on condition of anonymity because
he was not authorised to speak to the press.``

One finding per source (its first attribution), not per attribution.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import ANONYMOUS, ArticleResult
from .base import Hit

CODE = "AC001"


def check(result: ArticleResult, settings: object) -> Iterator[Hit]:
    flagged: set[str | None] = set()
    for a in result.attributions:
        sp = a.speaker
        if sp.cls in ANONYMOUS and not sp.anonymity_reason and sp.source_id not in flagged:
            flagged.add(sp.source_id)
            like = f" (like '{sp.resolved}')" if sp.resolved and sp.mention and sp.resolved != sp.mention else ""
            yield Hit(a.start, f"anonymous source '{sp.mention or sp.resolved}'{like} has no reason given "
                               "for anonymity nor a description of what they know")
