"""The parse stage's sentence and token repairs (attribution/parse/sentences.py), on the
token dictionaries Stanza's tokenizer hands over: no model needed."""
from __future__ import annotations

from attribution.parse.sentences import boundaries, rejoin, unsplit


def tok(i, text, start):
    return {"id": i, "text": text, "start_char": start, "end_char": start + len(text)}


def test_a_sentence_split_inside_a_name_is_rejoined():
    first = [tok(1, "Priya", 0)]
    second = [tok(1, "Shah", 6), tok(2, "said", 11), tok(3, "so", 16), tok(4, ".", 18)]
    out = rejoin([first, second])
    assert len(out) == 1 and [t["id"] for t in out[0]] == [1, 2, 3, 4, 5]
    assert [t["text"] for t in out[0]] == ["Priya", "Shah", "said", "so", "."]


def test_a_title_abbreviation_does_not_end_a_sentence_but_a_full_stop_does():
    a = [tok(1, "Vermont", 0), tok(2, "Sen.", 8)]
    b = [tok(1, "Bernie", 13), tok(2, "Sanders", 20), tok(3, "spoke", 28), tok(4, ".", 33)]
    c = [tok(1, "He", 35), tok(2, "left", 38), tok(3, ".", 42)]
    out = rejoin([a, b, c])
    assert [len(s) for s in out] == [6, 3]


def test_its_is_never_split_but_a_contraction_is():
    sent = [{"id": (1, 2), "text": "Its", "start_char": 0, "end_char": 3}, tok(1, "It", 0),
            {"id": 2, "text": "s", "start_char": 2, "end_char": 3}, tok(3, "chief", 4),
            {"id": (4, 5), "text": "it's", "start_char": 10, "end_char": 14}, tok(4, "it", 10),
            {"id": 5, "text": "'s", "start_char": 12, "end_char": 14}]
    out = unsplit(sent)
    assert [(t["id"], t["text"]) for t in out] == [(1, "Its"), (2, "chief"), ((3, 4), "it's"), (3, "it"), (4, "'s")]
    assert out[0]["end_char"] == 3


def test_the_repairs_are_data():
    b = boundaries()
    assert "Sen." in b.abbreviations and "its" in b.never_split and "." in b.terminal
