"""Stanza's graph (biaffine) dependency parser on NumPy.

After stanza/models/depparse/model.py and data.py (Apache-2.0): each sentence gets a root
word in front; word, lemma, tag, pretrained and character vectors feed a highway BiLSTM;
head scores are the unlabeled biaffine plus the linearization and distance terms; each
tree is the best single-root spanning tree (as ``parse/fastparse.py`` decodes Stanza's own
scores), and each word's label is scored at its chosen head only. Stanza's embedding adds
the UPOS+XPOS vector twice and never reads the feature vectors; that is kept, since the
weights were trained that way."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...errors import UnsupportedModelError
from .. import fastparse
from . import checkpoint, layers
from .tagger import Pretrained, length_batches, require, simplify_punct, word_features
from .vocab import PREFIX_SIZE, ROOT_ID, CompositeVocab, Vocab, load_vocabs


# distinct heads whose (I, O) label matrices are made at once: a few MB, kept in cache
_HEADS_AT_ONCE = 64


class Parser:
    def __init__(self, data: dict, pretrained: Pretrained) -> None:
        config = data["config"]
        if data.get("model_type", "graph") != "graph":
            raise UnsupportedModelError(f"the NumPy parser supports the graph parser, not {data.get('model_type')!r}")
        require(config, "parser", {
            "char": True, "charlm": lambda v: not v, "bert_model": lambda v: not v, "pretrain": True,
            "use_arc_embedding": lambda v: not v, "char_num_layers": 1, "reversed": lambda v: not v,
            "use_upos": lambda v: v in (None, True), "use_xpos": lambda v: v in (None, True),
            "use_ufeats": lambda v: v in (None, True), "linearization": True, "distance": True,
        })
        if not config.get("word_emb_dim") or not config.get("tag_emb_dim"):
            raise UnsupportedModelError("the NumPy parser needs word and tag embeddings")
        self.params = {k: np.asarray(v, dtype=np.float32) for k, v in data["model"].items()}
        self.config = config
        self.vocab = load_vocabs(data["vocab"])
        if isinstance(self.vocab["xpos"], CompositeVocab):
            raise UnsupportedModelError("the NumPy parser does not support composite XPOS tags")
        self.pretrained = pretrained
        self.pretrained_matrix = pretrained.matrix @ self.params["trans_pretrained.weight"].T
        w = self.params["deprel.scorer.W_bilin.weight"]            # (I, J, O)
        self._label_by_head = np.ascontiguousarray(w.transpose(1, 0, 2).reshape(w.shape[1], -1))

    @classmethod
    def load(cls, path: str | Path, pretrained: Pretrained) -> Parser:
        return cls(checkpoint.load(path), pretrained)

    def parse(self, sentences: list[list[tuple[str, str, str, str, str]]]) -> list[list[tuple[int, str]]]:
        """(head, deprel) of every word; a word is (text, upos, xpos, feats, lemma)."""
        sentences = [[(text, *w[1:]) for text, w in zip(simplify_punct([w[0] for w in s]), s)] for s in sentences]
        out: list[list[tuple[int, str]]] = [[] for _ in sentences]
        for batch in length_batches([len(s) + 1 for s in sentences]):
            for i, res in zip(batch, self._parse_batch([sentences[i] for i in batch])):
                out[i] = res
        return out

    def _parse_batch(self, sentences: list[list[tuple[str, str, str, str, str]]]) -> list[list[tuple[int, str]]]:
        p = self.params
        char_vocab = self.vocab["char"]
        assert isinstance(char_vocab, Vocab)
        texts = [[w[0] for w in s] for s in sentences]
        spelled, char_rows = word_features(texts, char_vocab, p, "charmodel.")
        # the root's "spelling" is the single character id ROOT_ID
        root_row = layers.char_attention_words([[ROOT_ID]], p, "charmodel.")
        char_rows = np.concatenate([char_rows, root_row]) @ p["trans_char.weight"].T
        root_index = char_rows.shape[0] - 1
        lengths = np.array([len(s) + 1 for s in sentences])
        # packed rows: each sentence is its root, then its words
        flat = [w for s in sentences for w in s]
        root_at = np.cumsum(lengths) - lengths
        def ids(name: str, units: list[str]) -> np.ndarray:
            vocab = self.vocab[name]
            assert isinstance(vocab, Vocab)
            return np.insert(np.asarray(vocab.map(units), dtype=np.int64), root_at - np.arange(len(lengths)), ROOT_ID)
        tags = p["upos_emb.weight"][ids("upos", [w[1] for w in flat])] + p["xpos_emb.weight"][ids("xpos", [w[2] for w in flat])]
        pretrained_ids = np.insert(np.asarray(self.pretrained.ids([w[0] for w in flat]), dtype=np.int64),
                                   root_at - np.arange(len(lengths)), ROOT_ID)
        char_index = np.insert(np.asarray(spelled, dtype=np.int64), root_at - np.arange(len(lengths)), root_index)
        x = np.concatenate([
            self.pretrained_matrix[pretrained_ids],
            p["word_emb.weight"][ids("word", [w[0] for w in flat])],
            p["lemma_emb.weight"][ids("lemma", [w[4] for w in flat])],
            tags, tags,
            char_rows[char_index],
        ], axis=1)
        width = int(lengths.max())
        h0 = p["parserlstm_h_init"][:, 0]
        c0 = p["parserlstm_c_init"][:, 0]
        packing = layers.Packing(lengths)
        rows = layers.highway_lstm_packed(x, packing, p, "parserlstm.", self.config["num_layers"], h0, c0)
        mask = np.arange(width)[None, :] < lengths[:, None]
        lstm = np.zeros((len(lengths), width, rows.shape[1]), dtype=np.float32)
        lstm[mask] = rows
        arcs = layers.pairwise_biaffine(lstm, lstm, p, "unlabeled.")
        positions = np.arange(width)
        offset = (positions[None, :] - positions[:, None]).astype(np.float32)[None]     # head - dependent
        lin = layers.pairwise_biaffine(lstm, lstm, p, "linearization.")
        arcs = arcs + layers.logsigmoid(lin * np.sign(offset))
        dist = 1 + layers.softplus(layers.pairwise_biaffine(lstm, lstm, p, "distance."))
        arcs = arcs - np.log((np.abs(offset) - dist) ** 2 / 2 + 1)
        idx = np.arange(width)
        arcs[:, idx, idx] = -np.inf
        log_probs = layers.log_softmax(arcs, 2)
        trees = [fastparse.single_root_tree(log_probs[i][:n, :n]) for i, n in enumerate(lengths)]
        labels = self._labels(lstm, trees, lengths)
        deprel = self.vocab["deprel"]
        assert isinstance(deprel, Vocab)
        out = []
        for i, n in enumerate(lengths):
            heads = trees[i][1:]
            out.append([(int(heads[j]), deprel.unit(int(labels[i][j]) + PREFIX_SIZE)) for j in range(int(n) - 1)])
        return out

    def _labels(self, lstm: np.ndarray, trees: list[np.ndarray], lengths: np.ndarray) -> list[np.ndarray]:
        """Best label of each word at its chosen head (as fastparse._labels_at_heads): the
        bilinear form taken head first, once per distinct head."""
        p = self.params
        dep_rows: list[int] = []
        head_rows: list[int] = []
        width = lstm.shape[1]
        for i, (tree, n) in enumerate(zip(trees, lengths)):
            dep_rows.extend(i * width + j for j in range(1, int(n)))
            head_rows.extend(i * width + int(h) for h in tree[1:int(n)])
        flat = lstm.reshape(-1, lstm.shape[-1])
        distinct, which = np.unique(np.asarray(head_rows, dtype=np.int64), return_inverse=True)
        dep = np.maximum(layers.linear(flat[dep_rows], p, "deprel.W1."), 0)
        hed = np.maximum(layers.linear(flat[distinct], p, "deprel.W2."), 0)
        dep = np.concatenate([dep, np.ones((dep.shape[0], 1), np.float32)], 1)
        hed = np.concatenate([hed, np.ones((hed.shape[0], 1), np.float32)], 1)
        size_i, _, size_o = p["deprel.scorer.W_bilin.weight"].shape
        scores = np.empty((dep.shape[0], size_o), dtype=np.float32)
        by_head = np.argsort(which, kind="stable")       # dependents grouped by their head
        bounds = np.searchsorted(which[by_head], np.arange(0, distinct.size + _HEADS_AT_ONCE, _HEADS_AT_ONCE))
        for c, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
            if lo == hi:
                continue
            first = c * _HEADS_AT_ONCE
            per_head = (hed[first:first + _HEADS_AT_ONCE] @ self._label_by_head).reshape(-1, size_i, size_o)
            words = by_head[lo:hi]
            scores[words] = np.einsum("ni,nio->no", dep[words], per_head[which[words] - first])
        scores += p["deprel.scorer.W_bilin.bias"]
        best = scores.argmax(1)
        out, k = [], 0
        for n in lengths:
            out.append(best[k:k + int(n) - 1])
            k += int(n) - 1
        return out
