"""Stanza's dictionary lemmatizer, without torch.

After stanza/pipeline/lemma_processor.py and stanza/models/lemma/trainer.py (Apache-2.0),
for the models this project trains (``dict_only``): the lemma of a word is the one the
training data gave it with its UPOS, else the one it had most often with any UPOS, else
the word itself; an empty lemma is written ``_``. The lemmatizer reads nothing else of the
sentence (no XPOS, no features, no neighbours). A seq2seq lemmatizer or a contextual one
is refused at load time."""
from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...errors import ModelError, UnsupportedModelError
from . import checkpoint

# trainer.py: the key of the lemmas found with any UPOS, and the dictionary format it reads
_ANY_POS = "*"
_DICTS_JSON = 3


def _refuse(key: str, value: Any) -> ModelError:
    return UnsupportedModelError(f"the NumPy lemmatizer does not support {key}={value!r}")


class Lemmatizer:
    """A lemma model file's dictionary: ``{upos: {word: lemma}}`` plus ``"*"`` for any UPOS."""

    def __init__(self, by_pos: Mapping[str, Mapping[str, str]], caseless: bool = False) -> None:
        self.by_pos = by_pos
        self.any_pos = by_pos.get(_ANY_POS, {})
        self.caseless = caseless

    @classmethod
    def load(cls, path: str | Path) -> Lemmatizer:
        data = checkpoint.load(path)
        try:
            config = data["config"]
            version = data.get("dicts_version", 1)
            packed = data["dicts"]
        except (KeyError, TypeError, AttributeError):
            raise ModelError(f"{path} is not a Stanza lemmatizer model file") from None
        if not config.get("dict_only", False):
            raise _refuse("dict_only", config.get("dict_only"))
        if data.get("contextual"):
            raise _refuse("contextual", f"{len(data['contextual'])} classifiers")
        if version != _DICTS_JSON:
            raise _refuse("dicts_version", version)
        try:
            by_pos = json.loads(gzip.decompress(packed))
        except (OSError, ValueError, TypeError) as exc:
            raise ModelError(f"{path}: cannot read the lemma dictionary: {exc}") from exc
        return cls(by_pos, bool(config.get("caseless", False)))

    def lemma(self, word: str, upos: str | None) -> str:
        if self.caseless:
            word = word.lower()
        lemma = None
        entries = self.by_pos.get(upos) if upos is not None else None
        if entries is not None:
            lemma = entries.get(word)
        if lemma is None:
            lemma = self.any_pos.get(word)
        if lemma is None:
            lemma = word
        return lemma if lemma else "_"

    def lemmatize(self, words: list[tuple[str, str]]) -> list[str]:
        """The lemma of each (text, upos), as LemmaProcessor writes it."""
        return [self.lemma(w, p) for w, p in words]
