"""Inference for Stanza's graph dependency parser that computes only what a parse needs.

Stanza's ``GraphParser.predict`` scores every label for every (dependent, head) pair, takes
a log-softmax over that whole tensor (kept for an optional repair step we never run), and
then decodes each tree with a pure-Python Chu-Liu-Edmonds. On 2 CPU cores those three were
two thirds of the parser's time on real news. Here the same model, the same arithmetic:

- the head scores are computed as Stanza does (biaffine + linearization + distance);
- each tree is decoded by the same single-root maximum spanning tree (Stanza's root
  rescaling), with the compiled decoder of ``ufal.chu_liu_edmonds`` when it is installed
  (the pure-Python one otherwise);
- labels are scored at the chosen heads only: one vector per word instead of one per
  word pair (the argmax at the chosen head is the same number Stanza reads).

The tagger's composite vocabularies (features, composite XPOS) rebuild the same
``Feat=Val|...`` string from the same ids for every word; :func:`install` memoizes that
lookup per vocabulary (a quarter of the tagger's time on real news).

Installed by :func:`install` on a loaded pipeline; anything it does not recognise (another
parser kind, arc embeddings, head-constraint repair) keeps Stanza's own ``predict``.
"""
from __future__ import annotations

import types
from typing import Any

import numpy as np

def _load_compiled_decoder() -> Any:
    """The compiled decoder, identical trees; no wheel for every Python, so optional."""
    try:
        from ufal.chu_liu_edmonds import chu_liu_edmonds
    except ImportError:  # pragma: no cover - depends on the platform
        return None
    return chu_liu_edmonds


_compiled_mst = _load_compiled_decoder()


def single_root_tree(scores: np.ndarray) -> np.ndarray:
    """Heads of the best tree with exactly one word on the root, for ``scores[dependent, head]``
    (row and column 0 are the root). Same rescaling as Stanza's ``chuliu_edmonds_one_root``."""
    scores = scores.astype(np.float64)          # a copy: the caller's array is left alone
    finite = scores[np.isfinite(scores)]
    scores[:, 0] += finite.min() * scores.shape[0]
    if _compiled_mst is not None:
        heads, _ = _compiled_mst(scores)
        return np.asarray(heads)
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds
    return chuliu_edmonds(scores)


def decoder_name() -> str:
    return "ufal.chu_liu_edmonds" if _compiled_mst is not None else "stanza (pure Python)"


def install(nlp: Any) -> bool:
    """Memoize the tagger's vocabularies and give the pipeline's graph parser the lean
    ``predict``; False when the parser is not one we know (it then runs as Stanza's)."""
    for processor in getattr(nlp, "processors", {}).values():
        vocabs: Any = getattr(getattr(processor, "trainer", None), "vocab", None)
        if vocabs is None:
            continue
        for key in ("xpos", "feats"):
            try:
                _memoize_id2unit(vocabs[key])
            except (KeyError, TypeError):
                continue
        try:
            _memoize_char_map(vocabs["char"])
        except (KeyError, TypeError):
            pass
        model = getattr(getattr(processor, "trainer", None), "model", None)
        charmodel = getattr(model, "charmodel", None)
        if charmodel is not None and type(charmodel).__name__ == "CharacterModel":
            _share_word_spellings(charmodel)
    _install_long_tensor()
    return _install_parser(nlp)


def _share_word_spellings(charmodel: Any) -> None:
    """Run the character LSTM once per distinct spelling in a batch, not once per word.

    The character model sees one word at a time (no context), so every "the" and "said"
    of a batch gets the same vector: news text repeats most of its words, and the LSTM over
    characters was a third of the tagger's time."""
    if getattr(charmodel, "_shared", False) or not getattr(charmodel, "attn", False):
        return
    original = charmodel.forward

    def forward(chars: Any, chars_mask: Any, word_orig_idx: Any, sentlens: Any, wordlens: Any) -> Any:
        if charmodel.training:
            return original(chars, chars_mask, word_orig_idx, sentlens, wordlens)
        return _char_forward_unique(charmodel, chars, word_orig_idx, sentlens, wordlens)

    charmodel.forward = forward
    charmodel._shared = True


def _char_forward_unique(cm: Any, chars: Any, word_orig_idx: Any, sentlens: Any, wordlens: Any) -> Any:
    """Stanza's ``CharacterModel.forward`` (attention pooling), over distinct rows only."""
    import torch
    from stanza.models.common.utils import tensor_unsort
    from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pack_sequence, pad_packed_sequence

    lengths = torch.as_tensor(wordlens)
    unique, inverse = torch.unique(chars, dim=0, return_inverse=True)
    unique_len = torch.zeros(unique.size(0), dtype=lengths.dtype)
    unique_len[inverse] = lengths                        # equal rows have equal lengths
    order = torch.argsort(unique_len, descending=True, stable=True)
    rows, row_len = unique[order], unique_len[order]
    width = int(row_len[0])
    embs = cm.char_emb(rows[:, :width])
    n, layers, hidden = rows.size(0), cm.num_dir * cm.args["char_num_layers"], cm.args["char_hidden_dim"]
    packed = pack_padded_sequence(embs, row_len.tolist(), batch_first=True)
    output = cm.charlstm(packed, row_len.tolist(), hx=(cm.charlstm_h_init.expand(layers, n, hidden).contiguous(),
                                                       cm.charlstm_c_init.expand(layers, n, hidden).contiguous()))
    reps = output[0]
    weights = torch.sigmoid(cm.char_attn(reps.data))
    reps, _ = pad_packed_sequence(PackedSequence(reps.data * weights, reps.batch_sizes), batch_first=True)
    pooled = reps.sum(1)
    back = torch.empty_like(order)
    back[order] = torch.arange(order.size(0))
    res = pooled[back[inverse]]                           # one vector per word again, in batch order
    packed_words = pack_sequence(tensor_unsort(res, word_orig_idx).split(sentlens))
    if cm.pad:
        return pad_packed_sequence(packed_words, batch_first=True)[0]
    return packed_words


# distinct spellings remembered per character vocabulary before the memo starts again
_SPELLINGS_KEPT = 200_000


def _memoize_char_map(vocab: Any) -> None:
    """Characters -> ids, once per distinct spelling: the tagger and the parser map the
    characters of every word of every batch one by one (a tenth of the tagger's time)."""
    if type(vocab).__name__ != "CharVocab" or getattr(vocab, "_map_memoized", False):
        return
    compute = vocab.map
    memo: dict[tuple, tuple] = {}

    def map_units(units: Any) -> list:
        try:
            key = tuple(units)
            ids = memo.get(key)
        except TypeError:           # unhashable units: not worth remembering
            return compute(units)
        if ids is None:
            if len(memo) >= _SPELLINGS_KEPT:
                memo.clear()
            ids = memo[key] = tuple(compute(list(key)))
        return list(ids)            # a new list each time: callers may change theirs

    vocab.map = map_units
    vocab._map_memoized = True


def _install_long_tensor() -> None:
    """Give Stanza's data loaders (tagger, lemmatizer, parser, character model) a
    ``get_long_tensor`` that pads a list of id lists in one step instead of one small
    tensor per row; deeper or unusual input goes to Stanza's own."""
    import importlib

    from stanza.models.common import data as common_data
    original = common_data.get_long_tensor
    for name in ("stanza.models.pos.data", "stanza.models.depparse.data", "stanza.models.lemma.data",
                 "stanza.models.common.char_model"):
        module: Any = importlib.import_module(name)
        if getattr(module, "get_long_tensor", None) is original:
            module.get_long_tensor = _padded_long_tensor(original)


def _padded_long_tensor(original: Any) -> Any:
    import torch

    def get_long_tensor(tokens_list: Any, batch_size: int, pad_id: int = 0) -> Any:
        if not tokens_list or not isinstance(tokens_list[0], list) or len(tokens_list) > batch_size:
            return original(tokens_list, batch_size, pad_id)
        flat = [z for row in tokens_list for z in row]
        if not flat or not all(type(z) is int for z in flat):     # a deeper list, or not ids
            return original(tokens_list, batch_size, pad_id)
        lengths = torch.tensor([len(row) for row in tokens_list])
        width = int(lengths.max())
        out = torch.full((batch_size, width), pad_id, dtype=torch.long)
        out[:len(tokens_list)][torch.arange(width) < lengths.unsqueeze(1)] = torch.tensor(flat, dtype=torch.long)
        return out

    get_long_tensor.stanza = original          # type: ignore[attr-defined]
    return get_long_tensor


def _memoize_id2unit(vocab: Any) -> None:
    """Ids -> unit string, computed once per distinct ids (the vocabulary never changes
    after loading)."""
    if getattr(vocab, "_memoized", False) or not hasattr(vocab, "id2unit"):
        return
    compute = vocab.id2unit
    memo: dict = {}

    def id2unit(ids: Any) -> Any:
        key = tuple(ids) if isinstance(ids, (list, tuple)) else ids
        try:
            return memo[key]
        except KeyError:
            value = compute(ids)
            if isinstance(value, str):  # immutable: safe to hand out again
                memo[key] = value
            return value
        except TypeError:           # unhashable ids: not worth remembering
            return compute(ids)

    vocab.id2unit = id2unit
    vocab._memoized = True


def _install_parser(nlp: Any) -> bool:
    processor = getattr(nlp, "processors", {}).get("depparse")
    model = getattr(getattr(processor, "trainer", None), "model", None)
    if model is None or type(model).__name__ != "GraphParser":
        return False
    if model.args.get("use_arc_embedding") or not hasattr(model, "deprel"):
        return False
    original = model.predict

    def predict(self: Any, *inputs: Any, resolve_head_constraints: bool = False) -> list:
        if resolve_head_constraints or self.training:
            return original(*inputs, resolve_head_constraints=resolve_head_constraints)
        return _lean_predict(self, *inputs)

    model.predict = types.MethodType(predict, model)
    return True


def _lean_predict(model: Any, word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained,
                  lemma, head, deprel, word_orig_idx, sentlens, wordlens, text) -> list:
    import torch
    import torch.nn.functional as F
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE

    with torch.inference_mode():
        lstm = model.embed(word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained,
                           lemma, head, deprel, word_orig_idx, sentlens, wordlens, text)
        # head scores exactly as GraphParser.forward_scores (dropout is the identity here)
        arcs = model.unlabeled(lstm, lstm).squeeze(3)
        if model.args["linearization"] or model.args["distance"]:
            positions = torch.arange(word.size(1))     # word holds the root at 0
            offset = positions.view(1, 1, -1) - positions.view(1, -1, 1)
        if model.args["linearization"]:
            lin = model.linearization(lstm, lstm).squeeze(3)
            arcs = arcs + F.logsigmoid(lin * torch.sign(offset).float())
        if model.args["distance"]:
            dist = 1 + F.softplus(model.distance(lstm, lstm).squeeze(3))
            arcs = arcs + -torch.log((torch.abs(offset).float() - dist) ** 2 / 2 + 1)
        diag = torch.eye(arcs.size(-1), dtype=torch.bool).unsqueeze(0)
        arcs = arcs.masked_fill(diag, -float("inf"))
        log_probs = F.log_softmax(arcs, 2).numpy()

        trees = [single_root_tree(log_probs[i][:n, :n]) for i, n in enumerate(sentlens)]
        heads = torch.zeros(lstm.shape[:2], dtype=torch.long)
        for i, tree in enumerate(trees):
            heads[i, :len(tree)] = torch.as_tensor(np.maximum(tree, 0), dtype=torch.long)  # root: -1

        labels = _labels_at_heads(model.deprel, lstm, heads, sentlens) + VOCAB_PREFIX_SIZE

    vocab = model.vocab["deprel"]
    out = []
    for i, n in enumerate(sentlens):
        tree = trees[i][1:]
        names = vocab.unmap(labels[i][1:n].tolist())
        out.append([[int(tree[j]), names[j]] for j in range(n - 1)])
    return out


def _labels_at_heads(scorer: Any, lstm: Any, heads: Any, sentlens: list[int]) -> np.ndarray:
    """Best label id (without the vocabulary's prefix) of every word for its chosen head:
    ``argmax_o dep_w . W[:, :, o] . head_h + b_o``, the deep biaffine of GraphParser.deprel.

    The bilinear form costs 201 x 201 x 51 multiply-adds however it is ordered; it is
    ordered here head first, once per distinct (sentence, head), not once per word: on
    news text 39% of the words head another word, and the padding of the batch is skipped
    (the biaffine was half of the parser's time). Returns an (N, L) array, 0 on padding."""
    import torch

    n_sent, width = lstm.shape[:2]
    lengths = torch.as_tensor(sentlens)
    real = torch.arange(width).unsqueeze(0) < lengths.unsqueeze(1)
    real[:, 0] = False                                  # the root is nobody's dependent
    rows = real.flatten().nonzero().squeeze(1)          # (sentence * width + word) of each word
    flat = lstm.reshape(n_sent * width, -1)
    head_rows = torch.div(rows, width, rounding_mode="floor") * width + heads.flatten()[rows]
    distinct, which = torch.unique(head_rows, return_inverse=True)

    dep = scorer.hidden_func(scorer.W1(flat[rows]))
    hed = scorer.hidden_func(scorer.W2(flat[distinct]))
    dep = torch.cat([dep, dep.new_ones(dep.size(0), 1)], 1)
    hed = torch.cat([hed, hed.new_ones(hed.size(0), 1)], 1)
    bilinear = scorer.scorer.W_bilin
    size_i, size_j, size_o = bilinear.weight.shape
    by_head = _head_major(bilinear)                     # (J, I * O)
    per_head = (hed @ by_head).view(-1, size_i, size_o)  # one (I, O) matrix per distinct head
    scores = torch.empty(dep.size(0), 1, size_o)
    for start in range(0, dep.size(0), _WORDS_AT_ONCE):   # each word's (I, O) matrix, a few at a time
        end = start + _WORDS_AT_ONCE
        torch.bmm(dep[start:end].unsqueeze(1), per_head.index_select(0, which[start:end]), out=scores[start:end])
    labels = torch.zeros(n_sent * width, dtype=torch.long)
    labels[rows] = (scores.squeeze(1) + bilinear.bias).argmax(1)
    return labels.view(n_sent, width).numpy()


# words whose copied (I, O) matrices stay in the cache while they are used: gathering them all
# at once (41 kB a word) and multiplying afterwards was five times slower, memory-bound
_WORDS_AT_ONCE = 64


def _head_major(bilinear: Any) -> Any:
    """The bilinear weight (I, J, O) laid out (J, I * O), made once per weight tensor."""
    weight = bilinear.weight
    cached = getattr(bilinear, "_head_major", None)
    if cached is None or cached[0] is not weight or cached[1] != weight._version:
        cached = (weight, weight._version, weight.detach().permute(1, 0, 2).reshape(weight.size(1), -1).contiguous())
        object.__setattr__(bilinear, "_head_major", cached)
    return cached[2]
