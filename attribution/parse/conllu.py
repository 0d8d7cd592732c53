"""CoNLL-U out (``attribution parse --format conllu``, the cache) and back in."""
from __future__ import annotations

from ..model import Parse, Sentence, Word


def to_conllu(parse: Parse) -> str:
    lines = [f"# model = {parse.model_id}"]
    for s in parse.sentences:
        lines.append(f"# paragraph = {s.paragraph}")
        for w in s.words:
            misc = f"start_char={w.start}|end_char={w.end}"
            lines.append("\t".join([str(w.index), w.text, w.lemma, w.upos, w.xpos, w.feats,
                                    str(w.head), w.deprel, "_", misc]))
        lines.append("")
    return "\n".join(lines) + "\n"


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
