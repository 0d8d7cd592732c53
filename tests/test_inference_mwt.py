"""The NumPy MWT expander gives what Stanza's MWT processor gives, on the seed and dev
stories and on contractions neither the dictionary nor the stories hold."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from attribution.errors import ModelError
from attribution.parse.inference.mwt import MWTExpander
from conftest import embedded_model_changed

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "attribution" / "models" / "en_attrib" / "mwt.pt"
FIXTURES = Path(__file__).parent / "fixtures"
STORIES = sorted((FIXTURES / "dev").glob("*.txt")) + [FIXTURES / "seed.txt"]

# contractions, possessives and invented words, most of them not in the model's dictionary
INVENTED = ["gonna", "cannot", "y'all", "would've", "It's", "Jones's", "zorp'll", "shouldn't've", "ZORP'LL",
            "Zorp'll", "o'clock", "ma'am", "they'd", "wanna", "gotta", "Jones'", "don’t", "IT’S", "ain't", "'twas",
            "whatcha", "dunno", "y’all", "Müller's", "Ōsaka's", "naïve'd", "x", "'s", "CANNOT", "Cannot",
            "rock'n'roll", "1990's", "'90s", "🙂's", "blorfin'", "he'd've", "WOULDN'T", "Kovač's", "xyz", "zorp-'ll"]


@pytest.fixture(scope="module")
def expander() -> MWTExpander:
    return MWTExpander.load(MODEL)


def ordered(sentences):
    """Entries with their keys in order: to_dict's key order is part of what must match."""
    return [[list(entry.items()) for entry in sent] for sent in sentences]


def stanza_mwt(stanza_nlp, docs):
    """(the tokenizer's sentences, the sentences after Stanza's MWT processor)."""
    before = [s for d in docs for s in d.to_dict()]
    stanza_nlp.processors["mwt"].bulk_process(docs)
    return before, [s for d in docs for s in d.to_dict()]


def marked(sentences) -> list[str]:
    return [e["text"] for s in sentences for e in s if "MWT=Yes" in e.get("misc", "")]


def story_chunks() -> list[str]:
    from attribution.parse.pipeline import chunks
    from attribution.read.documents import read_article
    out = []
    for path in STORIES:
        article = read_article(path)
        for para in article.paragraphs:
            for start, end in chunks(article.clean, para.start, para.end):
                if article.clean[start:end].strip():
                    out.append(article.clean[start:end])
    return out


def test_the_stories_expand_as_stanza_expands_them(stanza_nlp, expander):
    from stanza import Document
    docs = stanza_nlp.processors["tokenize"].bulk_process([Document([], text=t) for t in story_chunks()])
    before, expected = stanza_mwt(stanza_nlp, docs)
    words = marked(before)
    # both paths are exercised: the dictionary and the character classifier
    assert sum(expander.dict_expansion(w) is not None for w in words) > 30
    assert sum(expander.dict_expansion(w) is None for w in words) > 10
    assert ordered(expander.expand(before)) == ordered(expected)


def test_invented_words_split_as_stanza_splits_them(stanza_nlp, expander):
    """Every word marked as a multi-word token, so most go through the classifier."""
    from stanza import Document
    text = " ".join(INVENTED)
    sent, pos = [], 0
    for i, word in enumerate(INVENTED):
        sent.append({"id": i + 1, "text": word, "misc": "MWT=Yes", "start_char": pos, "end_char": pos + len(word)})
        pos += len(word) + 1
    doc = Document(copy.deepcopy([sent]), text=text)
    before, expected = stanza_mwt(stanza_nlp, [doc])
    assert sum(expander.dict_expansion(w) is None for w in INVENTED) > 25
    got = expander.expand(before)
    assert ordered(got) == ordered(expected)
    split = {e["text"] for e in got[0] if isinstance(e["id"], tuple)}
    assert {"zorp'll", "Jones's", "he'd've"} <= split and "o'clock" not in split


def test_the_tokenizers_marks_on_invented_words(stanza_nlp, expander):
    from stanza import Document
    text = "They said " + ", ".join(INVENTED) + ". \"Zorp'll,\" she'd've said.\n\nWe're DONE'LL."
    docs = stanza_nlp.processors["tokenize"].bulk_process([Document([], text=text)])
    before, expected = stanza_mwt(stanza_nlp, docs)
    assert len(marked(before)) > 20
    assert ordered(expander.expand(before)) == ordered(expected)


@pytest.mark.parametrize("text", ["  It's fine.", "\n zorp'll  \n", "We're\t\tdone.\n\n\nI'm   here.  "])
def test_spaces_around_a_marked_token_stay_in_its_misc(stanza_nlp, expander, text):
    from stanza import Document
    docs = stanza_nlp.processors["tokenize"].bulk_process([Document([], text=text), Document([], text="  Don't go.")])
    before, expected = stanza_mwt(stanza_nlp, docs)
    assert ordered(expander.expand(before)) == ordered(expected)


def test_a_dictionary_entry_that_is_not_the_tokens_characters(stanza_nlp, expander):
    """An expansion whose words are not the token's characters gets no offsets; one of a
    single word keeps the token's text; an empty one drops the token (as in Stanza)."""
    from stanza import Document
    trainer = stanza_nlp.processors["mwt"].trainer
    extra = {"gonna": "going to", "wanna": "WANNA", "gotta": "got  ta", "cannot": " "}
    saved = dict(trainer.expansion_dict)
    trainer.expansion_dict.update(extra)
    try:
        text = "I'm gonna go, wanna see? Gotta run. I cannot stay."
        docs = stanza_nlp.processors["tokenize"].bulk_process([Document([], text=text)])
        before, expected = stanza_mwt(stanza_nlp, docs)
    finally:
        trainer.expansion_dict.clear()
        trainer.expansion_dict.update(saved)
    local = copy.copy(expander)
    local.expansions = {**expander.expansions, **extra}
    got = local.expand(before)
    assert ordered(got) == ordered(expected)
    words = {e["text"]: e for s in got for e in s if not isinstance(e["id"], tuple)}
    assert "start_char" not in words["going"] and words["Got"]["start_char"] < words["ta"]["start_char"]
    assert "wanna" in words and "cannot" not in words and words["stay"]["id"] == 2


def test_ids_run_through_the_sentence(expander):
    sent = [{"id": 1, "text": "It's", "misc": "MWT=Yes", "start_char": 0, "end_char": 4},
            {"id": 2, "text": "zorp'll", "misc": "MWT=Yes|SpaceAfter=No", "start_char": 5, "end_char": 12},
            {"id": 3, "text": ".", "start_char": 12, "end_char": 13, "misc": "SpaceAfter=No"}]
    kept = copy.deepcopy(sent)
    got = expander.expand([sent])[0]
    assert sent == kept                     # the input is left as it was
    assert [e["id"] for e in got] == [(1, 2), 1, 2, (3, 4), 3, 4, 5]
    assert got[3] == {"id": (3, 4), "text": "zorp'll", "start_char": 5, "end_char": 12, "misc": "SpaceAfter=No"}
    assert got[-1] == {"id": 5, "text": ".", "start_char": 12, "end_char": 13, "misc": "SpaceAfter=No"}
    assert expander.expand([]) == [] and expander.expand([[]]) == [[]]


@pytest.mark.parametrize("change", [
    lambda d: d["config"].update(force_exact_pieces=False),
    lambda d: d["vocab"].update(lower=True),
    lambda d: d["model"].pop("output_layer.2.bias"),
], ids=["seq2seq", "lowercased-vocab", "other-weights"])
def test_an_unsupported_model_is_refused(tmp_path, change):
    with pytest.raises(ModelError):
        MWTExpander.load(embedded_model_changed("mwt.pt", tmp_path / "mwt.pt", change))


def test_a_dictionary_only_model(tmp_path):
    def dict_only(data):
        data["config"]["dict_only"] = True
        data["model"] = None
    expander = MWTExpander.load(embedded_model_changed("mwt.pt", tmp_path / "mwt.pt", dict_only))
    assert expander.predict(["It's", "zorp'll", "DON'T"]) == ["It 's", "zorp'll", "DO N'T"]
