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
CHECKSUM_LINE = "# attribution-cache sha256 = "


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _verified_body(raw: str, key: str) -> str | None:
    """The CoNLL-U of an entry whose first line holds the checksum of the rest and the key
    of the text it parses; None when they do not match (an entry cut short, edited, or
    written for another text). Entries of older versions carry no checksum line: their
    offsets are still checked."""
    if not raw.startswith(CHECKSUM_LINE):
        return raw if raw.startswith("# model = ") else None
    first, _, body = raw.partition("\n")
    recorded, _, recorded_key = first[len(CHECKSUM_LINE):].partition(" ")
    if recorded != _digest(body) or recorded_key != key:
        return None
    return body


def _offsets_fit(parse: Parse, article: Article) -> bool:
    """Every word inside the text, in order, every sentence in one of its paragraphs."""
    n, paragraphs = len(article.text), len(article.paragraphs)
    last = 0
    for s in parse.sentences:
        if not 0 <= s.paragraph < paragraphs or not s.words:
            return False
        for w in s.words:
            if not 0 <= w.start <= w.end <= n or w.start < last:
                return False
            last = w.start
    return True


class ParseCache:
    """Parses stored as CoNLL-U, keyed by the hash of the clean text and the model identity."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.damaged: list[Path] = []           # entries found damaged (and so parsed again)

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
        """The stored parse, or None: missing, of another model, or damaged. A damaged entry
        (its checksum, its key or its offsets do not match) is noted in ``self.damaged``;
        the caller parses again and the new entry replaces it."""
        key = self.key(article, model_id)
        p = self.path(key)
        try:
            raw = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            self.damaged.append(p)
            return None
        body = _verified_body(raw, key)
        if body is None:
            self.damaged.append(p)
            return None
        try:
            parse = from_conllu(body)
        except (ValueError, IndexError):
            self.damaged.append(p)
            return None
        if parse.model_id != model_id:
            return None
        if not parse.sentences or not _offsets_fit(parse, article):
            self.damaged.append(p)
            return None
        return parse

    def put(self, article: Article, parse: Parse) -> None:
        self.mark()
        key = self.key(article, parse.model_id)
        body = to_conllu(parse)
        atomic_write(self.path(key), f"{CHECKSUM_LINE}{_digest(body)} {key}\n{body}")

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
