#!/usr/bin/env python3
"""Regenerate the stored parses under tests/fixtures/parses with the REAL embedded pipeline.

Run after retraining the model: ``python tests/make_fixtures.py``. Rule tests read these
CoNLL-U files instead of loading the model (the only stand-in the project allows).
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from attribution.files import atomic_write  # noqa: E402
from attribution.parse.conllu import to_conllu  # noqa: E402
from attribution.parse.pipeline import parse_texts  # noqa: E402
from attribution.read.documents import article_from_text, read_article  # noqa: E402
from attribution.ruleset import load_rules  # noqa: E402

OUT = HERE / "fixtures" / "parses"


def example_texts() -> dict[str, str]:
    """Every rule's and check's examples, one small story each."""
    rules = load_rules()
    out = {}
    for r in rules.rules:
        for i, ex in enumerate(r.examples_pass):
            out[f"rule-{r.code}-pass-{i}"] = ex
        for i, ex in enumerate(r.examples_fail):
            out[f"rule-{r.code}-fail-{i}"] = ex
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    articles = []
    for name, text in example_texts().items():
        (OUT / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        articles.append((name, article_from_text(text + "\n", f"{name}.txt")))
    stories = [HERE / "fixtures" / "seed.txt", *sorted((HERE / "fixtures" / "dev").glob("*.txt"))]
    for path in stories:
        articles.append((path.stem, read_article(path)))
    parses = parse_texts([a for _, a in articles])
    for (name, _), parse in zip(articles, parses):
        atomic_write(OUT / f"{name}.conllu", to_conllu(parse))
    print(f"wrote {len(parses)} parses to {OUT}")


if __name__ == "__main__":
    main()
