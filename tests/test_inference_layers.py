"""The NumPy layers compute what the torch and Stanza modules they stand for compute, on
random weights (every weight non-zero, unlike Stanza's zero-initialised scorers) and on
batches whose lengths are unsorted and include 1."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from stanza.models.common.biaffine import DeepBiaffineScorer
from stanza.models.common.char_model import CharacterModel
from stanza.models.common.hlstm import HighwayLSTM
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from attribution.parse.inference import layers

TOLERANCE = 1e-5
LENGTHS = [3, 7, 1, 5, 7, 2]            # unsorted, with a tie and a sequence of one step


def params_of(module: torch.nn.Module, prefix: str = "") -> dict[str, np.ndarray]:
    return {prefix + k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


def randomise(module: torch.nn.Module, seed: int) -> None:
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.5)


def padded_batch(lengths: list[int], width: int, seed: int) -> tuple[np.ndarray, torch.Tensor]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((len(lengths), max(lengths), width)).astype(np.float32)
    for i, n in enumerate(lengths):
        x[i, n:] = 0
    return x, torch.from_numpy(x.copy())


def assert_close(mine: np.ndarray, theirs: torch.Tensor, lengths: list[int] | None = None) -> None:
    expected = theirs.detach().numpy()
    assert mine.dtype == np.float32
    assert mine.shape == expected.shape
    np.testing.assert_allclose(mine, expected, rtol=TOLERANCE, atol=TOLERANCE)
    if lengths is not None:             # padding is zero, as pad_packed_sequence leaves it
        for i, n in enumerate(lengths):
            assert not mine[i, n:].any()
    assert np.abs(expected).max() > 0.05           # not a comparison of zeros


@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize("initial", [False, True], ids=["zero-state", "initial-state"])
def test_lstm_is_torchs_lstm(bidirectional, initial):
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(6, 5, num_layers=2, batch_first=True, bidirectional=bidirectional)
    randomise(lstm, 1)
    dirs = 2 if bidirectional else 1
    x, xt = padded_batch(LENGTHS, 6, 2)
    h0 = c0 = None
    hx = None
    if initial:
        rng = np.random.default_rng(3)
        h0 = rng.standard_normal((2 * dirs, 5)).astype(np.float32)
        c0 = rng.standard_normal((2 * dirs, 5)).astype(np.float32)
        # one state per layer and direction, the same for every sequence (a learned init)
        hx = tuple(torch.from_numpy(s)[:, None, :].expand(-1, len(LENGTHS), -1).contiguous() for s in (h0, c0))
    packed = pack_padded_sequence(xt, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        out, _ = lstm(packed, hx)
    expected, _ = pad_packed_sequence(out, batch_first=True)
    mine = layers.lstm(x, LENGTHS, params_of(lstm, "rnn."), "rnn.", num_layers=2, bidirectional=bidirectional,
                       h0=h0, c0=c0)
    assert_close(mine, expected, LENGTHS)


def test_lstm_of_one_sequence_of_one_step():
    lstm = torch.nn.LSTM(4, 3, batch_first=True, bidirectional=True)
    randomise(lstm, 5)
    x, xt = padded_batch([1], 4, 6)
    with torch.no_grad():
        expected, _ = lstm(xt)
    assert_close(layers.lstm(x, [1], params_of(lstm), ""), expected)


@pytest.mark.parametrize("highway", ["tanh", "identity"])
def test_highway_lstm_is_stanzas(highway):
    torch.manual_seed(0)
    func = torch.tanh if highway == "tanh" else None
    hlstm = HighwayLSTM(6, 5, num_layers=2, batch_first=True, bidirectional=True, highway_func=func).eval()
    randomise(hlstm, 7)            # also the highway and gate biases Stanza starts at zero
    x, xt = padded_batch(LENGTHS, 6, 8)
    rng = np.random.default_rng(9)
    h0 = rng.standard_normal((4, 5)).astype(np.float32)
    c0 = rng.standard_normal((4, 5)).astype(np.float32)
    hx = tuple(torch.from_numpy(s)[:, None, :].expand(-1, len(LENGTHS), -1).contiguous() for s in (h0, c0))
    packed = pack_padded_sequence(xt, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        out, _ = hlstm(packed, LENGTHS, hx)
    expected, _ = pad_packed_sequence(out, batch_first=True)
    mine = layers.highway_lstm(x, LENGTHS, params_of(hlstm, "h."), "h.", 2, h0, c0,
                               highway_func=np.tanh if highway == "tanh" else (lambda v: v))
    assert_close(mine, expected, LENGTHS)


def test_highway_lstm_differs_from_a_plain_lstm():
    # the highway term is really added: the same LSTM weights without it give other states
    hlstm = HighwayLSTM(6, 5, num_layers=1, batch_first=True, bidirectional=True, highway_func=torch.tanh).eval()
    randomise(hlstm, 10)
    x, _ = padded_batch(LENGTHS, 6, 11)
    p = params_of(hlstm)
    with_highway = layers.highway_lstm(x, LENGTHS, p, "", 1)
    plain = layers.lstm(x, LENGTHS, p, "lstm.0.lstm.", 1)
    assert np.abs(with_highway - plain).max() > 0.05


CHAR_ARGS = {"char_emb_dim": 8, "char_hidden_dim": 6, "char_num_layers": 1, "dropout": 0.5, "char_rec_dropout": 0}


def test_char_attention_words_is_stanzas_character_model():
    torch.manual_seed(0)
    vocab = {"char": list(range(20))}
    model = CharacterModel(CHAR_ARGS, vocab, pad=True).eval()
    randomise(model, 12)           # char_attn starts at zero in Stanza: all weights 0.5 then
    # words of one sentence, in sentence order; Stanza's data code sorts them longest first
    words = [[3, 4, 5], [7], [2, 9, 11, 13, 17], [8, 8], [19, 1, 6, 4, 2], [5]]
    order = sorted(range(len(words)), key=lambda i: -len(words[i]))
    lengths = [len(words[i]) for i in order]
    chars = torch.zeros(len(words), max(lengths), dtype=torch.long)
    for row, i in enumerate(order):
        chars[row, :len(words[i])] = torch.tensor(words[i])
    with torch.no_grad():
        expected = model(chars, chars == 0, order, [len(words)], lengths)        # (1, words, hidden)
    mine = layers.char_attention_words(words, params_of(model, "charmodel."), "charmodel.")
    assert_close(mine[None], expected)
    # the attention weights matter: with them all at sigmoid(0) the vectors change
    flat = params_of(model, "charmodel.")
    flat["charmodel.char_attn.weight"] = np.zeros_like(flat["charmodel.char_attn.weight"])
    assert np.abs(layers.char_attention_words(words, flat, "charmodel.") - mine).max() > 0.01


def test_pairwise_biaffine_is_stanzas_deep_biaffine_scorer():
    torch.manual_seed(0)
    scorer = DeepBiaffineScorer(7, 7, 5, 1, pairwise=True).eval()
    randomise(scorer, 13)
    rng = np.random.default_rng(14)
    dep = rng.standard_normal((3, 4, 7)).astype(np.float32)
    head = rng.standard_normal((3, 4, 7)).astype(np.float32)
    with torch.no_grad():
        expected = scorer(torch.from_numpy(dep), torch.from_numpy(head))[..., 0]      # (N, L1, L2)
    mine = layers.pairwise_biaffine(dep, head, params_of(scorer, "unlabeled."), "unlabeled.")
    assert_close(mine, expected)
    # not symmetric in its two inputs: dependent and head are not interchangeable
    assert np.abs(mine - np.swapaxes(mine, 1, 2)).max() > 0.05


def test_the_small_functions_match_torch():
    x = np.array([-800.0, -30.0, -1.0, 0.0, 1e-8, 2.5, 19.9, 20.1, 800.0], dtype=np.float32)
    xt = torch.from_numpy(x)
    np.testing.assert_allclose(layers.sigmoid(x), torch.sigmoid(xt).numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(layers.logsigmoid(x), torch.nn.functional.logsigmoid(xt).numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(layers.softplus(x), torch.nn.functional.softplus(xt).numpy(), rtol=1e-6, atol=1e-7)
    rows = np.stack([x[1:8], np.full(7, -np.inf, np.float32)])
    rows[1, 2] = 0.0                    # a row of one finite score
    np.testing.assert_allclose(layers.log_softmax(rows), torch.log_softmax(torch.from_numpy(rows), -1).numpy(),
                               rtol=1e-6, atol=1e-6)
