"""Stanza's neural tokenizer (tokens, sentences, multi-word-token marks) on NumPy.

After stanza/pipeline/tokenize_processor.py and stanza/models/tokenization/{data,model,
utils,vocab}.py of Stanza 1.15 (Apache-2.0): the same text preparation, the same network
(character embeddings and features, a BiLSTM, a second "hierarchical" BiLSTM, three binary
classifiers), the same windowing of long paragraphs and the same decoding into tokens with
character offsets. Only what the models' configs use is here; anything else is refused when
the model loads (:class:`~attribution.errors.ModelError`), so that a model this port cannot
run fails at once instead of tokenizing wrongly.

Each text given to :meth:`Tokenizer.tokenize` is tokenized as Stanza tokenizes that text on
its own (``stanza.Pipeline(processors="tokenize")(text).to_dict()``); the texts are only
batched together for the arithmetic, so a text's result does not depend on the others.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelError, UnsupportedModelError
from . import checkpoint
from .layers import Packing, linear, logsigmoid, lstm_packed, sigmoid

# --- text preparation (stanza/models/tokenization/data.py) ------------------------------

# a blank line (whitespace and C1 control characters allowed on it) ends a paragraph
_PARAGRAPH_BREAK = re.compile(r'\n[\s\u0080-\u009f]*\n')
# every whitespace or C1 control character becomes one plain space
_WHITESPACE = re.compile(r'[\s\u0080-\u009f]')
_SPACE_RUN = re.compile(r' {2,}')
_NUMERIC = re.compile(r'^[\d]+([,\.]+[\d]+)*[,\.]*$')
_SPACE_SPLIT = re.compile(r'( *[^ ]+)')

# one feature per character, in the order of the model's ``feat_funcs``
_CHAR_FEATURES = {
    "space_before": lambda unit: unit.startswith(" "),
    "capitalized": lambda unit: unit[0].isupper(),
    "numeric": lambda unit: _NUMERIC.match(unit) is not None,
}
# features of the position in the paragraph: always after the character features, in this order
_POSITION_FEATURES = ("end_of_para", "start_of_para")

# e-mail addresses and URLs are kept whole whatever the network says (utils.py: MASK_RE)
_EMAIL = (r"""(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[\x01-\x08\x0b\x0c"""
          r"""\x0e-\x1f\x21\x23-\x5b\x5d-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")@(?:(?:[a-z0-9](?:[a-z0-9-]*"""
          r"""[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|\[(?:(?:(?:2(?:5[0-5]|[0-4][0-9])|1[0-9][0-9]|"""
          r"""[1-9]?[0-9]))\.){3}(?:(?:2(?:5[0-5]|[0-4][0-9])|1[0-9][0-9]|[1-9]?[0-9])|[a-z0-9-]*[a-z0-9]:"""
          r"""(?:[\x01-\x08\x0b\x0c\x0e-\x1f\x21-\x5a\x53-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])+)\])""")
_URL = (r"""(?:https?:\/\/(?:www\.|(?!www))[a-zA-Z0-9][a-zA-Z0-9-]+[a-zA-Z0-9]\.[^\s"]{2,}|www\.[a-zA-Z0-9]"""
        r"""[a-zA-Z0-9-]+[a-zA-Z0-9]\.[^\s"]{2,}|https?:\/\/(?:www\.|(?!www))[a-zA-Z0-9]+\.[^\s"]{2,}|www\."""
        r"""[a-zA-Z0-9]+\.[^\s"]{2,})|[a-zA-Z0-9]+\.(?:gov|org|edu|net|com|co)(?:\.[^\s"]{2,})""")
_MASK = re.compile(f"(?:{_EMAIL}|{_URL})")

# the classes of a character: inside a token, ends a token, ends a sentence, ends a
# multi-word token, ends a multi-word token and a sentence
INSIDE, TOKEN_END, SENTENCE_END, MWT_END, MWT_SENTENCE_END = range(5)

# utils.output_predictions: a paragraph longer than this is predicted in windows
_MIN_WINDOW = 1000
# tokenize_processor: the pipeline's default max_seqlen when the model names none
_DEFAULT_MAX_SEQLEN = 1000
# the text of a token longer than max_seqlen characters (tokenize_processor)
_TOO_LONG = "<UNK>"
# rows x steps of one forward pass: bounds the memory of the LSTM's gate inputs (2 KiB a
# cell); 2^13 to 2^15 measured about as fast, 2^17 a third slower: larger passes move more
# memory than their fewer steps save
_CELLS_PER_PASS = 1 << 15

# options whose non-default values this port does not implement: (key, allowed values)
_UNSUPPORTED = (
    ("charlm", (None, False)), ("charlm_forward_file", (None, "")), ("use_dictionary", (None, False)),
    ("conv_res", (None, "")), ("hier_conv_res", (None, False)), ("skip_newline", (None, False)),
)


class _Paragraph:
    """One paragraph as the network sees it: its units (characters, spaces collapsed)."""

    __slots__ = ("units", "start")

    def __init__(self, units: str, start: int) -> None:
        self.units = units
        self.start = start          # where its ids and features begin in the flat arrays


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` as Stanza's TokenizationDataset makes them: split at blank
    lines, right-stripped, empty ones dropped, whitespace made plain spaces and runs of
    spaces collapsed to one."""
    out = []
    for chunk in _PARAGRAPH_BREAK.split(text):
        chunk = chunk.rstrip()
        if chunk:
            out.append(_SPACE_RUN.sub(" ", _WHITESPACE.sub(" ", chunk)))
    return out


class Tokenizer:
    """Stanza's tokenizer: text in, sentences of token dicts out.

    Each token is the dict Stanza's ``Document.to_dict()`` gives after the tokenize
    processor, with the same keys in the same order: ``id`` (1-based within the sentence),
    ``text``, ``misc`` when there is one, ``start_char`` and ``end_char`` (offsets into
    the text given). ``misc`` holds, '|'-joined and sorted as Stanza writes them:

    - ``MWT=Yes`` for a token the network marks as a multi-word token ("don't",
      "can't"): this is how Stanza 1.15 hands the mark to its MWT processor, which expands
      exactly the tokens whose misc matches ``.*MWT=Yes.*``
      (``Document.get_mwt_expansions``);
    - ``SpaceAfter=No`` or ``SpacesAfter=...`` when the token is not followed by exactly
      one space, ``SpacesBefore=...`` on the first token when the text starts with
      whitespace (spaces escaped as ``\\s``, newlines as ``\\n``, and so on).
    """

    def __init__(self, params: Mapping[str, np.ndarray], unit_ids: Mapping[str, int], config: Mapping[str, Any],
                 vocab_lang: str | None = None):
        _check_config(config, params)
        self.params = params
        self.unit_ids = dict(unit_ids)
        self.pad_id = self.unit_ids["<PAD>"]
        self.unk_id = self.unit_ids["<UNK>"]
        self.feat_funcs = [f for f in config["feat_funcs"] if f in _CHAR_FEATURES]
        self.position_feats = [f for f in _POSITION_FEATURES if f in config["feat_funcs"]]
        self.num_features = len(self.feat_funcs) + len(self.position_feats)
        self.rnn_layers = int(config["rnn_layers"])
        self.hierarchical = bool(config["hierarchical"])
        self.hier_invtemp = float(config.get("hier_invtemp", 0) or 0)
        self.use_mwt = config.get("use_mwt") is None or bool(config["use_mwt"])
        self.batch_size = int(config["batch_size"])
        seqlen = config.get("max_seqlen") or _DEFAULT_MAX_SEQLEN
        self.window = max(_MIN_WINDOW, int(seqlen))
        self.token_limit = int(seqlen)
        # vocab.py: a token of these languages loses its spaces (the vocabulary's language decides)
        lang = str(vocab_lang if vocab_lang is not None else config.get("lang", ""))
        self.remove_spaces = any(lang.startswith(x) for x in ("zh", "ja", "ko"))
        self._unit_cache: dict[int, tuple[int, tuple[float, ...]]] = {}

    @classmethod
    def load(cls, path: str | Path) -> Tokenizer:
        try:
            saved = checkpoint.load(path)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"cannot read the tokenizer model {path}: {exc}") from exc
        try:
            config, vocab, params = saved["config"], saved["vocab"], saved["model"]
        except (KeyError, TypeError):
            raise ModelError(f"{path} is not a Stanza tokenizer model") from None
        # a lexicon is read only by the dictionary features, which _check_config refuses
        return cls(params, vocab["_unit2id"], config, vocab.get("lang"))

    # --- the whole path ---------------------------------------------------------------

    def tokenize(self, texts: Sequence[str]) -> list[list[list[dict]]]:
        """Sentences of token dicts for every text (see the class docstring)."""
        texts = list(texts)
        paras_of_text = [paragraphs(t) for t in texts]
        flat = [p for ps in paras_of_text for p in ps]
        ids, feats, objs = self._prepare(flat)
        batches = []
        k = 0
        for ps in paras_of_text:
            members = objs[k:k + len(ps)]
            k += len(ps)
            # Stanza sorts a text's paragraphs by length (stable) and predicts 32 at a time;
            # only the windowing of a batch with a long paragraph depends on its company
            order = sorted(range(len(members)), key=lambda i: len(members[i].units), reverse=True)
            for b in range(0, len(order), self.batch_size):
                batches.append(_Batch([members[i] for i in order[b:b + self.batch_size]], self.window))
        preds = self._run(batches, ids, feats)
        out = []
        k = 0
        for text, ps in zip(texts, paras_of_text):
            labels = [self._finish(objs[k + i].units, preds[id(objs[k + i])]) for i in range(len(ps))]
            k += len(ps)
            out.append(self._decode(text, ps, labels))
        return out

    # --- features -----------------------------------------------------------------------

    def _unit(self, code: int) -> tuple[int, tuple[float, ...]]:
        hit = self._unit_cache.get(code)
        if hit is None:
            unit = chr(code)
            hit = (self.unit_ids.get(unit, self.unk_id),
                   tuple(float(_CHAR_FEATURES[f](unit)) for f in self.feat_funcs))
            self._unit_cache[code] = hit
        return hit

    def _prepare(self, paras: list[str]) -> tuple[np.ndarray, np.ndarray, list[_Paragraph]]:
        """Unit ids and features of all paragraphs, end to end in two flat arrays."""
        objs, start = [], 0
        for p in paras:
            objs.append(_Paragraph(p, start))
            start += len(p)
        joined = "".join(paras)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        uniq, inverse = np.unique(codes, return_inverse=True)
        table = [self._unit(int(c)) for c in uniq]
        id_table = np.array([t[0] for t in table] or [self.pad_id], dtype=np.int64)
        feat_table = np.array([t[1] for t in table] or [()], dtype=np.float32).reshape(-1, len(self.feat_funcs))
        ids = id_table[inverse] if codes.size else np.zeros(0, dtype=np.int64)
        feats = np.zeros((codes.size, self.num_features), dtype=np.float32)
        if codes.size:
            feats[:, :len(self.feat_funcs)] = feat_table[inverse]
        for j, name in enumerate(self.position_feats):
            col = len(self.feat_funcs) + j
            for para in objs:
                at = para.start + len(para.units) - 1 if name == "end_of_para" else para.start
                feats[at, col] = 1.0
        return ids, feats, objs

    # --- the network --------------------------------------------------------------------

    def _run(self, batches: list[_Batch], ids: np.ndarray, feats: np.ndarray) -> dict[int, np.ndarray]:
        """Rounds of windows until every batch has labels for every character: all the
        batches' windows of one round go through the network together."""
        done: dict[int, np.ndarray] = {}
        active = batches
        while active:
            windows = [w for b in active for w in b.windows()]
            labels = self._predict_windows(windows, ids, feats)
            nxt = []
            for b in active:
                b.feed(labels)
                if b.finished:
                    done.update(b.result())
                else:
                    nxt.append(b)
            active = nxt
        return done

    def _predict_windows(self, windows: list[_Window], ids: np.ndarray,
                         feats: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
        """Labels of every window (its ``total`` steps: ``real`` characters then padding)."""
        out: dict[tuple[int, int], np.ndarray] = {}
        order = sorted(range(len(windows)), key=lambda i: windows[i].total, reverse=True)
        i = 0
        while i < len(order):
            longest = windows[order[i]].total
            rows = max(1, _CELLS_PER_PASS // max(longest, 1))
            group = [windows[j] for j in order[i:i + rows]]
            i += rows
            totals = np.array([w.total for w in group], dtype=np.int64)
            labels = self._forward_group(group, totals, ids, feats)
            ends = np.cumsum(totals)
            for w, stop, total in zip(group, ends.tolist(), totals.tolist()):
                out[w.key] = labels[stop - total:stop]
        return out

    def _forward_group(self, group: list[_Window], totals: np.ndarray, ids: np.ndarray,
                       feats: np.ndarray) -> np.ndarray:
        """The windows' steps end to end (packed, as the LSTM reads them): each window's
        characters, then its padding steps (the padding unit, zero features)."""
        base = np.array([w.para.start + w.offset for w in group], dtype=np.int64)
        real = np.array([w.real for w in group], dtype=np.int64)
        window_of = np.repeat(np.arange(len(group)), totals)
        step = np.arange(window_of.size) - np.repeat(np.cumsum(totals) - totals, totals)
        inside = step < real[window_of]
        at = np.where(inside, base[window_of] + step, 0)
        unit_ids = np.where(inside, ids[at], self.pad_id) if ids.size else np.full(at.size, self.pad_id)
        unit_feats = feats[at] if ids.size else np.zeros((at.size, self.num_features), np.float32)
        unit_feats[~inside] = 0
        return self.forward(unit_ids, unit_feats, Packing(totals))

    def forward(self, unit_ids: np.ndarray, unit_feats: np.ndarray, packing: Packing) -> np.ndarray:
        """Tokenizer.forward over packed steps (sequence after sequence, as ``packing``
        lays them out), then the argmax over the classes: one label a step."""
        p = self.params
        x = np.concatenate([p["embeddings.weight"][unit_ids], unit_feats.astype(np.float32)], axis=1)
        inp = x
        for layer in range(self.rnn_layers):
            inp, _ = lstm_packed(inp, packing, p, "rnn.", layer, True)
        tok0 = linear(inp, p, "tok_clf.")
        sent0 = linear(inp, p, "sent_clf.")
        mwt0 = linear(inp, p, "mwt_clf.") if self.use_mwt else None
        if self.hierarchical:
            inp2 = inp
            if self.hier_invtemp > 0:
                inp2 = inp2 * (1 - sigmoid(-tok0 * np.float32(self.hier_invtemp)))
            inp2, _ = lstm_packed(inp2, packing, p, "rnn2.", 0, True)
            tok0 = tok0 + linear(inp2, p, "tok_clf2.")
            sent0 = sent0 + linear(inp2, p, "sent_clf2.")
            if mwt0 is not None:
                mwt0 = mwt0 + linear(inp2, p, "mwt_clf2.")
        nontok, tok = logsigmoid(-tok0), logsigmoid(tok0)
        nonsent, sent = logsigmoid(-sent0), logsigmoid(sent0)
        if mwt0 is not None:
            nonmwt, mwt = logsigmoid(-mwt0), logsigmoid(mwt0)
            scores = np.concatenate([nontok, tok + nonsent + nonmwt, tok + sent + nonmwt,
                                     tok + nonsent + mwt, tok + sent + mwt], axis=1)
        else:
            scores = np.concatenate([nontok, tok + nonsent, tok + sent], axis=1)
        return np.argmax(scores, axis=1)

    # --- labels to tokens ---------------------------------------------------------------

    def _finish(self, units: str, labels: np.ndarray) -> np.ndarray:
        """A paragraph ends a sentence; e-mail addresses and URLs are one token each."""
        labels = np.array(labels, dtype=np.int64)
        if labels[-1] < SENTENCE_END:
            labels[-1] = SENTENCE_END
        elif labels[-1] > SENTENCE_END:
            labels[-1] = MWT_SENTENCE_END
        for match in _MASK.finditer(units):
            begin, end = match.span()
            labels[begin:end - 1] = INSIDE
            if labels[end - 1] == INSIDE:
                labels[end - 1] = TOKEN_END
        return labels

    def _decode(self, text: str, paras: list[str], all_labels: list[np.ndarray]) -> list[list[dict]]:
        """utils.decode_predictions + process_sentence, then the whitespace Stanza's
        Document records in ``misc``."""
        plain = _WHITESPACE.sub(" ", text)
        char_offset = 0
        sentences: list[list[tuple[str, int, int, int]]] = []
        for units, labels in zip(paras, all_labels):
            current: list[tuple[str, int, int, int]] = []
            prev = 0
            ends = np.flatnonzero(labels >= TOKEN_END)
            for end, label in zip(ends.tolist(), labels[ends].tolist()):
                piece = units[prev:end + 1]
                prev = end + 1
                # units hold no whitespace but plain spaces, so Stanza's normalize_token
                # (lstrip, then every whitespace a space) is an lstrip here
                stripped = piece.lstrip(" ")
                tok = stripped.replace(" ", "") if self.remove_spaces else stripped
                if not tok:
                    continue
                st = -1
                # a token with no space inside is one part (most are): no split needed
                parts = _SPACE_SPLIT.split(piece) if " " in stripped else (piece,)
                for part in parts:
                    if not part:
                        continue
                    try:
                        st0 = plain.index(part, char_offset) - char_offset
                    except ValueError:
                        raise ModelError(f"tokenizer: cannot find {part!r} in the text after {char_offset}") from None
                    if st < 0:
                        st = char_offset + st0 + (len(part) - len(part.lstrip(" ")))
                    char_offset += st0 + len(part)
                current.append((tok, label, st, char_offset))
                if label in (SENTENCE_END, MWT_SENTENCE_END):
                    sentences.append(current)
                    current = []
            if current:
                sentences.append(current)
        return _to_dicts(text, sentences, self.token_limit)


def _to_dicts(text: str, sentences: list[list[tuple[str, int, int, int]]], token_limit: int) -> list[list[dict]]:
    tokens = [t for s in sentences for t in s]
    out, k = [], 0
    for sent in sentences:
        dicts = []
        for i, (tok, label, start, end) in enumerate(sent):
            after = text[end:tokens[k + 1][2]] if k + 1 < len(tokens) else text[end:]
            pieces = ["MWT=Yes"] if label in (MWT_END, MWT_SENTENCE_END) else []
            if after != " ":
                pieces.append("SpacesAfter=" + _escape(after) if after else "SpaceAfter=No")
            if k == 0 and start > 0:
                pieces.append("SpacesBefore=" + _escape(text[:start]))
            entry: dict[str, Any] = {"id": i + 1, "text": tok if len(tok) <= token_limit else _TOO_LONG}
            misc = "|".join(sorted(pieces)) if len(pieces) > 1 else pieces[0] if pieces else None
            # a word's own misc (the MWT mark) stands in field order, before the offsets;
            # Stanza adds the whitespace-only misc after them
            if label in (MWT_END, MWT_SENTENCE_END):
                entry["misc"] = misc
            entry["start_char"] = start
            entry["end_char"] = end
            if misc is not None and "misc" not in entry:
                entry["misc"] = misc
            dicts.append(entry)
            k += 1
        out.append(dicts)
    return out


_ESCAPES = {" ": "\\s", "\t": "\\t", "\r": "\\r", "\n": "\\n", "|": "\\p", "\\": "\\\\", "\u00a0": "\\u00A0"}


def _escape(space: str) -> str:
    """stanza.models.common.utils.escape_misc_space."""
    return "".join(_ESCAPES.get(c, c) for c in space)


# --- windows of long paragraphs (utils.predict) ---------------------------------------------

class _Window:
    """``real`` characters of a paragraph from ``offset``, padded to ``total`` steps."""

    __slots__ = ("key", "para", "offset", "real", "total")

    def __init__(self, key: tuple[int, int], para: _Paragraph, offset: int, real: int, total: int) -> None:
        self.key = key
        self.para = para
        self.offset = offset
        self.real = real
        self.total = total


class _Batch:
    """One of Stanza's prediction batches (up to batch_size paragraphs of one text, longest
    first). When its longest paragraph has ``window`` characters or more, Stanza predicts it
    in windows of at most ``window`` steps, each next window starting after the last
    sentence end found in the one before; the other rows of the batch are padded to each
    window's width, which changes their backward LSTM, so this follows it exactly."""

    def __init__(self, members: list[_Paragraph], window: int) -> None:
        self.members = members
        self.window = window
        self.lengths = [len(p.units) for p in members]
        self.windowed = self.lengths[0] + 1 > window
        self.idx = [0] * len(members)
        self.pieces: list[list[np.ndarray]] = [[] for _ in members]
        self.first = True
        self.finished = False
        self._ens: list[int] = []

    def windows(self) -> Iterator[_Window]:
        if not self.windowed:
            # one pass; every row has one padding step after its last character
            for j, p in enumerate(self.members):
                yield _Window((id(self), j), p, 0, self.lengths[j], self.lengths[j] + 1)
            return
        self._ens = [min(n - i, self.window) for n, i in zip(self.lengths, self.idx)]
        width = max(self._ens)
        for j, p in enumerate(self.members):
            if self.first:
                real, total = min(self.lengths[j], width), min(self.lengths[j] + 1, width)
            else:
                real, total = self._ens[j], width
            if real > 0:
                yield _Window((id(self), j), p, self.idx[j], real, total)

    def feed(self, labels: Mapping[Any, np.ndarray]) -> None:
        if not self.windowed:
            for j in range(len(self.members)):
                self.pieces[j].append(labels[(id(self), j)][:self.lengths[j]])
            self.finished = True
            return
        for j in range(len(self.members)):
            ens = self._ens[j]
            if ens == 0:
                continue
            got = labels[(id(self), j)]
            if self.idx[j] >= self.lengths[j] - self.window:
                advance = ens
            else:
                ends = np.flatnonzero((got == SENTENCE_END) | (got == MWT_SENTENCE_END))
                advance = int(ends[-1]) + 1 if ends.size else ens
            self.pieces[j].append(got[:advance])
            self.idx[j] += advance
        self.first = False
        self.finished = all(i >= n for i, n in zip(self.idx, self.lengths))

    def result(self) -> dict[int, np.ndarray]:
        return {id(p): np.concatenate(pieces) for p, pieces in zip(self.members, self.pieces)}


# --- the model's configuration ----------------------------------------------------------------

def _check_config(config: Mapping[str, Any], params: Mapping[str, np.ndarray]) -> None:
    """Refuse, in one line, a model that uses what this port does not implement."""
    for key, allowed in _UNSUPPORTED:
        if config.get(key) not in allowed:
            raise UnsupportedModelError(f"the NumPy tokenizer does not support {key}={config.get(key)!r}")
    funcs = config.get("feat_funcs") or []
    unknown = [f for f in funcs if f not in _CHAR_FEATURES and f not in _POSITION_FEATURES]
    if unknown:
        raise UnsupportedModelError(f"the NumPy tokenizer does not support the feature(s) {', '.join(unknown)}")
    if config.get("shorthand") == "la_ittb":
        raise UnsupportedModelError("the NumPy tokenizer does not support the la_ittb special case")
    for key in ("rnn_layers", "hierarchical", "batch_size", "emb_dim", "feat_dim"):
        if key not in config:
            raise ModelError(f"tokenizer model config lacks {key}")
    n_feats = len([f for f in funcs if f in _CHAR_FEATURES]) + len([f for f in funcs if f in _POSITION_FEATURES])
    if n_feats != config["feat_dim"]:
        raise ModelError(f"tokenizer model has feat_dim {config['feat_dim']} but {n_feats} known features")
    needed = ["embeddings.weight", "rnn.weight_ih_l0", "tok_clf.weight", "sent_clf.weight"]
    if config.get("use_mwt") is None or config["use_mwt"]:
        needed.append("mwt_clf.weight")
    if config["hierarchical"]:
        needed += ["rnn2.weight_ih_l0", "tok_clf2.weight", "sent_clf2.weight"]
    missing = [n for n in needed if n not in params]
    if missing:
        raise ModelError(f"tokenizer model lacks weights {', '.join(missing)}")
    w_in = params["rnn.weight_ih_l0"].shape[1]
    if w_in != config["emb_dim"] + config["feat_dim"]:
        raise ModelError(f"tokenizer model's first LSTM takes {w_in} inputs, not emb_dim + feat_dim")
