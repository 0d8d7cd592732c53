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


REASON_CASES = [
    # (text, content words, whether AC001 fires)
    ("The talks are close to collapse, an official said.", "close to collapse", True),
    ("A ministry official, speaking on condition of anonymity because he was not authorised "
     "to brief reporters, said the talks had stalled.", "the talks had stalled", False),
    ("The deal will be signed on Monday, said a diplomat familiar with the negotiations.",
     "signed on Monday", False),
]


@pytest.fixture(scope="module")
def reason_results(rules):
    from attribution.documents import article_from_text
    from attribution.engine import analyse
    from attribution.parsing import parse_texts
    articles = [article_from_text(text, f"reason{i}.txt") for i, (text, _, _) in enumerate(REASON_CASES)]
    return [analyse(a, p, rules) for a, p in zip(articles, parse_texts(articles))]


@pytest.mark.parametrize("index", range(len(REASON_CASES)), ids=[c[1] for c in REASON_CASES])
def test_anonymity_reasons_come_from_the_source_not_the_content(rules, reason_results, index):
    """A reason or a description of what the source knows is read from the source's own
    words ("speaking on condition of ...", "familiar with ..."), never from the content."""
    from attribution.checks import run_checks
    _, words, fires = REASON_CASES[index]
    result = reason_results[index]
    hit = [a for a in result.attributions if words in a.content]
    assert hit and hit[0].speaker.cls == "anonymous individual"
    assert (hit[0].speaker.anonymity_reason is None) == fires
    assert ("AC001" in {f.code for f in run_checks(result, rules)}) == fires
