"""``attribution models evaluate``: the parser's accuracy on a UD CoNLL-U file, from raw text
and from gold tokens (tokens F1, UPOS, UAS, LAS by the CoNLL 2018 scorer Stanza ships)."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from .pipeline import StanzaEngine, load_engine, load_pipeline


def read_gold(path: str) -> tuple[str, list[list[str]]]:
    """Raw text (paragraphs from # newpar/# newdoc) and the gold words of each sentence.

    The pretokenized path gets syntactic words ("do", "n't"), not surface tokens ("don't"):
    Stanza does not expand multi-word tokens it is handed, so surface tokens would leave
    every contraction misaligned and understate UPOS and LAS."""
    paragraphs: list[str] = []
    current: list[str] = []
    words: list[list[str]] = []
    sent_words: list[str] = []
    try:
        gold_text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a CoNLL-U file", path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text, not a CoNLL-U file", path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path) from None
    for line in gold_text.splitlines():
        if line.startswith(("# newdoc", "# newpar")) and current:
            paragraphs.append(" ".join(current))
            current = []
        elif line.startswith("# text = "):
            current.append(line[len("# text = "):])
        elif not line.strip():
            if sent_words:
                words.append(sent_words)
                sent_words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                sent_words.append(cols[1])
    if current:
        paragraphs.append(" ".join(current))
    if sent_words:
        words.append(sent_words)
    if not words or not paragraphs:
        raise InputError("holds no CoNLL-U sentences with '# text =' lines", path)
    return "\n\n".join(paragraphs), words


def score(gold: str, doc: Any) -> dict:
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL
    with tempfile.TemporaryDirectory() as tmp:
        system = Path(tmp) / "system.conllu"
        CoNLL.write_doc2conll(doc, str(system))
        try:
            s = ud_scores(gold, str(system))
        except Exception as exc:  # the CoNLL 2018 scorer's UDError and the like: an odd gold file
            raise InputError(f"the CoNLL-U scorer refused it ({exc})", gold) from None
    return {k: round(100 * s[k].f1, 2) for k in ("Tokens", "Sentences", "UPOS", "UAS", "LAS")}


def restore_unknown(doc: Any, text: str) -> Any:
    """Stanza writes '<UNK>' for a token it cannot represent (a long URL); the scorer needs
    the characters, which the token's offsets still give."""
    for sent in doc.sentences:
        for token in sent.tokens:
            if token.text == "<UNK>" and token.start_char is not None:
                original = text[token.start_char:token.end_char]
                token.text = original
                if len(token.words) == 1:
                    token.words[0].text = original
    return doc


def evaluate(path: str, spec: str | None = None) -> dict:
    """Scores of the engine the auditor parses with (``parse.pipeline.load_engine``)."""
    text, words = read_gold(path)
    engine = load_engine(spec)
    if isinstance(engine, StanzaEngine):
        raw_doc = load_pipeline(spec)(text)
        pretok_doc = load_pipeline(spec, pretokenized=True)(words)
    else:
        from stanza import Document     # only to write CoNLL-U for the scorer
        raw_doc = Document(engine.parse([text])[0], text=text)
        given = [[[{"id": i + 1, "text": w} for i, w in enumerate(sent)] for sent in words]]
        pretok_doc = Document(engine.annotate(given)[0])
    raw = score(path, restore_unknown(raw_doc, text))
    pretok = score(path, pretok_doc)
    return {"raw_text": raw, "gold_tokens": pretok}


def evaluate_conllu(path: str, spec: str | None = None) -> str:
    from tabulate import tabulate
    res = evaluate(path, spec)
    rows = [[mode] + [res[mode][k] for k in ("Tokens", "Sentences", "UPOS", "UAS", "LAS")]
            for mode in ("raw_text", "gold_tokens")]
    return tabulate(rows, headers=["input", "tokens F1", "sentences F1", "UPOS", "UAS", "LAS"])
