"""The few layers Stanza's models are made of, in NumPy (float32), for inference only.

Weights are looked up by their ``state_dict`` names (``params[prefix + "weight"]``), so a
model here is a function of a dict of arrays. Batches are padded arrays ``(batch, time,
features)`` with a length per row; padding comes out as zeros, as ``pad_packed_sequence``
leaves it."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

Params = Mapping[str, np.ndarray]


def sigmoid(x: np.ndarray) -> np.ndarray:
    # split by sign so that exp never overflows (torch's sigmoid saturates the same way)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def logsigmoid(x: np.ndarray) -> np.ndarray:
    """log(sigmoid(x)) without overflow: min(x, 0) - log1p(exp(-|x|))."""
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


def softplus(x: np.ndarray) -> np.ndarray:
    # torch's softplus (beta 1, threshold 20): linear above the threshold
    return np.where(x > 20, x, np.log1p(np.exp(np.minimum(x, 20))))


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0)
    shifted = x - top
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def linear(x: np.ndarray, params: Params, prefix: str) -> np.ndarray:
    """``nn.Linear``: x @ W.T (+ b)."""
    out = x @ params[prefix + "weight"].T
    bias = params.get(prefix + "bias")
    return out + bias if bias is not None else out


def embedding(ids: np.ndarray, params: Params, prefix: str) -> np.ndarray:
    return params[prefix + "weight"][ids]


def _sigmoid_fast(x: np.ndarray) -> np.ndarray:
    # inside the recurrence: tanh form, no overflow, one ufunc less than 1 / (1 + exp(-x))
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _direction(pre: np.ndarray, lengths: np.ndarray, w_hh: np.ndarray, h0: np.ndarray, c0: np.ndarray,
               reverse: bool) -> np.ndarray:
    """One direction of one LSTM layer. ``pre`` is x @ W_ih.T + b_ih + b_hh for every step,
    rows sorted by length, longest first, so the rows still running at step t are a prefix."""
    batch, steps, four = pre.shape
    hidden = four // 4
    out = np.zeros((batch, steps, hidden), dtype=pre.dtype)
    h = np.repeat(h0[None, :], batch, 0) if h0.ndim == 1 else h0.copy()
    c = np.repeat(c0[None, :], batch, 0) if c0.ndim == 1 else c0.copy()
    w = w_hh.T.copy()
    # running[t]: how many rows are longer than t
    running = np.searchsorted(-lengths, -np.arange(steps), side="left")
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    for t in order:
        k = int(running[t])
        if k == 0:
            continue
        gates = pre[:k, t] + h[:k] @ w
        i = _sigmoid_fast(gates[:, :hidden])
        f = _sigmoid_fast(gates[:, hidden:2 * hidden])
        g = np.tanh(gates[:, 2 * hidden:3 * hidden])
        o = _sigmoid_fast(gates[:, 3 * hidden:])
        c[:k] = f * c[:k] + i * g
        h[:k] = o * np.tanh(c[:k])
        out[:k, t] = h[:k]
    return out


def lstm(x: np.ndarray, lengths: np.ndarray | list[int], params: Params, prefix: str, num_layers: int = 1,
         bidirectional: bool = True, h0: np.ndarray | None = None, c0: np.ndarray | None = None) -> np.ndarray:
    """``nn.LSTM(batch_first=True)`` over a padded batch (as if packed by ``lengths``).

    ``h0``/``c0``: ``(layers * directions, hidden)`` or ``(layers * directions, batch,
    hidden)``, zeros when None. Returns ``(batch, time, hidden * directions)``."""
    lengths = np.asarray(lengths, dtype=np.int64)
    order = np.argsort(-lengths, kind="stable")
    back = np.empty_like(order)
    back[order] = np.arange(order.size)
    sorted_len = lengths[order]
    steps = int(sorted_len[0]) if sorted_len.size else 0
    layer_in = np.ascontiguousarray(x[order, :steps], dtype=np.float32)
    dirs = ["", "_reverse"] if bidirectional else [""]
    for layer in range(num_layers):
        outs = []
        for d, suffix in enumerate(dirs):
            name = f"{prefix}weight_ih_l{layer}{suffix}"
            w_ih = params[name]
            bias = params[f"{prefix}bias_ih_l{layer}{suffix}"] + params[f"{prefix}bias_hh_l{layer}{suffix}"]
            hidden = w_ih.shape[0] // 4
            slot = layer * len(dirs) + d
            hs = _initial(h0, slot, order, hidden)
            cs = _initial(c0, slot, order, hidden)
            pre = layer_in @ w_ih.T + bias
            outs.append(_direction(pre, sorted_len, params[f"{prefix}weight_hh_l{layer}{suffix}"], hs, cs,
                                   reverse=bool(suffix)))
        layer_in = np.concatenate(outs, axis=2) if len(outs) > 1 else outs[0]
    full = np.zeros((x.shape[0], x.shape[1], layer_in.shape[2]), dtype=np.float32)
    full[:, :steps] = layer_in[back]
    return full


def _initial(state: np.ndarray | None, slot: int, order: np.ndarray, hidden: int) -> np.ndarray:
    if state is None:
        return np.zeros(hidden, dtype=np.float32)
    s = state[slot]
    if s.ndim == 2 and s.shape[0] == 1:        # (1, hidden): one state broadcast to the batch
        return s[0].astype(np.float32)
    return s[order].astype(np.float32) if s.ndim == 2 else s.astype(np.float32)


def highway_lstm(x: np.ndarray, lengths: np.ndarray | list[int], params: Params, prefix: str, num_layers: int,
                 h0: np.ndarray | None = None, c0: np.ndarray | None = None,
                 highway_func: Callable[[np.ndarray], np.ndarray] = np.tanh) -> np.ndarray:
    """Stanza's ``HighwayLSTM`` (bidirectional): each layer's LSTM output plus a gated
    highway of its input, ``h + sigmoid(gate(x)) * f(highway(x))``. Padding stays zero."""
    lengths = np.asarray(lengths, dtype=np.int64)
    mask = (np.arange(x.shape[1])[None, :] < lengths[:, None])[:, :, None]
    layer_in = x.astype(np.float32)
    for layer in range(num_layers):
        sub = {"weight_ih_l0": params[f"{prefix}lstm.{layer}.lstm.weight_ih_l0"]}
        for key in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            for suffix in ("", "_reverse"):
                sub[key + suffix] = params[f"{prefix}lstm.{layer}.lstm.{key}{suffix}"]
        hs = h0[2 * layer:2 * layer + 2] if h0 is not None else None
        cs = c0[2 * layer:2 * layer + 2] if c0 is not None else None
        h = lstm(layer_in, lengths, sub, "", 1, True, hs, cs)
        gate = sigmoid(linear(layer_in, params, f"{prefix}gate.{layer}."))
        way = highway_func(linear(layer_in, params, f"{prefix}highway.{layer}."))
        layer_in = (h + gate * way) * mask
    return layer_in


def char_attention_words(char_ids: list[list[int]], params: Params, prefix: str) -> np.ndarray:
    """Stanza's ``CharacterModel`` (one direction, attention pooling): each word's characters
    -> embeddings -> LSTM from the learned initial state -> sum of the states weighted by
    ``sigmoid(attention(state))``. One vector per word in ``char_ids``; the model has no
    context, so the caller may pass each distinct spelling once."""
    lengths = np.array([len(w) for w in char_ids], dtype=np.int64)
    width = int(lengths.max()) if lengths.size else 0
    ids = np.zeros((len(char_ids), width), dtype=np.int64)
    for i, w in enumerate(char_ids):
        ids[i, :len(w)] = w
    embs = params[prefix + "char_emb.weight"][ids]
    h0 = params[prefix + "charlstm_h_init"][:, 0]
    c0 = params[prefix + "charlstm_c_init"][:, 0]
    states = lstm(embs, lengths, params, prefix + "charlstm.lstm.", 1, False, h0, c0)
    weights = sigmoid(states @ params[prefix + "char_attn.weight"].T)
    return (states * weights).sum(1)        # padding states are zero: they add nothing


def pairwise_biaffine(dep: np.ndarray, head: np.ndarray, params: Params, prefix: str) -> np.ndarray:
    """Stanza's ``DeepBiaffineScorer`` with one output: ``scores[n, i, j]`` for word i of
    sentence n (the dependent) and word j (the head)."""
    d = np.maximum(linear(dep, params, prefix + "W1."), 0)
    h = np.maximum(linear(head, params, prefix + "W2."), 0)
    ones = np.ones(d.shape[:-1] + (1,), dtype=d.dtype)
    d = np.concatenate([d, ones], -1)
    h = np.concatenate([h, ones], -1)
    weight = params[prefix + "scorer.W_bilin.weight"]          # (I, J, 1)
    bias = params[prefix + "scorer.W_bilin.bias"]
    left = d @ weight[:, :, 0]                                 # (N, L, J)
    return left @ np.swapaxes(h, 1, 2) + bias[0]
