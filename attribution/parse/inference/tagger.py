"""Stanza's POS tagger (UPOS, XPOS, features) on NumPy.

After stanza/models/pos/model.py, data.py and trainer.py (Apache-2.0), for the models
this project trains: word embeddings, pretrained vectors and a character model feeding a
highway BiLSTM, one shared hidden layer (``share_hid``) and a linear classifier per tag
column. Other settings (a character language model, a transformer, per-column hidden
layers) are refused at load time."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import UnsupportedModelError
from . import checkpoint, layers
from .vocab import CompositeVocab, Vocab, load_vocabs

# sentences are run in batches of about this many words, longest first (as Stanza batches)
BATCH_WORDS = 5000


class Pretrained:
    """The word vectors file (``pretrain.pt``): a vocabulary and its matrix."""

    def __init__(self, path: str | Path) -> None:
        data = checkpoint.load(path)
        self.vocab = Vocab(data["vocab"], pretrained=True)
        self.matrix: np.ndarray = np.asarray(data["emb"], dtype=np.float32)

    def ids(self, words: list[str]) -> list[int]:
        # Stanza always looks words up lower-cased in the pretrained vocabulary
        return self.vocab.map(w.lower() for w in words)


def require(config: dict, what: str, checks: dict[str, Any]) -> None:
    """Refuse a model trained with a setting this module does not implement."""
    for key, expected in checks.items():
        value = config.get(key)
        ok = expected(value) if callable(expected) else value == expected
        if not ok:
            raise UnsupportedModelError(f"the NumPy {what} does not support {key}={value!r}")


# Stanza's tagger and parser read a run of question or exclamation marks as one mark
# (stanza/models/common/utils.py simplify_punct), before any vocabulary or character lookup
_QUESTIONS = re.compile("^[?？︖﹖⁇][?？︖﹖⁇!！︕﹗‼]+$")
_EXCLAMATIONS = re.compile("^[!！︕﹗‼][?？︖﹖⁇!！︕﹗‼]+$")


def simplify_punct(words: list[str]) -> list[str]:
    return [_EXCLAMATIONS.sub("!", _QUESTIONS.sub("?", w)) for w in words]


def word_features(words: list[list[str]], char_vocab: Vocab, params: dict, prefix: str) -> tuple[list[int], np.ndarray]:
    """Character-model vectors for every word of ``words``, computed once per spelling:
    (index of each word's spelling, one row per distinct spelling)."""
    index: dict[str, int] = {}
    spelled: list[int] = []
    for sent in words:
        for w in sent:
            spelled.append(index.setdefault(w, len(index)))
    chars = [char_vocab.map(w) for w in index]
    return spelled, layers.char_attention_words(chars, params, prefix)


def length_batches(lengths: list[int], max_words: int = BATCH_WORDS) -> list[list[int]]:
    """Sentence indices, longest first, cut into batches of at most ``max_words`` words
    (a longer sentence is a batch of its own)."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    words = 0
    for i in order:
        if current and words + lengths[i] > max_words:
            batches.append(current)
            current, words = [], 0
        current.append(i)
        words += lengths[i]
    if current:
        batches.append(current)
    return batches


class Tagger:
    def __init__(self, data: dict, pretrained: Pretrained) -> None:
        config = data["config"]
        require(config, "tagger", {
            "share_hid": True, "char": True, "charlm": lambda v: not v, "bert_model": lambda v: not v,
            "pretrain": True, "char_num_layers": 1, "char_lowercase": lambda v: not v,
            "upos_word_regex": lambda v: not v, "extra_tag_columns": lambda v: not v,
        })
        self.params: dict[str, np.ndarray] = {k: np.asarray(v, dtype=np.float32) for k, v in data["model"].items()}
        self.config = config
        self.vocab = load_vocabs(data["vocab"])
        self.columns = [c[0] for c in config.get("tag_columns") or [["upos"], ["xpos"], ["feats"]]]
        if self.columns != ["upos", "xpos", "feats"]:
            raise UnsupportedModelError(f"the NumPy tagger supports the columns upos, xpos, feats, not {self.columns}")
        self.pretrained = pretrained
        # the pretrained vectors pass through trans_pretrained before anything else reads them
        self.pretrained_matrix = pretrained.matrix @ self.params["trans_pretrained.weight"].T

    @classmethod
    def load(cls, path: str | Path, pretrained: Pretrained) -> Tagger:
        return cls(checkpoint.load(path), pretrained)

    def tag(self, sentences: list[list[str]]) -> list[list[tuple[str, str, str]]]:
        """(UPOS, XPOS, features) for every word of every sentence."""
        sentences = [simplify_punct(s) for s in sentences]
        out: list[list[tuple[str, str, str]]] = [[] for _ in sentences]
        lengths = [len(s) for s in sentences]
        for batch in length_batches(lengths):
            tags = self._tag_batch([sentences[i] for i in batch])
            for i, t in zip(batch, tags):
                out[i] = t
        return out

    def _tag_batch(self, sentences: list[list[str]]) -> list[list[tuple[str, str, str]]]:
        p = self.params
        word_vocab, char_vocab = self.vocab["word"], self.vocab["char"]
        assert isinstance(word_vocab, Vocab) and isinstance(char_vocab, Vocab)
        lengths = np.array([len(s) for s in sentences])
        spelled, char_rows = word_features(sentences, char_vocab, p, "charmodel.")
        char_rows = char_rows @ p["trans_char.weight"].T
        flat = [w for s in sentences for w in s]
        x = np.concatenate([
            p["word_emb.weight"][word_vocab.map(flat)],
            self.pretrained_matrix[self.pretrained.ids(flat)],
            char_rows[spelled],
        ], axis=1)
        h0 = p["taggerlstm_h_init"][:, 0]
        c0 = p["taggerlstm_c_init"][:, 0]
        hidden = layers.highway_lstm_packed(x, layers.Packing(lengths), p, "taggerlstm.",
                                            self.config["num_layers"], h0, c0)
        shared = np.maximum(layers.linear(hidden, p, "upos_hid."), 0)
        upos = layers.linear(shared, p, "upos_clf.").argmax(-1)
        xpos_vocab, feats_vocab, upos_vocab = self.vocab["xpos"], self.vocab["feats"], self.vocab["upos"]
        xpos = self._column(shared, "xpos", xpos_vocab)
        feats = self._column(shared, "feats", feats_vocab)
        assert isinstance(upos_vocab, Vocab)
        upos_names = [upos_vocab.unit(j) for j in upos.tolist()]
        out, k = [], 0
        for n in lengths.tolist():
            out.append(list(zip(upos_names[k:k + n], xpos[k:k + n], feats[k:k + n])))
            k += n
        return out

    def _column(self, shared: np.ndarray, name: str, vocab: Vocab | CompositeVocab) -> list[str]:
        """The tag of every (packed) word for one column."""
        p = self.params
        if isinstance(vocab, CompositeVocab):
            # one classifier per part, all in one matrix product
            weight = np.concatenate([p[f"tag_clf.{name}.{k}.weight"] for k in range(len(vocab))])
            bias = np.concatenate([p[f"tag_clf.{name}.{k}.bias"] for k in range(len(vocab))])
            scores = shared @ weight.T + bias
            bounds = np.cumsum([0] + vocab.lens())
            ids = np.stack([scores[:, a:b].argmax(-1) for a, b in zip(bounds[:-1], bounds[1:])], -1)
            memo: dict[tuple, str] = {}
            out = []
            for row in map(tuple, ids.tolist()):
                value = memo.get(row)
                if value is None:
                    value = memo[row] = vocab.unit(row)
                out.append(value)
            return out
        ids = layers.linear(shared, p, f"tag_clf.{name}.").argmax(-1)
        return [vocab.unit(j) for j in ids.tolist()]
