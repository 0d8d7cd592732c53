"""The few layers Stanza's models are made of, in NumPy (float32), for inference only.

Weights are looked up by their ``state_dict`` names (``params[prefix + "weight"]``), so a
model here is a function of a dict of arrays. Batches are padded arrays ``(batch, time,
features)`` with a length per row; padding comes out as zeros, as ``pad_packed_sequence``
leaves it."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ..threads import blas_single

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
    return 0.5 * np.tanh(0.5 * x) + 0.5


class Packing:
    """How the rows of a packed batch (sentence after sentence, ``lengths[b]`` rows each)
    line up in time: ``index[t, k]`` is the row of step t of the k-th longest sequence
    (``n_rows`` for padding, a zero row), ``reverse_index[t, k]`` the same with each
    sequence read from its end, ``running[t]`` how many sequences are longer than t. The
    recurrence then reads one contiguous block per step, in both directions at once: read
    backwards, every sequence also starts at step 0."""

    def __init__(self, lengths: np.ndarray | list[int]) -> None:
        self.lengths = np.asarray(lengths, dtype=np.int64)
        self.n_rows = int(self.lengths.sum())
        starts = np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)
        order = np.argsort(-self.lengths, kind="stable")
        self.steps = int(self.lengths.max()) if self.lengths.size else 0
        t = np.arange(self.steps)[:, None]
        sorted_len = self.lengths[order]
        inside = t < sorted_len[None, :]
        self.index = np.where(inside, starts[order][None, :] + t, self.n_rows)
        self.reverse_index = np.where(inside, starts[order][None, :] + sorted_len[None, :] - 1 - t, self.n_rows)
        self.running = (sorted_len[None, :] > np.arange(self.steps)[:, None]).sum(1)
        # where each row's state is found again: (step, rank) of every row
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        seq = np.repeat(np.arange(self.lengths.size), self.lengths)
        self.row_step = np.arange(self.n_rows) - starts[seq]
        self.row_reverse_step = self.lengths[seq] - 1 - self.row_step
        self.row_rank = rank[seq]


def _run(pre: np.ndarray, packing: Packing, w_hh: np.ndarray, h0: np.ndarray, c0: np.ndarray) -> np.ndarray:
    """The recurrence of one LSTM layer, every direction at once: ``pre`` (D, T, B, 4H) are
    the gate inputs of each direction in its own reading order (see :class:`Packing`),
    their input, forget and output parts halved (see :func:`_halved`), so that one
    ``tanh`` gives all four gates: sigmoid(x) = (tanh(x / 2) + 1) / 2. ``w_hh`` (D, H, 4H),
    ``h0``/``c0`` (D, H). Returns the states (D, T, B, H), zero on padding."""
    dirs, steps, batch, four = pre.shape
    hidden = four // 4
    out = np.zeros((dirs, steps, batch, hidden), dtype=np.float32)
    h = np.repeat(h0[:, None, :], batch, 1).astype(np.float32)
    c = np.repeat(c0[:, None, :], batch, 1).astype(np.float32)
    for t in range(steps):
        k = int(packing.running[t])
        gates = np.tanh(pre[:, t, :k] + np.matmul(h[:, :k], w_hh))
        i, f = gates[..., :hidden], gates[..., hidden:2 * hidden]
        g, o = gates[..., 2 * hidden:3 * hidden], gates[..., 3 * hidden:]
        ck = ((f + 1) * c[:, :k] + (i + 1) * g) * 0.5
        c[:, :k] = ck
        hk = (o + 1) * np.tanh(ck) * 0.5
        h[:, :k] = hk
        out[:, t, :k] = hk
    return out


def _halved(w: np.ndarray) -> np.ndarray:
    """Gate weights (4H, ...) with the rows of the input, forget and output gates halved
    (exact in floating point): those gates are then read through one tanh."""
    hidden = w.shape[0] // 4
    out = w.astype(np.float32, copy=True)
    out[:2 * hidden] *= 0.5
    out[3 * hidden:] *= 0.5
    return out


# the weights as the recurrence reads them, made once per model weight
_PREPARED: dict[tuple, tuple] = {}


def _prepared(params: Params, prefix: str, layer: int, suffixes: list[str], extra: np.ndarray | None) -> tuple:
    key = (id(params), prefix, layer, len(suffixes), None if extra is None else extra.shape)
    got = _PREPARED.get(key)
    first = params[f"{prefix}weight_ih_l{layer}"]
    if got is None or got[0] is not first:
        w_ih = [_halved(params[f"{prefix}weight_ih_l{layer}{s}"]) for s in suffixes]
        bias = np.concatenate([_halved(params[f"{prefix}bias_ih_l{layer}{s}"] + params[f"{prefix}bias_hh_l{layer}{s}"])
                               for s in suffixes])
        w_hh = np.stack([_halved(params[f"{prefix}weight_hh_l{layer}{s}"]).T for s in suffixes])
        weights = np.ascontiguousarray(np.concatenate(w_ih + ([extra] if extra is not None else []), 0).T)
        got = _PREPARED[key] = (first, weights, bias, w_hh)
    return got[1:]


def lstm_packed(x: np.ndarray, packing: Packing, params: Params, prefix: str, layer: int = 0,
                bidirectional: bool = True, h0: np.ndarray | None = None, c0: np.ndarray | None = None,
                extra: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """One ``nn.LSTM`` layer over packed rows ``x`` (N, D) -> (N, H * directions).

    ``h0``/``c0``: (directions, hidden), zeros when None. ``extra``: more weights (E, D)
    applied to the same input in the same matrix product (the highway layers); its
    product (N, E) is returned beside the states. ``params`` must not change after the
    first call (prepared weights are kept)."""
    suffixes = ["", "_reverse"] if bidirectional else [""]
    weights, bias, w_hh = _prepared(params, prefix, layer, suffixes, extra)
    dirs, hidden = w_hh.shape[0], w_hh.shape[1]
    product = x @ weights
    gate_width = 4 * hidden * dirs
    pre = np.empty((packing.n_rows + 1, gate_width), dtype=np.float32)
    np.add(product[:, :gate_width], bias, out=pre[:-1])
    pre[-1] = 0
    four = 4 * hidden
    pre_t = np.empty((dirs,) + packing.index.shape + (four,), dtype=np.float32)
    pre_t[0] = pre[packing.index, :four]
    if dirs > 1:
        pre_t[1] = pre[packing.reverse_index, four:]
    h_init = np.stack([h0[d] if h0 is not None else np.zeros(hidden, np.float32) for d in range(dirs)])
    c_init = np.stack([c0[d] if c0 is not None else np.zeros(hidden, np.float32) for d in range(dirs)])
    with blas_single():             # one small product per step: not worth sharing
        states = _run(pre_t, packing, w_hh, h_init, c_init)
    outs = [states[0][packing.row_step, packing.row_rank]]
    if dirs > 1:
        outs.append(states[1][packing.row_reverse_step, packing.row_rank])
    y = np.concatenate(outs, 1) if len(outs) > 1 else outs[0]
    return y, (product[:, gate_width:] if extra is not None else None)


def lstm(x: np.ndarray, lengths: np.ndarray | list[int], params: Params, prefix: str, num_layers: int = 1,
         bidirectional: bool = True, h0: np.ndarray | None = None, c0: np.ndarray | None = None) -> np.ndarray:
    """``nn.LSTM(batch_first=True)`` over a padded batch (as if packed by ``lengths``).

    ``h0``/``c0``: ``(layers * directions, hidden)``, zeros when None. Returns ``(batch,
    time, hidden * directions)``, zero on padding."""
    lengths = np.asarray(lengths, dtype=np.int64)
    mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
    packing = Packing(lengths)
    rows = np.ascontiguousarray(x[mask], dtype=np.float32)
    dirs = 2 if bidirectional else 1
    for layer in range(num_layers):
        hs = h0[layer * dirs:(layer + 1) * dirs] if h0 is not None else None
        cs = c0[layer * dirs:(layer + 1) * dirs] if c0 is not None else None
        rows, _ = lstm_packed(rows, packing, params, prefix, layer, bidirectional, hs, cs)
    out = np.zeros(x.shape[:2] + (rows.shape[1],), dtype=np.float32)
    out[mask] = rows
    return out


def highway_lstm_packed(x: np.ndarray, packing: Packing, params: Params, prefix: str, num_layers: int,
                        h0: np.ndarray | None = None, c0: np.ndarray | None = None,
                        highway_func: Callable[[np.ndarray], np.ndarray] = np.tanh) -> np.ndarray:
    """Stanza's ``HighwayLSTM`` (bidirectional) over packed rows: each layer's LSTM output
    plus a gated highway of its input, ``h + sigmoid(gate(x)) * f(highway(x))``."""
    rows = np.ascontiguousarray(x, dtype=np.float32)
    for layer in range(num_layers):
        gate_w, way_w = params[f"{prefix}gate.{layer}.weight"], params[f"{prefix}highway.{layer}.weight"]
        hs = h0[2 * layer:2 * layer + 2] if h0 is not None else None
        cs = c0[2 * layer:2 * layer + 2] if c0 is not None else None
        h, both = lstm_packed(rows, packing, params, f"{prefix}lstm.{layer}.lstm.", 0, True, hs, cs,
                              extra=np.concatenate([gate_w, way_w], 0))
        assert both is not None
        width = gate_w.shape[0]
        gate = _sigmoid_fast(both[:, :width] + params[f"{prefix}gate.{layer}.bias"])
        way = highway_func(both[:, width:] + params[f"{prefix}highway.{layer}.bias"])
        rows = h + gate * way
    return rows


def highway_lstm(x: np.ndarray, lengths: np.ndarray | list[int], params: Params, prefix: str, num_layers: int,
                 h0: np.ndarray | None = None, c0: np.ndarray | None = None,
                 highway_func: Callable[[np.ndarray], np.ndarray] = np.tanh) -> np.ndarray:
    """:func:`highway_lstm_packed` over a padded batch; padding stays zero."""
    lengths = np.asarray(lengths, dtype=np.int64)
    mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
    rows = highway_lstm_packed(x[mask], Packing(lengths), params, prefix, num_layers, h0, c0, highway_func)
    out = np.zeros(x.shape[:2] + (rows.shape[1],), dtype=np.float32)
    out[mask] = rows
    return out


def char_attention_words(char_ids: list[list[int]], params: Params, prefix: str) -> np.ndarray:
    """Stanza's ``CharacterModel`` (one direction, attention pooling): each word's characters
    -> embeddings -> LSTM from the learned initial state -> sum of the states weighted by
    ``sigmoid(attention(state))``. One vector per word in ``char_ids``; the model has no
    context, so the caller may pass each distinct spelling once."""
    lengths = np.array([len(w) for w in char_ids], dtype=np.int64)
    flat = np.fromiter((c for w in char_ids for c in w), dtype=np.int64, count=int(lengths.sum()))
    embs = params[prefix + "char_emb.weight"][flat]
    h0 = params[prefix + "charlstm_h_init"][:, 0]
    c0 = params[prefix + "charlstm_c_init"][:, 0]
    states, _ = lstm_packed(embs, Packing(lengths), params, prefix + "charlstm.lstm.", 0, False, h0, c0)
    weights = _sigmoid_fast(states @ params[prefix + "char_attn.weight"].T)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return np.add.reduceat(states * weights, starts, axis=0)


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
