"""The NumPy lemmatizer writes the lemmas Stanza's lemma processor writes, given the same
words and UPOS tags."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from attribution.errors import ModelError
from attribution.parse.inference.lemma import Lemmatizer
from conftest import embedded_model_changed

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "attribution" / "models" / "en_attrib" / "lemma.pt"
FIXTURES = Path(__file__).parent / "fixtures"
STORIES = sorted((FIXTURES / "dev").glob("*.txt"))[:4] + [FIXTURES / "seed.txt"]

UPOS = ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
        "SCONJ", "SYM", "VERB", "X"]
# words the dictionary knows under some tags and not others, words it does not know, and
# casing, numbers and punctuation
WORDS = ["saw", "Saw", "left", "Left", "said", "'s", "’s", "n't", "ca", "wo", "better", "best", "was", "were", "men",
         "data", "U.S.", "3.5", "1990s", "--", "“", "...", "zorpings", "Zorped", "ZORP", "leaves", "axes", "I", "me",
         "us", "US", "her", "its", "fell", "lay", "bases", "ties", "Ms.", "Dr.", "'re", "wanna", "à"]


@pytest.fixture(scope="module")
def lemmatizer() -> Lemmatizer:
    return Lemmatizer.load(MODEL)


def stanza_lemmas(stanza_nlp, pairs: list[tuple[str, str]]) -> list[str]:
    from stanza import Document
    doc = Document([[{"id": i + 1, "text": w, "upos": p} for i, (w, p) in enumerate(pairs)]])
    stanza_nlp.processors["lemma"].process(doc)
    return [w.lemma for w in doc.sentences[0].words]


def test_story_words_get_stanzas_lemmas(stanza_nlp, lemmatizer):
    from stanza import Document

    from attribution.parse.pipeline import chunks
    from attribution.parse.sentences import rejoin
    from attribution.read.documents import read_article
    docs = []
    for path in STORIES:
        article = read_article(path)
        for para in article.paragraphs:
            for start, end in chunks(article.clean, para.start, para.end):
                if article.clean[start:end].strip():
                    docs.append(Document([], text=article.clean[start:end]))
    # as parse/pipeline.py feeds Stanza: tokenize (+ mwt), rejoin sentences, tag, lemmatise
    tokenized = stanza_nlp.processors["mwt"].bulk_process(stanza_nlp.processors["tokenize"].bulk_process(docs))
    tagged = stanza_nlp.processors["pos"].bulk_process([Document(rejoin(d.to_dict()), text=d.text) for d in tokenized])
    words = [w for d in tagged for s in d.sentences for w in s.words]
    assert len(words) > 2000
    lemmas = lemmatizer.lemmatize([(w.text, w.upos) for w in words])
    stanza_nlp.processors["lemma"].bulk_process(tagged)
    assert lemmas == [w.lemma for w in words]
    assert sum(w.lemma != w.text for w in words) > 300      # not only the words themselves


def test_every_tag_of_tricky_words(stanza_nlp, lemmatizer):
    pairs = [(w, p) for w in WORDS for p in UPOS]
    expected = stanza_lemmas(stanza_nlp, pairs)
    assert lemmatizer.lemmatize(pairs) == expected
    got = dict(zip(pairs, expected))
    # the tag decides for some words
    assert len({got[("saw", p)] for p in UPOS}) > 1 or len({got[("left", p)] for p in UPOS}) > 1


def test_unknown_tags_and_empty_lemmas(lemmatizer):
    assert lemmatizer.lemmatize([]) == []
    assert lemmatizer.lemmatize([("zorpings", "NOUN"), ("zorpings", "NOT-A-TAG")]) == ["zorpings", "zorpings"]
    blank = Lemmatizer({"*": {"x": ""}, "NOUN": {"y": "why"}})
    assert blank.lemmatize([("x", "NOUN"), ("y", "NOUN"), ("y", "VERB"), ("", "X")]) == ["_", "why", "y", "_"]
    caseless = Lemmatizer({"*": {"saw": "see"}}, caseless=True)
    assert caseless.lemmatize([("Saw", "VERB"), ("Zorp", "X")]) == ["see", "zorp"]


@pytest.mark.parametrize("change", [
    lambda d: d["config"].update(dict_only=False),
    lambda d: d.update(contextual=[{"model": {}}]),
    lambda d: d.update(dicts_version=2),
    lambda d: d.update(dicts=b"not gzip"),
], ids=["seq2seq", "contextual", "pickled-dicts", "corrupt-dicts"])
def test_an_unsupported_model_is_refused(tmp_path, change):
    with pytest.raises(ModelError):
        Lemmatizer.load(embedded_model_changed("lemma.pt", tmp_path / "lemma.pt", change))


def test_the_saved_dictionary_is_read_as_is(tmp_path):
    def small(data):
        data["dicts"] = gzip.compress(json.dumps({"*": {"went": "go"}, "VERB": {"saw": "see"}}).encode())
    lem = Lemmatizer.load(embedded_model_changed("lemma.pt", tmp_path / "lemma.pt", small))
    assert lem.lemmatize([("went", "VERB"), ("saw", "VERB"), ("saw", "NOUN")]) == ["go", "see", "saw"]
