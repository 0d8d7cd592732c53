"""The NumPy tokenizer (attribution/parse/inference/tokenizer.py) gives Stanza's tokens.

Compared with Stanza's own tokenize processor on the embedded model, on every paragraph
chunk of the seed and dev stories (as parse_texts cuts them), on long paragraphs that
Stanza predicts in windows, and on odd whitespace; and a model this port cannot run is
refused when it loads.
"""
from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from attribution.errors import ModelError
from attribution.parse import pipeline
from attribution.parse.inference import checkpoint
from attribution.parse.inference.tokenizer import Tokenizer
from attribution.read.documents import read_article

MODEL = pipeline.EMBEDDED / "tokenizer.pt"
FIXTURES = Path(__file__).parent / "fixtures"
STORIES = [FIXTURES / "seed.txt"] + sorted((FIXTURES / "dev").glob("*.txt"))


@pytest.fixture(scope="module")
def stanza_tokenize():
    """Stanza's tokenize-only pipeline, built as parse/pipeline.py builds the full one."""
    import stanza
    import torch
    logging.getLogger("stanza").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp, pipeline.no_optimizers(), \
            pipeline.trusted_loading(pipeline.EMBEDDED):
        (Path(tmp) / "resources.json").write_text("{}")
        nlp = stanza.Pipeline("en", dir=tmp, processors="tokenize", download_method=None,
                              allow_unknown_language=True, use_gpu=False, verbose=False,
                              tokenize_model_path=str(MODEL))

    def run(text: str) -> list[list[dict]]:
        with torch.inference_mode():
            return nlp.bulk_process([stanza.Document([], text=text)])[0].to_dict()
    return run


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer.load(MODEL)


def chunks_of(path: Path) -> list[str]:
    article = read_article(path)
    out = []
    for para in article.paragraphs:
        for start, end in pipeline.chunks(article.clean, para.start, para.end):
            if article.clean[start:end].strip():
                out.append(article.clean[start:end])
    return out


def items(doc: list[list[dict]]) -> list[list[list]]:
    # key order too: the dicts should be Stanza's to the letter
    return [[list(token.items()) for token in sentence] for sentence in doc]


def assert_same(texts: list[str], mine: list[list[list[dict]]], stanza_tokenize) -> None:
    differ = [i for i, text in enumerate(texts) if items(mine[i]) != items(stanza_tokenize(text))]
    assert not differ, [texts[i][:80] for i in differ]


def test_every_chunk_of_the_seed_and_dev_stories_is_tokenized_as_stanza_does(tokenizer, stanza_tokenize):
    texts = [t for story in STORIES for t in chunks_of(story)]
    assert len(texts) > 200
    mine = tokenizer.tokenize(texts)
    assert sum(len(s) for doc in mine for s in doc) > 5000
    assert_same(texts, mine, stanza_tokenize)


def test_long_paragraphs_are_predicted_in_stanzas_windows(tokenizer, stanza_tokenize):
    paras = chunks_of(FIXTURES / "seed.txt")
    joined = " ".join(paras)
    assert len(joined) > 3000
    no_stop = joined.replace(".", "").replace("?", "").replace("!", "")[:2600]
    # one text of many paragraphs, long and short: Stanza pads the short rows of a batch
    # to the width of each window of the long one
    mixed = "\n\n".join(paras[:10] + [joined[:1800]] + paras[10:40])
    texts = [joined[:3000], joined[:1000], joined[:999], no_stop, mixed]
    mine = tokenizer.tokenize(texts)
    assert_same(texts, mine, stanza_tokenize)
    # and the result of a text does not depend on the texts beside it
    assert [tokenizer.tokenize([t])[0] for t in texts] == mine


def test_whitespace_urls_and_overlong_tokens_as_stanza(tokenizer, stanza_tokenize):
    texts = [
        "  \tLeading tab.  Two  spaces\u00a0and a\ttab.\r\nA new line. Trailing   ",
        "\nA newline first. Then\u0097a control character.\n",
        "Write to someone@example.com or see https://www.example.org/a?q=1 now.",
        "A " + "x" * 400 + " word too long to keep.",
        "They didn't say. \u201cWe can\u2019t,\u201d he said.", "x", "", "a\n\nb",
        "An emoji \U0001F600, a lone \ud800 surrogate, digits \u0661\u0662 and\x0bodd\x1cspaces.",
    ]
    assert_same(texts, tokenizer.tokenize(texts), stanza_tokenize)


def test_multi_word_tokens_carry_stanzas_mark(tokenizer):
    [doc] = tokenizer.tokenize(["They didn't say."])
    token = next(t for s in doc for t in s if t["text"] == "didn't")
    assert "MWT=Yes" in token["misc"].split("|")
    assert token["start_char"] == 5 and token["end_char"] == 11
    assert all("MWT=Yes" not in t.get("misc", "") for s in doc for t in s if t is not token)


def test_no_torch_and_no_stanza_are_imported():
    code = ("import sys; from attribution.parse.inference.tokenizer import Tokenizer; "
            f"Tokenizer.load({str(MODEL)!r}).tokenize(['One. Two.']); "
            "print(sorted(m for m in ('torch', 'stanza') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("key, value", [
    ("conv_res", "1,3"), ("use_dictionary", True), ("charlm_forward_file", "charlm.pt"),
    ("skip_newline", True), ("feat_funcs", ["space_before", "labeled_field"]), ("feat_dim", 7),
])
def test_a_config_this_port_cannot_run_is_refused(key, value):
    saved = checkpoint.load(MODEL)
    config = dict(saved["config"], **{key: value})
    with pytest.raises(ModelError, match=key if key != "feat_funcs" else "labeled_field"):
        Tokenizer(saved["model"], saved["vocab"]["_unit2id"], config)


def test_the_embedded_config_is_accepted_and_a_non_model_file_refused(tmp_path):
    saved = checkpoint.load(MODEL)
    Tokenizer(saved["model"], saved["vocab"]["_unit2id"], saved["config"])
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        Tokenizer.load(bad)
