"""Every rule's cases with their whole expected output (sqlfluff's std_rule_cases,
proselint's examples both ways), run by one parametrised runner.

tests/fixtures/rule_cases/<CODE>.toml holds one rule's cases. A case with a hand-written
``conllu`` needs no model; the others are parsed once, in one batch, by the real embedded
pipeline. The stored parses of tests/fixtures/parses stay the regression set."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES

from attribution.engine import analyse
from attribution.parse.conllu import from_conllu
from attribution.read.documents import article_from_text
from attribution.ruleset import load_rules

CASES = FIXTURES / "rule_cases"
FIELDS = ("rule", "kind", "cue", "mention", "content")


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.toml"))


def all_cases():
    for f in case_files():
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        for case in data["case"]:
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            yield pytest.param(data["code"], case, id=f"{data['code']}-{case['name']}", marks=marks)


def hand_parse(text: str, rows: str) -> str:
    """A hand-written parse (ID FORM LEMMA UPOS FEATS HEAD DEPREL, one word a line, one
    sentence) as CoNLL-U, the character offsets found by looking each form up in the text."""
    out, at = ["# paragraph = 0"], 0
    for line in rows.strip().splitlines():
        idx, form, lemma, upos, feats, head, deprel = line.split()
        start = text.index(form, at)
        at = start + len(form)
        out.append("\t".join([idx, form, lemma, upos, "_", feats, head, deprel, "_",
                              f"start_char={start}|end_char={at}"]))
    return "\n".join(out) + "\n"


@cache
def pipeline_parses() -> dict[str, object]:
    """Every case text without a hand-written parse, parsed in one batch by the real pipeline."""
    from attribution.parse.pipeline import parse_texts
    texts = sorted({c.values[1]["text"] for c in all_cases() if not c.values[1].get("conllu")})
    articles = [article_from_text(t + "\n", "case.txt") for t in texts]
    return dict(zip(texts, parse_texts(articles)))


@pytest.fixture(scope="module")
def shipped():
    return load_rules()


def outcome(case: dict, rules) -> list[dict]:
    text = case["text"] + "\n"
    article = article_from_text(text, "case.txt")
    if case.get("conllu"):
        parse = from_conllu(hand_parse(text, case["conllu"]))
    else:
        parse = pipeline_parses()[case["text"]]
    return [dict(zip(FIELDS, (a.rule, a.kind, a.cue or "", a.speaker.mention or "", a.content)))
            for a in analyse(article, parse, rules).attributions]


@pytest.mark.parametrize("code,case", list(all_cases()))
def test_rule_case(code, case, shipped):
    expected = [dict(e) for e in case["expect"]]
    rules_expected = {e["rule"] for e in expected}
    assert (code in rules_expected) == (case["want"] == "pass"), "the case file contradicts itself"
    assert outcome(case, shipped) == expected


def test_every_rule_has_pass_and_fail_cases(shipped):
    by_code: dict[str, set[str]] = {}
    for param in all_cases():
        code, case = param.values
        if not case.get("xfail"):
            by_code.setdefault(code, set()).add(case["want"])
    for r in shipped.rules:
        assert by_code.get(r.code) == {"pass", "fail"}, f"{r.code} needs a pass and a fail case in {CASES}"


def test_a_hand_written_parse_finds_its_offsets():
    conllu = hand_parse("She said it.", "1 She she PRON _ 2 nsubj\n2 said say VERB _ 0 root\n3 it it PRON _ 2 obj")
    words = from_conllu(conllu).sentences[0].words
    assert [(w.text, w.start, w.end) for w in words] == [("She", 0, 3), ("said", 4, 8), ("it", 9, 11)]
