"""Sentence boundaries the tokenizer got wrong, rejoined before tagging and parsing.

Stanza's tokenizer splits sentences by a learned model; on news copy it sometimes ends a
sentence inside a name ("Peter" | "Thiel, the billionaire, said ...") or after a title
abbreviation ("Vermont Sen." | "Bernie Sanders ..."). A speaker split from its cue is a
speaker lost, so the parse stage rejoins a sentence to the next one of the same paragraph
chunk when it does not end like a sentence. What "like a sentence" means is data
(rules/sentences.toml); this module only applies it.
"""
from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from importlib import resources

import attrs


@attrs.frozen
class Boundaries:
    terminal: tuple[str, ...]
    abbreviations: frozenset[str]
    digest: str

    def ends_sentence(self, last: str) -> bool:
        """Whether a sentence whose last token is ``last`` really ends there."""
        if last in self.abbreviations:
            return False
        return last.endswith(self.terminal)


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    raw = (resources.files("attribution.rules") / "sentences.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8")).get("boundaries", {})
    return Boundaries(tuple(data.get("terminal", ())), frozenset(data.get("abbreviations", ())),
                      hashlib.sha256(raw).hexdigest()[:8])


def rejoin(sentences: list[list[dict]], rules: Boundaries | None = None) -> list[list[dict]]:
    """Stanza's ``Document.to_dict()`` sentences, with each sentence that does not end like
    one joined to the next (word ids renumbered; character offsets are kept)."""
    rules = rules or boundaries()
    out: list[list[dict]] = []
    for sent in sentences:
        if out and sent and not rules.ends_sentence(out[-1][-1]["text"]):
            prev = out[-1]
            base = max(_last_id(t["id"]) for t in prev)
            prev.extend(dict(t, id=_shift(t["id"], base)) for t in sent)
            continue
        out.append([dict(t) for t in sent])
    return out


def _last_id(ident) -> int:
    return ident if isinstance(ident, int) else ident[-1]


def _shift(ident, base: int):
    return ident + base if isinstance(ident, int) else tuple(i + base for i in ident)
