"""The lean parser inference (attribution/parse/fastparse.py) gives Stanza's parses.

Checked against Stanza's own ``GraphParser.predict`` on the real embedded model, and the
decoder against Stanza's ``chuliu_edmonds_one_root`` on random score matrices, with the
compiled decoder and with the pure-Python fallback.
"""
from __future__ import annotations

import numpy as np
import pytest

from attribution.parse import fastparse

SEED_TEXT = (
    "The minister said on Tuesday that the budget would be cut. \"We have no choice,\" she told "
    "reporters outside the ministry, adding that talks with the unions would resume next week.\n\n"
    "A senior official, who spoke on condition of anonymity because he was not authorised to "
    "brief the press, said the cuts had been agreed weeks ago. Critics called the plan reckless."
)


def random_scores(rng: np.random.Generator, n: int) -> np.ndarray:
    scores = np.log(rng.dirichlet(np.ones(n), size=n))
    np.fill_diagonal(scores, -np.inf)
    return scores


@pytest.mark.parametrize("compiled", [True, False])
def test_single_root_tree_is_stanzas_tree(monkeypatch, compiled):
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root
    if not compiled:
        monkeypatch.setattr(fastparse, "_compiled_mst", None)
    elif fastparse._compiled_mst is None:
        pytest.fail("ufal.chu_liu_edmonds is a dependency on this Python and should be installed")
    rng = np.random.default_rng(7)
    for _ in range(300):
        scores = random_scores(rng, int(rng.integers(2, 40)))
        before = scores.copy()
        ours = fastparse.single_root_tree(scores)
        theirs = chuliu_edmonds_one_root(scores)
        assert list(ours[1:]) == list(theirs[1:])
        assert (np.asarray(ours[1:]) == 0).sum() == 1          # exactly one root
        assert np.array_equal(before, scores)                 # the input is left alone


def test_lean_predict_gives_stanzas_heads_and_labels():
    from stanza import Document

    from attribution.parse.pipeline import load_pipeline
    nlp = load_pipeline(None)
    model = nlp.processors["depparse"].trainer.model
    assert "predict" in vars(model), "the embedded parser should run the lean predict"
    tagged = nlp.bulk_process([Document([], text=p) for p in SEED_TEXT.split("\n\n")],
                              processors="tokenize,mwt,pos,lemma")

    def parse(predict):
        model.predict = predict
        docs = [Document(d.to_dict(), text=d.text) for d in tagged]
        done = nlp.bulk_process(docs, processors="depparse")
        return [(w.head, w.deprel) for d in done for s in d.sentences for w in s.words]

    lean = vars(model)["predict"]
    try:
        ours = parse(lean)
        theirs = parse(type(model).predict.__get__(model))
    finally:
        model.predict = lean
    assert len(ours) > 60
    assert ours == theirs


def test_memoized_vocabulary_returns_the_same_units():
    from attribution.parse.pipeline import load_pipeline
    nlp = load_pipeline(None)
    feats = nlp.processors["pos"].trainer.vocab["feats"]
    assert getattr(feats, "_memoized", False)
    compute = type(feats).id2unit.__get__(feats)
    ids = [feats.unit2id(u) for u in ("Number=Sing", "Mood=Ind|Tense=Past|VerbForm=Fin", "_")]
    for i in ids:
        assert feats.id2unit(i) == compute(i)
        assert feats.id2unit(i) == compute(i)       # second call: from the memo


def test_shared_spellings_give_the_same_tags_and_parses(monkeypatch):
    from attribution.parse.pipeline import ENGINE_ENV, StanzaEngine, load_engine, load_pipeline, parse_texts
    from attribution.read.documents import article_from_text
    # the character models patched here are Stanza's: parse_texts must run Stanza, not the
    # default NumPy engine (which would make both runs below the same code)
    monkeypatch.setenv(ENGINE_ENV, "stanza")
    assert isinstance(load_engine(None), StanzaEngine)
    nlp = load_pipeline(None)
    charmodels = [nlp.processors[n].trainer.model.charmodel for n in ("pos", "depparse")]
    assert all("forward" in vars(cm) for cm in charmodels), "both character models should share spellings"
    article = article_from_text(SEED_TEXT + "\n\nThe minister said the minister had said so.", "t.txt")

    def words():
        parse = parse_texts([article])[0]
        return [(w.text, w.upos, w.xpos, w.feats, w.head, w.deprel) for s in parse.sentences for w in s.words]

    shared = words()
    saved = [vars(cm).pop("forward") for cm in charmodels]
    try:
        per_word = words()
    finally:
        for cm, fn in zip(charmodels, saved):
            cm.forward = fn
    assert len(shared) > 70
    assert shared == per_word


def test_only_the_shipped_models_skip_the_safe_unpickler(tmp_path):
    import torch

    from attribution.parse.pipeline import EMBEDDED, trusted_loading
    outside = tmp_path / "user-model.pt"
    torch.save({"x": torch.zeros(1)}, outside)
    seen = []
    original = torch.load

    def spy(f, *args, **kwargs):
        seen.append((str(f), kwargs.get("weights_only")))
        return {}
    torch.load = spy
    try:
        with trusted_loading(EMBEDDED):
            torch.load(str(EMBEDDED / "lemma.pt"), weights_only=True)
            torch.load(str(outside), weights_only=True)
        with trusted_loading(None):          # a user's --model folder
            torch.load(str(EMBEDDED / "lemma.pt"), weights_only=True)
    finally:
        torch.load = original
    assert [w for _, w in seen] == [False, True, True]
    assert torch.load is original


def test_labels_at_heads_are_the_argmax_of_stanzas_pairwise_scores():
    """The label scorer run once per distinct head, padding skipped, against Stanza's own
    all-pairs ``deprel`` scores read at the same heads, on the real model's weights with
    sentences of many lengths in one padded batch."""
    import torch

    from attribution.parse.pipeline import load_pipeline
    model = load_pipeline(None).processors["depparse"].trainer.model
    model.eval()                    # as Stanza's trainer sets it before every prediction
    gen = torch.Generator().manual_seed(3)
    sentlens = [1 + int(n) for n in torch.randint(1, 70, (40,), generator=gen)]    # with the root
    width = max(sentlens)
    lstm = torch.randn(len(sentlens), width, model.deprel.W1.in_features, generator=gen)
    heads = torch.zeros(len(sentlens), width, dtype=torch.long)
    for i, n in enumerate(sentlens):
        heads[i, 1:n] = torch.randint(0, n, (n - 1,), generator=gen)
    with torch.inference_mode():
        ours = fastparse._labels_at_heads(model.deprel, lstm, heads, sentlens)
        pairwise = model.deprel(lstm, lstm)                    # (N, dependent, head, label)
        theirs = torch.gather(pairwise, 2, heads[:, :, None, None].expand(-1, -1, 1, pairwise.size(3)))
        theirs = theirs.squeeze(2).argmax(2).numpy()
    compared = 0
    for i, n in enumerate(sentlens):
        assert list(ours[i, 1:n]) == list(theirs[i, 1:n])
        assert not ours[i, n:].any()                           # padding left at 0
        compared += n - 1
    assert compared > 1000


def test_padded_long_tensor_is_stanzas():
    """The one-step padding gives Stanza's own tensor for lists of id lists (ragged, with
    empty rows, a batch larger than the list), and hands anything else to Stanza's."""
    import random

    import torch
    from stanza.models.common.data import get_long_tensor as stanzas

    from attribution.parse.pipeline import load_pipeline
    load_pipeline(None)
    from stanza.models.depparse import data as depparse_data
    ours = depparse_data.get_long_tensor
    assert getattr(ours, "stanza", None) is stanzas, "the parser's data loader should pad in one step"
    rng = random.Random(5)
    for _ in range(200):
        rows = [[rng.randrange(300) for _ in range(rng.randrange(0, 12))] for _ in range(rng.randrange(1, 30))]
        if not any(rows):
            continue
        batch = len(rows) + rng.choice([0, 0, 3])
        pad = rng.choice([0, 1, 7])
        assert torch.equal(ours(rows, batch, pad), stanzas(rows, batch, pad))
    nested = [[[1, 2], [3, 4]], [[5, 6]]]                  # deeper: Stanza's own
    assert torch.equal(ours(nested, 2), stanzas(nested, 2))
    floats = [[1.5, 2.0], [3.0]]                          # not ids: Stanza's own
    assert torch.equal(ours(floats, 2), stanzas(floats, 2))


def test_memoized_character_map_returns_fresh_equal_lists():
    from attribution.parse.pipeline import load_pipeline
    chars = load_pipeline(None).processors["pos"].trainer.vocab["char"]
    assert getattr(chars, "_map_memoized", False)
    compute = type(chars).map.__get__(chars)
    for word in ("said", "Thiel", "said", "naïve", "", "x" * 40):
        first, second = chars.map(list(word)), chars.map(iter(word))
        assert first == second == compute(list(word))
        assert first is not second
    first.append(99)
    assert chars.map(list("x" * 40)) == compute(list("x" * 40))
