"""Why an anonymous source is anonymous, and what it knows, read from the source's own
words: its mention (the appositive, "speaking on condition of anonymity because ...",
"who ... because ...") and the rest of its sentence outside the content, never from the
content itself ("The talks are close to collapse, an official said." gives no reason).
"""
from __future__ import annotations

from ..model import Attribution, Parse
from .lexicon import Lexicon, fold


def reason_for(parse: Parse, text: str, a: Attribution, lex: Lexicon) -> str | None:
    """The first reason or knowledge pattern (rules/anonymity.toml) in the source's mention
    or in the sentences of the attribution outside its content spans."""
    pieces = [a.speaker.mention or ""]
    near = set(parse.sentences_at(a.start, slack=1))
    if a.speaker.mention_span is not None:
        near.update(parse.sentences_at(a.speaker.mention_span.start, slack=1))
    for s in (parse.sentences[k] for k in sorted(near)):
        cut = s.start
        for span in sorted(a.content_spans, key=lambda sp: sp.start):
            if span.end <= s.start or span.start >= s.end:
                continue
            pieces.append(text[cut:max(cut, span.start)])
            cut = max(cut, span.end)
        pieces.append(text[cut:s.end])
    low = fold(" ".join(pieces)).lower()
    for pattern in lex.reasons + lex.knowledge:
        found = pattern.search(low)
        if found:
            return found.group(0)
    return None
