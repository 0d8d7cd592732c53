"""What a check module yields, and the contract every check module keeps."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

import attrs

from ..model import ArticleResult

if TYPE_CHECKING:
    from . import CheckSettings


@attrs.frozen
class Hit:
    """One place a check flags: a character offset into ``Article.text`` and the message."""
    offset: int
    message: str


class CheckModule(Protocol):
    """A check module: ``CODE`` (its file name's code) and ``check``."""
    CODE: str

    def check(self, result: ArticleResult, settings: CheckSettings) -> Iterator[Hit]: ...
