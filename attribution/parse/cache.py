"""The parse cache: parses stored as CoNLL-U, keyed by the clean text and the model identity.

The cache marks its folder with a ``CACHEDIR.TAG`` file (the Cache Directory Tagging
Specification, as pytest's and ruff's caches do), and ``cache clear`` removes only the
entries of a marked folder, named as the cache names them (``ab/ab....conllu``): pointed
at a folder of the user's (``--cache-dir data``), it removes nothing of theirs.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from ..errors import UsageError
from ..files import atomic_write
from ..model import Article, Parse
from .conllu import from_conllu, to_conllu


TAG_NAME = "CACHEDIR.TAG"
TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
TAG = (f"{TAG_SIGNATURE}\n# This folder is a parse cache of the attribution auditor; "
       "'attribution cache clear' empties it.\n")
ENTRY = re.compile(r"^[0-9a-f]{64}\.conllu$")


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
        self.mark()
        p = self.path(self.key(article, parse.model_id))
        atomic_write(p, to_conllu(parse))

    def mark(self) -> None:
        """Tag the folder as a cache (once)."""
        tag = self.folder / TAG_NAME
        if not tag.is_file():
            atomic_write(tag, TAG)

    def is_marked(self) -> bool:
        try:
            with open(self.folder / TAG_NAME, encoding="utf-8", errors="replace") as fh:
                return fh.read(len(TAG_SIGNATURE)) == TAG_SIGNATURE
        except OSError:
            return False

    def entries(self) -> list[Path]:
        """The cache's own entry files: ``<2 hex>/<64 hex>.conllu``, regular files, no links."""
        out: list[Path] = []
        try:
            subfolders = sorted(os.scandir(self.folder), key=lambda e: e.name)
        except OSError:
            return []
        for sub in subfolders:
            if len(sub.name) != 2 or not sub.is_dir(follow_symlinks=False):
                continue
            try:
                files = list(os.scandir(sub.path))
            except OSError:
                continue
            out.extend(Path(f.path) for f in files
                       if ENTRY.match(f.name) and f.name.startswith(sub.name) and f.is_file(follow_symlinks=False))
        return out

    def clear(self) -> int:
        """Remove the cache's entries; refuse a folder that is not a marked cache."""
        if not self.folder.exists():
            return 0
        if not self.is_marked():
            raise UsageError(f"{self.folder} is not a parse cache (it has no {TAG_NAME}); nothing removed")
        n = 0
        for f in self.entries():
            f.unlink()
            n += 1
            try:
                f.parent.rmdir()        # only once empty
            except OSError:
                pass
        return n
