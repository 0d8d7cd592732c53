"""Stanza's multi-word-token expander on NumPy.

After stanza/pipeline/mwt_processor.py, stanza/models/mwt/trainer.py, data.py,
character_classifier.py and stanza/models/common/doc.py (``set_mwt_expansions``,
``Token.to_dict``) (Apache-2.0), for the models this project trains: the expansion
dictionary (``ensemble_dict``, tried first, with its two recasings) and, for the tokens it
lacks, the character classifier of ``force_exact_pieces``: a BiLSTM over the token's
characters and a two-way classifier per character, "a new word starts here". The pieces
are then exactly the token's own characters. A seq2seq expander or a lower-casing
character vocabulary is refused at load time.

Input and output are the sentences of ``Document.to_dict()``: before, after the tokenizer
(a token the tokenizer took for a multi-word token has ``MWT=Yes`` in its misc); after, as
Stanza's MWT processor leaves them (an expanded token ``{"id": (i, j), ...}`` followed by
its words, ids renumbered through the sentence)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelError, UnsupportedModelError
from . import checkpoint, layers

# stanza/models/common/doc.py: how the tokenizer marks a token to expand
_MWT_MISC = re.compile(r".*MWT=Yes.*")
_MWT_YES = "MWT=Yes"
# misc pieces that Token.to_dict writes from the token's spaces, not from its misc
_SPACE_AFTER = ("SpaceAfter=", "SpacesAfter=")
_SPACE_BEFORE = ("SpacesBefore=",)

# stanza/models/common/seq2seq_constant.py
_PAD_ID, _UNK_ID = 0, 1
_SOS, _EOS = "<SOS>", "<EOS>"

# rows per classifier batch (the LSTM runs once per batch; the words are a few characters)
BATCH_TOKENS = 1000

Entry = dict[str, Any]


def _require(config: Mapping[str, Any], key: str, ok: bool) -> None:
    if not ok:
        raise UnsupportedModelError(f"the NumPy MWT expander does not support {key}={config.get(key)!r}")


class MWTExpander:
    """An MWT model file: its expansion dictionary and (unless ``dict_only``) its classifier."""

    def __init__(self, expansions: dict[str, str], ensemble_dict: bool, dict_only: bool,
                 char_ids: dict[str, int], params: dict[str, np.ndarray], num_layers: int) -> None:
        self.expansions = expansions
        self.ensemble_dict = ensemble_dict
        self.dict_only = dict_only
        self.char_ids = char_ids
        self.params = params
        self.num_layers = num_layers

    @classmethod
    def load(cls, path: str | Path) -> MWTExpander:
        data = checkpoint.load(path)
        try:
            config, expansions, vocab = data["config"], data["dict"], data["vocab"]
        except (KeyError, TypeError):
            raise ModelError(f"{path} is not a Stanza MWT model file") from None
        dict_only = bool(config.get("dict_only", False))
        if dict_only:
            return cls(dict(expansions), True, True, {}, {}, 0)
        _require(config, "force_exact_pieces", bool(config.get("force_exact_pieces", False)))
        _require(config, "lower", not vocab.get("lower", False))
        params = {k: np.asarray(v, dtype=np.float32) for k, v in data["model"].items()}
        num_layers = int(config["num_layers"])
        expected = {"embedding.weight", "output_layer.0.weight", "output_layer.0.bias",
                    "output_layer.2.weight", "output_layer.2.bias"}
        expected |= {f"encoder.{kind}_l{layer}{suffix}" for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
                     for layer in range(num_layers) for suffix in ("", "_reverse")}
        if set(params) != expected:
            raise UnsupportedModelError(f"{path}: the MWT classifier's weights are not those of Stanza's CharacterClassifier")
        char_ids = dict(vocab["_unit2id"])
        return cls(dict(expansions), bool(config.get("ensemble_dict", False)), False, char_ids, params, num_layers)

    # --- the dictionary (Trainer.dict_expansion) ------------------------------------

    def dict_expansion(self, word: str) -> str | None:
        """The dictionary's expansion of ``word``, also found lower-cased for an UPPER or a
        Capitalised word, and recased like it."""
        expansion = self.expansions.get(word)
        if expansion is not None:
            return expansion
        if word.isupper():
            expansion = self.expansions.get(word.lower())
            if expansion is not None:
                return expansion.upper()
        if word[0].isupper() and word[1:].islower():
            expansion = self.expansions.get(word.lower())
            if expansion is not None:
                return expansion[0].upper() + expansion[1:]
        return None

    # --- the classifier (CharacterClassifier, Trainer.predict) -----------------------

    def split(self, words: list[str]) -> list[str]:
        """Each word with a space before every character the classifier starts a new word at."""
        out: list[str] = []
        for start in range(0, len(words), BATCH_TOKENS):
            out.extend(self._split_batch(words[start:start + BATCH_TOKENS]))
        return out

    def _split_batch(self, words: list[str]) -> list[str]:
        if not words:
            return []
        rows = self.params["embedding.weight"].shape[0]
        ids = self.char_ids
        unk = _UNK_ID
        seqs = [[ids[_SOS]] + [ids.get(c, unk) for c in w] + [ids[_EOS]] for w in words]
        lengths = np.array([len(s) for s in seqs], dtype=np.int64)
        src = np.full((len(seqs), int(lengths.max())), _PAD_ID, dtype=np.int64)
        for i, s in enumerate(seqs):
            src[i, :len(s)] = s
        src[src >= rows] = unk              # a character beyond the embedding is unknown
        x = layers.embedding(src, self.params, "embedding.")
        encoded = layers.lstm(x, lengths, self.params, "encoder.", self.num_layers, True)
        hidden = np.maximum(layers.linear(encoded, self.params, "output_layer.0."), 0)
        logits = layers.linear(hidden, self.params, "output_layer.2.")
        cuts = logits[:, :, 1] > logits[:, :, 0]
        out = []
        for w, cut in zip(words, cuts):
            # position k + 1 of the row is character k of the word (after <SOS>)
            pieces = [(" " + c) if cut[k + 1] else c for k, c in enumerate(w)]
            out.append("".join(pieces).strip())
        return out

    def predict(self, words: list[str]) -> list[str]:
        """The expansion of each word, as MWTProcessor.process decides it (pieces joined by spaces)."""
        if self.dict_only:
            return [e if (e := self.dict_expansion(w)) is not None else w for w in words]
        known = [self.dict_expansion(w) if self.ensemble_dict else None for w in words]
        # the classifier only for the distinct words the dictionary lacks (it reads one
        # word at a time, so the batch does not change its answer)
        todo = sorted({w for w, e in zip(words, known) if e is None})
        split = dict(zip(todo, self.split(todo)))
        return [e if e is not None else split[w] for w, e in zip(words, known)]

    # --- the document (Document.set_mwt_expansions, Token.to_dict) -------------------

    def expand(self, sentences: list[list[Entry]]) -> list[list[Entry]]:
        """The sentences after Stanza's MWT processor: one run over every marked token."""
        marked = [entry["text"] for sent in sentences for entry in sent if _is_marked(entry)]
        expansions = iter(self.predict(marked))
        out = []
        for sent in sentences:
            entries: list[Entry] = []
            idx_w = 0
            for entry in sent:
                if isinstance(entry["id"], tuple) and len(entry["id"]) > 1:
                    raise ValueError("the MWT expander takes the tokenizer's tokens, not expanded ones")
                idx_w += 1
                if not _is_marked(entry):
                    entries.append({**entry, "id": idx_w})
                    continue
                pieces = [x for x in next(expansions).split(" ") if len(x) > 0]
                idx_w = _expanded(entry, pieces, idx_w, entries)
            out.append(entries)
        return out


def _is_marked(entry: Entry) -> bool:
    misc = entry.get("misc")
    return misc is not None and _MWT_MISC.match(misc) is not None


def _expanded(entry: Entry, pieces: list[str], idx_w: int, entries: list[Entry]) -> int:
    """Append the token ``entry`` expanded into ``pieces`` (its first word numbered
    ``idx_w``) to ``entries``; returns the id of its last word."""
    text = entry["text"]
    if len(pieces) == 1:                    # one word: it keeps the token's own text
        pieces = [text]
    last = idx_w + len(pieces) - 1
    # the token's misc and spaces, as they were before Token.to_dict merged them
    misc_pieces = entry["misc"].split("|")
    after = next((p for p in misc_pieces if p.startswith(_SPACE_AFTER)), None)
    before = next((p for p in misc_pieces if p.startswith(_SPACE_BEFORE)), None)
    own = [p for p in misc_pieces if not p.startswith(_SPACE_AFTER + _SPACE_BEFORE)]
    own_misc = None if own == [_MWT_YES] else "|".join(p for p in own if p != _MWT_YES)
    start, end = entry.get("start_char"), entry.get("end_char")
    if len(pieces) > 1:
        token: Entry = {"id": (idx_w, last), "text": text}
        if own_misc is not None:
            token["misc"] = own_misc
        _put_chars(token, start, end)
        entries.append(_with_spaces(token, after, before))
        words: list[Entry] = [{"id": idx_w + i, "text": p} for i, p in enumerate(pieces)]
        if start is not None and end is not None:
            # Stanza finds each word's characters in the token's text, spaces allowed between
            match = re.match("^" + "\\s*".join(f"({re.escape(p)})" for p in pieces) + "$", text)
            if match:
                for i, word in enumerate(words):
                    word["start_char"] = match.start(i + 1) + start
                    word["end_char"] = match.end(i + 1) + start
        entries.extend(words)
    elif pieces:
        word = {"id": idx_w, "text": text}
        _put_chars(word, start, end)
        entries.append(_with_spaces(word, after, before))
    return last


def _put_chars(entry: Entry, start: int | None, end: int | None) -> None:
    if start is not None:
        entry["start_char"] = start
    if end is not None:
        entry["end_char"] = end


def _with_spaces(entry: Entry, after: str | None, before: str | None) -> Entry:
    """Token.to_dict: the token's space annotations joined to the misc (sorted when joined)."""
    needs_sorting = False
    for piece in (after, before):
        if piece is None:
            continue
        if entry.get("misc"):
            entry["misc"] = entry["misc"] + "|" + piece
            needs_sorting = True
        else:
            entry["misc"] = piece
    if needs_sorting:
        entry["misc"] = "|".join(sorted(entry["misc"].split("|")))
    return entry
