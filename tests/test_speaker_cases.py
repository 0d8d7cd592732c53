"""Speaker cases (tests/fixtures/speaker_cases/cases.toml): invented stories, each with the
class, role, affiliation or resolved mention the guide expects for one attribution, run
through the real embedded pipeline. Each case is one behaviour of the speaker stage:
bodies on the record, kinds of names from evidence, roles from the head of a
description, affiliations in full, titles given anywhere in the story."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CASES = tomllib.loads((Path(__file__).parent / "fixtures" / "speaker_cases" / "cases.toml")
                      .read_text(encoding="utf-8"))["case"]
FIELDS = ("cls", "role", "affiliation", "resolved")


@pytest.fixture(scope="module")
def results(rules):
    from attribution.documents import article_from_text
    from attribution.engine import analyse
    from attribution.parsing import parse_texts
    articles = [article_from_text(c["text"], f"case{i}.txt") for i, c in enumerate(CASES)]
    return [analyse(a, p, rules) for a, p in zip(articles, parse_texts(articles))]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_speaker_case(results, index):
    case = CASES[index]
    hits = [a for a in results[index].attributions if case["content"].lower() in a.content.lower()]
    assert hits, f"no attribution holds {case['content']!r}: {[a.content for a in results[index].attributions]}"
    sp = hits[0].speaker
    got = {"cls": sp.cls, "role": sp.role, "affiliation": sp.affiliation or "", "resolved": sp.resolved}
    expected = {k: case[k] for k in FIELDS if k in case}
    assert {k: got[k] for k in expected} == expected


def test_every_case_checks_something():
    assert all(any(k in c for k in FIELDS) for c in CASES)
