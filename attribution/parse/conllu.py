"""CoNLL-U out (``attribution parse --format conllu``, the cache) and back in."""
from __future__ import annotations

from ..model import Parse, Sentence, Word


def to_conllu(parse: Parse, text: str | None = None) -> str:
    """The parse as CoNLL-U. With the article's ``text`` (its offsets' text) it is a valid
    UD file that ``attribution models evaluate`` reads back: ``# newdoc``, ``# newpar`` at
    each paragraph, ``# sent_id`` and ``# text`` on every sentence, and the surface token
    of each multi-word token (``don't`` over ``do`` + ``n't``) as a range line."""
    lines = [f"# model = {parse.model_id}"]
    if text is not None:
        lines.append("# newdoc")
    previous = None
    for number, s in enumerate(parse.sentences, start=1):
        if text is not None:
            if s.paragraph != previous:
                lines.append("# newpar")
            lines.append(f"# sent_id = {number}")
            lines.append(f"# text = {' '.join(text[s.start:s.end].split())}")
        previous = s.paragraph
        lines.append(f"# paragraph = {s.paragraph}")
        words = s.words
        for i, w in enumerate(words):
            if text is not None and (i == 0 or (words[i - 1].start, words[i - 1].end) != (w.start, w.end)):
                last = i
                while last + 1 < len(words) and (words[last + 1].start, words[last + 1].end) == (w.start, w.end):
                    last += 1
                if last > i:            # several words of one token: the token's range line first
                    lines.append("\t".join([f"{w.index}-{words[last].index}", _form(text[w.start:w.end])]
                                           + ["_"] * 7 + [f"start_char={w.start}|end_char={w.end}"]))
            misc = f"start_char={w.start}|end_char={w.end}"
            lines.append("\t".join([str(w.index), _form(w.text), w.lemma, w.upos, w.xpos, w.feats,
                                    str(w.head), w.deprel, "_", misc]))
        lines.append("")
    return "\n".join(lines) + "\n"


def _form(text: str) -> str:
    """A FORM column: no tab or newline (they would break the line), never empty."""
    return " ".join(text.split()) or "_"


def _misc_int(misc: str, key: str) -> int:
    """The integer value of ``key`` in a CoNLL-U MISC column (a hot path of cached re-audits)."""
    i = misc.find(key)
    if i < 0:
        return 0
    i += len(key)
    j = misc.find("|", i)
    return int(misc[i:] if j < 0 else misc[i:j])


def from_conllu(text: str) -> Parse:
    model_id, paragraph = "unknown", 0
    sentences: list[Sentence] = []
    words: list[Word] = []
    for line in text.splitlines() + [""]:
        if line.startswith("# model = "):
            model_id = line.split("=", 1)[1].strip()
        elif line.startswith("# paragraph = "):
            paragraph = int(line.split("=", 1)[1])
        elif not line.strip():
            if words:
                sentences.append(Sentence(tuple(words), words[0].start, words[-1].end, paragraph))
                words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(Word(int(cols[0]), cols[1], cols[2], cols[3], cols[4], cols[5], int(cols[6]),
                              cols[7], _misc_int(cols[9], "start_char="), _misc_int(cols[9], "end_char=")))
    return Parse(tuple(sentences), model_id)
