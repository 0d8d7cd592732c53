#!/usr/bin/env python3
"""The rules stage (everything after parsing) on long quoted stories, on a stored parse.

    python bench/rules_stage.py                 # 500, 1500 and 3000 quoted paragraphs
    python bench/rules_stage.py -n 3000 --profile

A story of N quoted paragraphs is built by repeating the stored real parses of short
quoted stories (tests/fixtures/parses/rule-AT2*-pass-*.txt/.conllu, written by the real
pipeline) with their offsets shifted, so no model is loaded and the parse is exactly what
the cache would hold. Prints one row per size: paragraphs, quotations, attributions and
seconds of :func:`attribution.engine.analyse` (quotes, attribute, speakers, summary) and of
the checks. The rules stage must grow linearly: 3,000 paragraphs under 2 s.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from attribution.model import Article, Parse, Sentence  # noqa: E402

PARSES = ROOT / "tests" / "fixtures" / "parses"
# short quoted stories with stored real parses: quotation after, before, continuing, beside
PIECES = ("rule-AT201-pass-0", "rule-AT202-pass-0", "rule-AT203-pass-0", "rule-AT204-pass-0",
          "rule-AT101-pass-0")


def _shift(sentence: Sentence, by: int, paragraphs: int) -> Sentence:
    words = tuple(attrs.evolve(w, start=w.start + by, end=w.end + by) for w in sentence.words)
    return Sentence(words, sentence.start + by, sentence.end + by, sentence.paragraph + paragraphs)


def quoted_story(paragraphs: int, pieces: tuple[str, ...] = PIECES) -> tuple[Article, Parse]:
    """An article of about ``paragraphs`` paragraphs and its parse, tiled from stored parses."""
    from attribution.parse.conllu import from_conllu
    from attribution.read.documents import article_from_text
    stored = []
    for stem in pieces:
        text = (PARSES / f"{stem}.txt").read_text(encoding="utf-8").strip("\n")
        art = article_from_text(text + "\n", f"{stem}.txt")
        stored.append((text, art, from_conllu((PARSES / f"{stem}.conllu").read_text(encoding="utf-8"))))
    texts: list[str] = []
    sentences: list[Sentence] = []
    offset = n_par = 0
    model_id = stored[0][2].model_id
    k = 0
    while n_par < paragraphs:
        text, art, parse = stored[k % len(stored)]
        k += 1
        sentences.extend(_shift(s, offset, n_par) for s in parse.sentences)
        texts.append(text)
        offset += len(text) + 2
        n_par += len(art.paragraphs)
    story = article_from_text("\n\n".join(texts) + "\n", f"quoted-{paragraphs}.txt")
    assert len(story.paragraphs) == n_par, (len(story.paragraphs), n_par)
    return story, Parse(tuple(sentences), model_id)


def measure(paragraphs: int, rules) -> dict:
    from attribution.checks import run_checks
    from attribution.engine import analyse
    article, parse = quoted_story(paragraphs)
    t = time.perf_counter()
    result = analyse(article, parse, rules)
    rules_s = time.perf_counter() - t
    t = time.perf_counter()
    result.findings = run_checks(result, rules)
    checks_s = time.perf_counter() - t
    return {"paragraphs": len(article.paragraphs), "sentences": len(parse.sentences),
            "quotations": len(result.quotes), "attributions": len(result.attributions),
            "rules_s": rules_s, "checks_s": checks_s}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, nargs="*", default=[500, 1500, 3000], help="paragraphs per story")
    ap.add_argument("--profile", action="store_true", help="cProfile the largest size, top 25 by own time")
    args = ap.parse_args()
    from attribution.ruleset import load_rules
    rules = load_rules()
    print(f"{'paragraphs':>10} {'sentences':>9} {'quotations':>10} {'attributions':>12} "
          f"{'rules s':>8} {'checks s':>8}")
    for n in args.n:
        row = measure(n, rules)
        print(f"{row['paragraphs']:>10} {row['sentences']:>9} {row['quotations']:>10} "
              f"{row['attributions']:>12} {row['rules_s']:>8.2f} {row['checks_s']:>8.2f}", flush=True)
    if args.profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        prof.enable()
        measure(max(args.n), rules)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
