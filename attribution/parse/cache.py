"""The parse cache: parses stored as CoNLL-U, keyed by the clean text and the model identity."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..files import atomic_write
from ..model import Article, Parse
from .conllu import from_conllu, to_conllu


class ParseCache:
    """Parses stored as CoNLL-U, keyed by the hash of the clean text and the model identity."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def key(self, article: Article, model_id: str) -> str:
        h = hashlib.sha256()
        h.update(model_id.encode())
        h.update(b"\0")
        h.update(json.dumps([[p.start, p.end] for p in article.paragraphs]).encode())
        h.update(article.clean.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.conllu"

    def get(self, article: Article, model_id: str) -> Parse | None:
        p = self.path(self.key(article, model_id))
        try:
            parse = from_conllu(p.read_text(encoding="utf-8"))
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            return None                       # missing or corrupt: parse again
        if parse.model_id != model_id or not parse.sentences:
            return None
        return parse

    def put(self, article: Article, parse: Parse) -> None:
        p = self.path(self.key(article, parse.model_id))
        atomic_write(p, to_conllu(parse))

    def clear(self) -> int:
        n = 0
        if self.folder.exists():
            for f in self.folder.rglob("*.conllu"):
                f.unlink()
                n += 1
        return n
