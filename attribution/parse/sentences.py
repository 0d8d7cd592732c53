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
    never_split: frozenset[str] = frozenset()

    def ends_sentence(self, last: str) -> bool:
        """Whether a sentence whose last token is ``last`` really ends there."""
        if last in self.abbreviations:
            return False
        return last.endswith(self.terminal)


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    raw = (resources.files("attribution.rules") / "sentences.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8")).get("boundaries", {})
    words = tomllib.loads(raw.decode("utf-8")).get("tokens", {})
    return Boundaries(tuple(data.get("terminal", ())), frozenset(data.get("abbreviations", ())),
                      hashlib.sha256(raw).hexdigest()[:8],
                      frozenset(w.lower() for w in words.get("never_split", ())))


def unsplit(sentence: list[dict], rules: Boundaries | None = None) -> list[dict]:
    """A sentence's tokens with the multi-word tokens the model must not split kept whole
    ("Its" is a possessive, not "It" + "s"), word ids renumbered."""
    rules = rules or boundaries()
    out: list[dict] = []
    skip_to = 0
    for t in sentence:
        ident = t["id"]
        if isinstance(ident, tuple) and t["text"].lower() in rules.never_split:
            out.append({k: v for k, v in t.items() if k != "id"} | {"id": ident[0]})
            skip_to = ident[-1]
            continue
        if isinstance(ident, int) and ident <= skip_to:
            continue
        out.append(dict(t))
    mapping: dict[int, int] = {}
    n = 0
    for t in out:
        if isinstance(t["id"], int):
            n += 1
            mapping[t["id"]] = n
    for t in out:
        t["id"] = mapping[t["id"]] if isinstance(t["id"], int) else tuple(mapping.get(i, i) for i in t["id"])
    for k, t in enumerate(out):         # a tuple's ids follow its words
        if isinstance(t["id"], tuple):
            words = [x["id"] for x in out[k + 1:k + 1 + len(t["id"])] if isinstance(x["id"], int)]
            if words:
                t["id"] = (words[0], words[-1])
    return out


def rejoin(sentences: list[list[dict]], rules: Boundaries | None = None) -> list[list[dict]]:
    """Stanza's ``Document.to_dict()`` sentences, with each sentence that does not end like
    one joined to the next (word ids renumbered; character offsets are kept)."""
    rules = rules or boundaries()
    out: list[list[dict]] = []
    for sent in (unsplit(s, rules) for s in sentences):
        if out and sent and not rules.ends_sentence(out[-1][-1]["text"]):
            prev = out[-1]
            base = max(_last_id(t["id"]) for t in prev)
            prev.extend(dict(t, id=_shift(t["id"], base)) for t in sent)
            continue
        out.append([dict(t) for t in sent])
    return out


def _last_id(ident: int | tuple[int, ...]) -> int:
    return ident if isinstance(ident, int) else ident[-1]


def _shift(ident: int | tuple[int, ...], base: int) -> int | tuple[int, ...]:
    return ident + base if isinstance(ident, int) else tuple(i + base for i in ident)
