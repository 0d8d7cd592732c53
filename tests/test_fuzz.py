"""Property-based fuzzing (Hypothesis) of the scanner, the reader and the post-parse pipeline.

No stand-in parser: the post-parse properties run on the stored REAL parse of the seed
(tests/fixtures/parses/seed.conllu, written by tests/make_fixtures.py) with the seed's text
mutated in place (same length, so every offset of the parse stays valid); one small test
runs the real embedded pipeline end to end.

bench/fuzz.py imports the ``check_*`` functions and strategies below and runs them for
10,000 examples; the ``slow`` tests here do the same under pytest (``-m slow``).
"""
from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.errors import InputError
from attribution.read.documents import article_from_text, blank_wraps
from attribution.quotes import find_quotes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = FIXTURES / "seed.txt"
SEED_PARSE = FIXTURES / "parses" / "seed.conllu"
SCHEMA = ROOT / "attribution" / "schema" / "report.schema.json"

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10_000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- strategies -------------------------------------------------------------------------------

QUOTE_MARKS = ['"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "\u201e"]
PIECES = QUOTE_MARKS + [
    " ", " ", " ", "\n", "\n\n", "\n \n", "\t", "\u00a0", "\r\n", "\r",
    "a", "e", "I", "T", "said", "he", "she", "told", "officials", "don't", "Iraq's", "rebels'",
    "'90s", "it's", ",", ".", "!", "?", ":", ";", "-", "\u2014", "(", ")",
    "# ", "**", "*", "`", "[", "](x)", "> ", "- ", "<!--", "-->", "---\n", "\u2028", "\x0c",
]
quote_text = st.lists(st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(PIECES), st.sampled_from(PIECES),
                                st.characters(), st.text(max_size=6)),
                      max_size=160).map("".join)

SAME_LENGTH = QUOTE_MARKS + list("abcdeXYZ.,!?;:-()' ") + ["\u2014", "\u00e9", "\u00a0"]


@lru_cache(maxsize=1)
def seed():
    """(text, original Article, stored real Parse) of the seed story."""
    from attribution.parse.conllu import from_conllu
    from attribution.read.documents import read_article
    if not SEED_PARSE.exists():
        pytest.fail("stored parse of the seed missing: run tests/make_fixtures.py")
    article = read_article(SEED_TEXT)
    return article.text, article, from_conllu(SEED_PARSE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def shipped_rules():
    from attribution.ruleset import load_rules
    return load_rules()


@lru_cache(maxsize=1)
def schema_validator():
    import jsonschema
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@st.composite
def seed_mutations(draw):
    """(position, replacement) pairs: characters of the seed replaced by one character each.
    Newlines stay (the stored parse's paragraphs and sentences keep their places)."""
    text = seed()[0]
    positions = [i for i, ch in enumerate(text) if ch != "\n"]
    n = draw(st.integers(min_value=0, max_value=60))
    out = []
    for _ in range(n):
        pos = draw(st.sampled_from(positions))
        ch = draw(st.one_of(st.sampled_from(SAME_LENGTH), st.characters(
            blacklist_categories=("Cs",), blacklist_characters="\n\r")))
        out.append((pos, ch))
    return out


WORDS = ["the", "minister", "police", "officials", "a", "spokesman", "said", "told", "Reuters", "on",
         "Monday", "Maria", "Lopez", "we", "will", "not", "resign", "it", "was", "over", "according",
         "to", "sources", "They", "claimed", "that", "fund", "is", "gone", "one", "official"]


@st.composite
def english_story(draw):
    """A few short English-like sentences with quote marks dropped in at random."""
    paras = []
    for _ in range(draw(st.integers(1, 3))):
        sents = []
        for _ in range(draw(st.integers(1, 2))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12))
            for _ in range(draw(st.integers(0, 3))):
                i = draw(st.integers(0, len(words)))
                words.insert(i, draw(st.sampled_from(QUOTE_MARKS)))
            s = " ".join(words)
            sents.append(s[0].upper() + s[1:] + draw(st.sampled_from([".", ",\" he said.", "!", "?"])))
        paras.append(" ".join(sents))
    return "\n\n".join(paras) + "\n"


# --- the properties (shared with bench/fuzz.py) ------------------------------------------------

def check_quotes(clean: str, paragraphs) -> int:
    quotes = find_quotes(clean, paragraphs)
    n = len(clean)
    for q in quotes:
        assert 0 <= q.outer.start <= q.outer.end <= n, q
        assert q.outer.start <= q.inner.start <= q.inner.end <= q.outer.end, q
    for a, b in zip(quotes, quotes[1:]):
        assert a.outer.start <= b.outer.start, (a, b)
        assert a.outer.end <= b.outer.start, ("overlapping quotations", a, b)
    return len(quotes)


def check_article(text: str, fmt: str = "txt"):
    """article_from_text never raises anything but InputError; offsets stay valid."""
    try:
        art = article_from_text(text, "<fuzz>", fmt)
    except InputError:
        return None
    assert len(art.clean) == len(art.text)
    assert art.paragraphs
    prev_end = 0
    for p in art.paragraphs:
        assert prev_end <= p.start <= p.end <= len(art.text), art.paragraphs
        prev_end = p.end
    return art


def check_scanner_on_text(text: str) -> int:
    art = check_article(text)
    n = check_quotes(text, []) if art is None else check_quotes(art.clean, art.paragraphs)
    # the scanner on raw text and its own paragraphs too (no cleaning)
    from attribution.read.documents import find_paragraphs
    check_quotes(text, find_paragraphs(text))
    return n


def check_result(result, meta: dict | None = None) -> dict:
    """Run the checks, render JSON, validate; every span inside the text."""
    from attribution.checks import run_checks
    from attribution.output.json_report import render_json
    art = result.article
    n = len(art.text)
    result.findings = run_checks(result, shipped_rules())
    for a in result.attributions:
        assert a.content_spans, a
        for s in a.content_spans:
            assert 0 <= s.start <= s.end <= n, a
        for s in (a.cue_span, a.speaker.mention_span):
            if s is not None:
                assert 0 <= s.start <= s.end <= n, a
    summary = result.summary
    assert 0.0 <= summary["anonymous_share"] <= 1.0, summary
    assert 0.0 <= summary["anonymous_word_share"] <= 1.0, summary
    meta = meta or {"model": result.parse.model_id if result.parse else "none", "rules": shipped_rules().source}
    doc = json.loads(render_json([result], [], meta))
    errors = sorted(schema_validator().iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:5]]
    return doc


def mutate_seed(mutations):
    """The seed's Article with characters replaced (same length), over the stored parse's
    paragraphs, so that the parse's offsets and paragraph numbers stay valid."""
    text, original, parse = seed()
    chars = list(text)
    for pos, ch in mutations:
        chars[pos] = ch
    mutated = "".join(chars)
    art = article_from_text(mutated, "seed-mutated.txt")
    if art.paragraphs != original.paragraphs:
        # a mutation moved a paragraph break (the seed has no blank lines: a line ending a
        # sentence starts one); the parse was made over the original paragraphs, so keep them
        clean = blank_wraps(mutated.replace("\u00a0", " ").replace("\t", " "), list(original.paragraphs))
        art = attrs.evolve(art, clean=clean, paragraphs=original.paragraphs)
    assert len(art.text) == len(text) and len(art.clean) == len(text)
    return art, parse


def check_post_parse(mutations) -> int:
    from attribution.engine import analyse
    art, parse = mutate_seed(mutations)
    result = analyse(art, parse, shipped_rules())
    check_result(result)
    return len(result.attributions)


# --- tests ---------------------------------------------------------------------------------------

@FAST
@given(quote_text)
def test_scanner_never_raises_and_spans_are_sane(text):
    check_scanner_on_text(text)


@FAST
@given(quote_text, st.sampled_from(["txt", "md", "plain"]))
def test_article_from_text_only_raises_input_error(text, fmt):
    check_article(text, fmt)


def test_article_from_text_rejects_blank_input():
    for text in ["", " ", "\n\n\t \u00a0\n", "\r\n\r\n"]:
        with pytest.raises(InputError):
            article_from_text(text)


def test_unmutated_seed_gives_attributions():
    seed()
    assert check_post_parse([]) > 5


@FAST
@given(seed_mutations())
def test_post_parse_pipeline_on_mutated_seed(mutations):
    check_post_parse(mutations)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(english_story(), min_size=1, max_size=1))
def test_real_pipeline_end_to_end(stories):
    from attribution.engine import analyse
    from attribution.parse.pipeline import parse_texts
    arts = [check_article(t) for t in stories]
    assert all(arts)
    check_quotes(arts[0].clean, arts[0].paragraphs)
    [parse] = parse_texts(arts)
    for s in parse.sentences:
        assert 0 <= s.start <= s.end <= len(arts[0].text)
    check_result(analyse(arts[0], parse, shipped_rules()))


@pytest.mark.slow
@SLOW
@given(quote_text)
def test_scanner_10k(text):
    check_scanner_on_text(text)


@pytest.mark.slow
@SLOW
@given(seed_mutations())
def test_post_parse_10k(mutations):
    check_post_parse(mutations)


# --- known-shape regressions (found by hand while writing the fuzzers) ------------------------

@pytest.mark.parametrize("text", [
    '"' * 500 + "\n",
    "\u201c" * 300 + " word\n\n" + "\u201d" * 3,
    "'" * 200 + "\n\n" + "\u2019" * 200,
    "a" * 10_000,
    "\u00ab\u00bb\u201e\u201c\u201d\u2018\u2019'\"\n\n\n\n" * 50,
    "x\n" * 2000,
])
def test_scanner_degenerate_inputs(text):
    check_scanner_on_text(text)


def test_random_seed_mutations_reproducible():
    rng = random.Random(7)
    text = seed()[0]
    positions = [i for i, ch in enumerate(text) if ch != "\n"]
    muts = [(rng.choice(positions), rng.choice(QUOTE_MARKS)) for _ in range(400)]
    check_post_parse(muts)
